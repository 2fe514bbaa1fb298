"""A heads-up to team leaders a few days before a member's birthday (the branch's
``CareSettings.heads_up_days``), so the wishes can be prepared and not only sent on the day."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from branch.models import Branch, Employee, Notification
from branch.services import notifications_send_bulk

from .. import birthdays
from ..models import CareSettings
from .daily import birthdays_on

DEFAULT_HEADS_UP_DAYS = CareSettings._meta.get_field("heads_up_days").default


def birthday_heads_up(day: datetime.date) -> int:
    """Remind leaders of birthdays ``heads_up_days`` after ``day``, per branch. Keyed per
    (person, birthday), so running twice sends nothing new. Returns the messages sent."""
    days_by_branch = dict(CareSettings.objects.values_list("branch_id", "heads_up_days"))
    branches_by_days: dict[int, list[int]] = {}
    for branch_id in Branch.objects.values_list("pk", flat=True):
        days = days_by_branch.get(branch_id, DEFAULT_HEADS_UP_DAYS)
        if days > 0:
            branches_by_days.setdefault(days, []).append(branch_id)
    notes = []
    for days, branch_ids in branches_by_days.items():
        target = day + datetime.timedelta(days=days)
        hits = dict(birthdays_on(target, branch_ids=branch_ids))
        people = (
            Employee.objects.filter(pk__in=hits)
            .select_related("team")
            .prefetch_related(
                Prefetch("team__leaders", queryset=Employee.objects.select_related("user"))
            )
        )
        for person in people:
            when = hits[person.pk]
            lunar = person.birthday_calendar == birthdays.LUNAR
            for leader in person.team.leaders.all() if person.team else []:
                if leader.pk == person.pk or not leader.user_id or not leader.user.is_active:
                    continue
                notes.append(
                    Notification(
                        recipient=leader.user,
                        branch_id=person.branch_id,
                        about=person,
                        title=_("In %(n)d days (%(date)s): the birthday of %(name)s%(lunar)s")
                        % {
                            "n": days,
                            "date": when.date.strftime("%m-%d"),
                            "name": person.name,
                            "lunar": _(" (lunar)") if lunar else "",
                        },
                        body=_("Please prepare the branch's wishes.")
                        if person.user_id
                        else _("%(name)s has no account, please pass on the wishes in person.")
                        % {"name": person.name},
                        url=reverse("care:birthday_list"),
                        key=f"care:heads-up:{person.pk}:{when.date.isoformat()}",
                    )
                )
    return notifications_send_bulk(notifications=notes)
