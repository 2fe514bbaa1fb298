"""Suggestions: submission, responses, escalation of overdue replies, awards."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Employee
from branch.services import notification_send, notify_employee
from branch.validators import require_within

from .. import selectors
from ..models import (
    AWARDABLE_STATUSES,
    SUGGESTION_TRANSITIONS,
    Award,
    AwardLevel,
    Suggestion,
    SuggestionResponse,
    SuggestionStatus,
)
from ..photos import clean_photo

# ---------------------------------------------------------------- suggestions


def _check_submitter(by, employee: Employee) -> None:
    me = branch_selectors.employee_of(by)
    if me is not None and me.pk == employee.pk:
        return
    if employee.team_id and selectors.can_rate_team(by, employee.team):
        return
    if selectors.can_approve(by, employee.branch):
        return
    raise PermissionDenied(
        _("You can only submit suggestions for yourself or employees of your team.")
    )


@transaction.atomic
def suggestion_submit(
    *,
    employee: Employee,
    kind: str,
    title: str,
    what: str,
    why: str,
    photo=None,
    by,
    now: datetime.datetime | None = None,
) -> Suggestion:
    """A worker's suggestion, or a leader's on behalf of a member without an account. The
    response deadline is the branch's setting (default 7 days) after submission."""
    _check_submitter(by, employee)
    now = now or timezone.now()
    rule = selectors.settings_of(employee.branch)
    suggestion = Suggestion(
        branch=employee.branch,
        employee=employee,
        team_id=employee.team_id,
        kind=kind,
        title=(title or "").strip(),
        what=(what or "").strip(),
        why=(why or "").strip(),
        submitted_by=by,
        submitted_at=now,
        response_deadline=now + datetime.timedelta(days=rule.response_days),
    )
    if photo:
        suggestion.photo = clean_photo(photo)
    suggestion.full_clean()
    suggestion.save()
    url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
    for leader in branch_selectors.leaders_of(employee):
        if leader.user_id:
            notification_send(
                recipient=leader.user,
                title=_("%(name)s made a suggestion: %(title)s")
                % {"name": employee.name, "title": suggestion.title},
                url=url,
                key=f"recognition:suggestion-new:{suggestion.pk}",
                about=employee,
            )
    # The secretary answers suggestions, so they hear of each one too (the key keeps a
    # secretary who also leads the team from getting it twice).
    for secretary in employee.branch.secretaries.filter(is_active=True):
        if secretary.pk == getattr(by, "pk", None):
            continue
        notification_send(
            recipient=secretary,
            title=_("%(name)s made a suggestion: %(title)s")
            % {"name": employee.name, "title": suggestion.title},
            body=_("Reply due %(deadline)s.")
            % {
                "deadline": timezone.localtime(suggestion.response_deadline).strftime(
                    "%Y-%m-%d %H:%M"
                )
            },
            url=url,
            key=f"recognition:suggestion-new:{suggestion.pk}",
            about=employee,
            branch=employee.branch,
        )
    return suggestion


@transaction.atomic
def suggestion_respond(
    *,
    suggestion: Suggestion,
    to_status: str,
    text: str,
    by,
    now: datetime.datetime | None = None,
) -> SuggestionResponse:
    """Move a suggestion along 已提交 → 已受理 → 采纳/部分采纳/不采纳 → 已实施 with a response
    text (required); the submitter is told. Only the branch's secretary may do this."""
    if not selectors.can_respond(by, suggestion):
        raise PermissionDenied(_("Only the secretary of this branch can reply to suggestions."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The reply must not be empty."))
    suggestion = (
        Suggestion.objects.select_for_update().select_related("employee").get(pk=suggestion.pk)
    )
    if to_status not in SUGGESTION_TRANSITIONS.get(suggestion.status, ()):
        raise ValidationError(
            _("Cannot change from “%(old)s” to “%(new)s”.")
            % {
                "old": SuggestionStatus(suggestion.status).label,
                "new": SuggestionStatus(to_status).label
                if to_status in SuggestionStatus.values
                else to_status,
            }
        )
    now = now or timezone.now()
    response = SuggestionResponse(
        suggestion=suggestion,
        from_status=suggestion.status,
        to_status=to_status,
        text=text,
        responded_by=by,
        created_at=now,
    )
    response.full_clean()
    response.save()
    suggestion.status = to_status
    if suggestion.first_response_at is None:
        suggestion.first_response_at = now
    suggestion.save(update_fields=["status", "first_response_at"])
    notify_employee(
        employee=suggestion.employee,
        title=_("Your suggestion “%(title)s”: %(status)s")
        % {"title": suggestion.title, "status": SuggestionStatus(to_status).label},
        body=text,
        url=reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        key=f"recognition:suggestion-response:{response.pk}",
    )
    return response


@transaction.atomic
def suggestion_benefit_save(
    *,
    suggestion: Suggestion,
    by,
    benefit_unit: str,
    estimated_benefit: Decimal | None,
    realised_benefit: Decimal | None,
    implemented_by: list[Employee],
) -> Suggestion:
    """The secretary records the estimated and realised benefit (money or hours saved) and who
    implemented the suggestion (people of the branch)."""
    if not selectors.can_approve(by, suggestion.branch):
        raise PermissionDenied(_("Only the branch secretary can do this."))
    if any(p.branch_id != suggestion.branch_id for p in implemented_by):
        raise ValidationError(_("The people who implemented it must be members of this branch"))
    suggestion.benefit_unit = benefit_unit
    suggestion.estimated_benefit = estimated_benefit
    suggestion.realised_benefit = realised_benefit
    suggestion.full_clean()
    suggestion.save()
    suggestion.implemented_by.set(implemented_by)
    return suggestion


def _escalation_recipients(branch) -> tuple[list, Employee | None]:
    """Who hears of an overdue suggestion: the secretaries, who already had it, and another
    member of the branch committee who can act on it (the deputy secretary first), returned
    second so the suggestion can record them: they may reply from then on."""
    secretaries = list(branch.secretaries.filter(is_active=True).order_by("pk"))
    first = secretaries[0] if secretaries else None
    excluding = getattr(first, "employee", None) if first is not None else None
    alternate = branch_selectors.alternate_approver(branch, excluding=excluding)
    recipients = list(secretaries)
    if alternate is not None and alternate.user_id not in {u.pk for u in secretaries}:
        recipients.append(alternate.user)
        return recipients, alternate
    return recipients, None


def suggestions_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Tell the secretaries and another committee member (who can act) about suggestions that
    got no first response by their deadline.
    Each suggestion is escalated once (marked, and the messages are keyed)."""
    now = now or timezone.now()
    count = 0
    for suggestion in selectors.overdue_suggestions(now)[:500]:
        with transaction.atomic():
            locked = (
                Suggestion.objects.select_for_update()
                .filter(pk=suggestion.pk, escalated_at__isnull=True, first_response_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
            recipients, handler = _escalation_recipients(suggestion.branch)
            for recipient in recipients:
                notification_send(
                    recipient=recipient,
                    title=_("Suggestion overdue without reply: %(title)s")
                    % {"title": suggestion.title},
                    body=_("Submitted by %(name)s on %(date)s, reply due %(deadline)s.")
                    % {
                        "name": suggestion.employee.name,
                        "date": timezone.localtime(suggestion.submitted_at).strftime("%Y-%m-%d"),
                        "deadline": timezone.localtime(suggestion.response_deadline).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                    },
                    url=url,
                    key=f"recognition:suggestion-overdue:{suggestion.pk}",
                    about=suggestion.employee,
                    branch=suggestion.branch,
                )
            locked.escalated_at = now
            locked.escalated_to = handler
            locked.save(update_fields=["escalated_at", "escalated_to"])
            count += 1
    return count


@transaction.atomic
def award_grant(
    *,
    suggestion: Suggestion,
    level: AwardLevel,
    awarded_on: datetime.date,
    amount: Decimal | None = None,
    note: str = "",
    by,
) -> Award:
    """Award an adopted (or partly adopted, or implemented) suggestion, once."""
    suggestion = (
        Suggestion.objects.select_for_update().select_related("employee").get(pk=suggestion.pk)
    )
    allowed, own = selectors.may_approve_record(by, suggestion.employee, suggestion.branch)
    if not allowed:
        if suggestion.employee.user_id == by.pk:
            raise PermissionDenied(
                _("Nobody rewards their own suggestion: another committee member grants it.")
            )
        raise PermissionDenied(_("Only the secretary of this branch can grant suggestion awards."))
    if suggestion.status not in AWARDABLE_STATUSES:
        raise ValidationError(_("Only adopted suggestions can receive an award."))
    if Award.objects.filter(suggestion=suggestion).exists():
        raise ValidationError(_("This suggestion already has an award."))
    if level.branch_id != suggestion.branch_id:
        raise ValidationError(_("The award does not belong to this branch."))
    require_within(
        awarded_on,
        suggestion.submitted_at,
        None,
        field="awarded_on",
        message=_("An award cannot be dated before the suggestion was submitted."),
    )
    award = Award(
        suggestion=suggestion,
        level=level,
        amount=level.amount if amount is None else amount,
        awarded_on=awarded_on,
        note=note.strip(),
        awarded_by=by,
        self_approved=own,
    )
    award.full_clean()
    award.save()
    notify_employee(
        employee=suggestion.employee,
        title=_("Your suggestion “%(title)s” received %(level)s")
        % {"title": suggestion.title, "level": level.name},
        url=reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        key=f"recognition:award:{award.pk}",
    )
    return award
