"""Family-dispute mediation (家庭矛盾、感情波折): confidential like hardship cases. The secretary
records it and names handlers; the secretary and the handlers follow it up; every read is logged."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, Notification
from branch.services import notifications_send_bulk

from ..models import ConfidentialAccessLog, HardshipCase, Mediation, MediationStatus
from .cases import _check_handlers, require_secretary


def can_handle_mediation(user, mediation: Mediation) -> bool:
    if branch_selectors.is_secretary(user, mediation.branch):
        return True
    return mediation.handlers.filter(pk=user.pk).exists()


@transaction.atomic
def mediation_create(
    *,
    branch: Branch,
    employee: Employee,
    parties: str,
    situation: str,
    agreed: str = "",
    follow_up_on: datetime.date | None = None,
    case: HardshipCase | None = None,
    handlers=(),
    created_by,
) -> Mediation:
    require_secretary(created_by, branch)
    if employee.branch_id != branch.pk:
        raise ValidationError(_("The person must be a member of this branch"))
    if case is not None and case.branch_id != branch.pk:
        raise ValidationError(_("The hardship case must be one of this branch"))
    _check_handlers(branch, handlers)
    mediation = Mediation(
        branch=branch,
        employee=employee,
        parties=parties.strip(),
        situation=situation.strip(),
        agreed=agreed.strip(),
        follow_up_on=follow_up_on,
        case=case,
        created_by=created_by,
    )
    mediation.full_clean()
    mediation.save()
    mediation.handlers.set(handlers)
    return mediation


@transaction.atomic
def mediation_update(
    *,
    mediation: Mediation,
    user,
    agreed: str,
    follow_up_on: datetime.date | None,
    status: str,
) -> Mediation:
    """Record what was agreed, the next follow-up date, or close it."""
    if not can_handle_mediation(user, mediation):
        raise PermissionDenied(_("You cannot change this record"))
    if status not in MediationStatus.values:
        raise ValidationError(_("Unknown status"))
    mediation.agreed = agreed.strip()
    mediation.follow_up_on = follow_up_on
    mediation.status = status
    mediation.full_clean()
    mediation.save()
    return mediation


def mediation_access_log(*, mediation: Mediation, user) -> None:
    ConfidentialAccessLog.objects.create(mediation=mediation, user=user)


def remind_mediation_follow_ups(day: datetime.date) -> int:
    """Tell each handler (or the secretaries when none is named) about follow-ups due on or
    before ``day``; keyed per record and date, so reruns send nothing new. No detail in the
    message: it is confidential."""
    due = (
        Mediation.objects.filter(follow_up_on__lte=day, status=MediationStatus.OPEN)
        .select_related("branch")
        .prefetch_related("handlers", "branch__secretaries")
    )
    notes = [
        Notification(
            recipient=user,
            branch=m.branch,
            title=_("Family mediation follow-up due (%(date)s)") % {"date": m.follow_up_on},
            url=reverse("care:mediation_detail", args=[m.pk]),
            key=f"care:mediation:{m.pk}:follow-up:{m.follow_up_on.isoformat()}",
        )
        for m in due
        for user in (list(m.handlers.all()) or list(m.branch.secretaries.all()))
    ]
    return notifications_send_bulk(notifications=notes)
