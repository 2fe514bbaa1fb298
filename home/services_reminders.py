"""Reminders to people who have not studied a required material by its study-by date. Sent
once per (material, person): a person without an account is reached through their team
leader (``branch.services.notify_employee``)."""

import datetime

from django.utils.translation import gettext as _

from branch.models import Branch
from branch.services import notify_employee

from .selectors import stragglers

# Materials whose date passed longer ago than this are not chased any more.
REMIND_WITHIN_DAYS = 14


def study_reminders_send(*, day: datetime.date) -> int:
    """Remind everyone who has not studied a required material whose study-by date passed
    (in the last ``REMIND_WITHIN_DAYS`` days). Idempotent: messages are keyed per material and
    person, so running it twice, or every day, sends each reminder once."""
    sent = 0
    since = day - datetime.timedelta(days=REMIND_WITHIN_DAYS)
    for branch in Branch.objects.filter(study_materials__due_on__lt=day).distinct():
        for item in stragglers(branch, day):
            if item.page.due_on < since:
                continue
            url = f"{item.page.url or ''}"
            for team in item.teams:
                for person in team.missing:
                    sent += len(
                        notify_employee(
                            employee=person,
                            title=_("Not studied yet: %(title)s") % {"title": item.page.title},
                            body=_("It was to be studied by %(day)s.")
                            % {"day": item.page.due_on.isoformat()},
                            url=url,
                            key=f"study-overdue:{item.page.pk}:{person.pk}",
                        )
                    )
    return sent
