"""Welfare campaigns (送清凉 / 送温暖) and their distributions."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branch import caching
from branch.models import Employee
from branch.validators import require_within, stored_plan_date

from ..models import (
    CampaignItem,
    Distribution,
    WelfareCampaign,
)

# ---------------------------------------------------------------- welfare campaigns


@transaction.atomic
def campaign_save(*, campaign: WelfareCampaign, teams=None, items=()) -> WelfareCampaign:
    """Create or update a campaign with its target teams and (new) items [(name, unit, qty)]."""
    campaign.full_clean()
    if campaign.pk:
        outside = campaign.distributions.exclude(
            received_on__gte=campaign.starts_on, received_on__lte=campaign.ends_on
        )
        if outside.exists():
            raise ValidationError(
                _("Some distributions were recorded outside the new dates; correct them first.")
            )
    campaign.save()
    if teams is not None:
        if any(t.branch_id != campaign.branch_id for t in teams):
            raise ValidationError(_("Only teams of this branch can be chosen"))
        campaign.teams.set(teams)
    for name, unit, quantity in items:
        item = CampaignItem(campaign=campaign, name=name, unit=unit, default_quantity=quantity)
        item.full_clean()
        item.save()
    return campaign


def _check_can_record(user, campaign: WelfareCampaign, employee: Employee) -> None:
    from ..selectors import campaign_targets, can_record_for

    if not can_record_for(user, employee) or employee.branch_id != campaign.branch_id:
        raise PermissionDenied(_("You can only record for employees of your team"))
    if not campaign_targets(campaign).filter(pk=employee.pk).exists():
        raise ValidationError(
            _("%(name)s is not covered by this campaign") % {"name": employee.name}
        )


@transaction.atomic
def distribution_record(
    *,
    campaign: WelfareCampaign,
    employee: Employee,
    item: CampaignItem,
    quantity: int,
    received_on: datetime.date,
    recorded_by,
) -> Distribution:
    """Record (or correct) what one person received of one item."""
    if item.campaign_id != campaign.pk:
        raise ValidationError(_("The item does not belong to this campaign"))
    if quantity is None or quantity <= 0:
        raise ValidationError(_("The quantity must be greater than 0"))
    _check_can_record(recorded_by, campaign, employee)
    row = (
        # Lock only the distribution row: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join the model's ordering brings.
        Distribution.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, employee=employee, item=item)
        .order_by("pk")
        .first()
    ) or Distribution(campaign=campaign, employee=employee, item=item)
    row.quantity = quantity
    row.received_on = received_on
    row.recorded_by = recorded_by
    row.full_clean(validate_unique=False)
    row.save()
    return row


@transaction.atomic
def distribution_remove(*, campaign: WelfareCampaign, employee: Employee, item, user) -> None:
    _check_can_record(user, campaign, employee)
    Distribution.objects.filter(campaign=campaign, employee=employee, item=item).delete()


@transaction.atomic
def distribution_record_all(
    *, campaign: WelfareCampaign, employees, received_on: datetime.date, recorded_by
) -> int:
    """“全部已领”: every item at its default quantity for each given person (existing records
    are kept). Returns the number of new records."""
    from ..selectors import campaign_targets, can_record_for

    allowed = set(campaign_targets(campaign).values_list("pk", flat=True))
    employees = list(employees)
    for employee in employees:
        if not can_record_for(recorded_by, employee) or employee.pk not in allowed:
            raise PermissionDenied(
                _("You can only record for employees of your team covered by the campaign")
            )
    _check_received_on(campaign, received_on)
    items = list(campaign.items.all())
    have = set(
        Distribution.objects.filter(campaign=campaign, employee__in=employees).values_list(
            "employee_id", "item_id"
        )
    )
    rows = [
        Distribution(
            campaign=campaign,
            employee=e,
            item=i,
            quantity=i.default_quantity,
            received_on=received_on,
            recorded_by=recorded_by,
        )
        for e in employees
        for i in items
        if (e.pk, i.pk) not in have
    ]
    bulk_create_with_history(rows, Distribution, ignore_conflicts=True)
    caching.bump(campaign.branch_id, "care")  # bulk writes send no model signal
    return len(rows)


def _check_received_on(campaign: WelfareCampaign, received_on) -> None:
    """The date of receipt: a real date inside the campaign's own dates."""
    if received_on is None:
        raise ValidationError({"received_on": _("Please enter the date of receipt")})
    stored_plan_date(received_on)
    require_within(
        received_on,
        campaign.starts_on,
        campaign.ends_on,
        field="received_on",
        message=_(
            "The date of receipt must lie within the campaign's dates (%(first)s to %(last)s)."
        )
        % {"first": campaign.starts_on, "last": campaign.ends_on},
    )
