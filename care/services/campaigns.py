"""Welfare campaigns (送清凉 / 送温暖) and their distributions."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branch.models import Employee

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
    row, _created = Distribution.objects.update_or_create(
        campaign=campaign,
        employee=employee,
        item=item,
        defaults={"quantity": quantity, "received_on": received_on, "recorded_by": recorded_by},
    )
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
    Distribution.objects.bulk_create(rows, ignore_conflicts=True)  # no history on distributions
    return len(rows)
