"""Care settings and the daily care job: birthdays due, greetings once per person and year."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from branch import caching
from branch.models import BirthdayCalendar, Employee, Notification
from branch.services import notifications_send_bulk

from .. import birthdays
from ..models import (
    DEFAULT_GREETING,
    CareSettings,
    Greeting,
    render_greeting,
)
from .cases import remind_follow_ups
from .mediation import remind_mediation_follow_ups
from .questions import remind_overdue_questions

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


# ---------------------------------------------------------------- daily job


@dataclass
class DailyCareReport:
    day: datetime.date
    birthdays: int = 0
    greetings_created: int = 0
    notifications_sent: int = 0
    follow_ups: int = 0
    overdue_questions: int = 0
    names: list = field(default_factory=list)


def birthdays_on(
    day: datetime.date, *, branch_ids=None, employee_ids=None
) -> list[tuple[int, birthdays.Occurrence]]:
    """(employee id, occurrence) of every active person whose birthday is kept on ``day``,
    in id order. One query: solar birthdays by month and day, lunar ones by the few solar
    dates of birth that carry today's lunar month and day (``birthdays.lunar_birth_dates``),
    so the cost follows the day's birthdays, not the number of lunar-calendar people."""
    keys = birthdays.keys_on(day)
    base = Employee.objects.active().filter(birth_date__isnull=False, birth_date__lt=day)
    if branch_ids is not None:
        base = base.filter(branch_id__in=branch_ids)
    if employee_ids is not None:
        base = base.filter(pk__in=employee_ids)
    solar_q = Q()
    for month, dom in keys.solar:
        solar_q |= Q(birth_date__month=month, birth_date__day=dom)
    lunar_dates = [d for d in birthdays.lunar_birth_dates(keys) if d < day]
    wanted = Q(solar_q, birthday_calendar=BirthdayCalendar.SOLAR)
    if lunar_dates:
        wanted |= Q(birthday_calendar=BirthdayCalendar.LUNAR, birth_date__in=lunar_dates)
    found = []
    for pk, born, calendar in (
        base.filter(wanted)
        .order_by("pk")
        .values_list("pk", "birth_date", "birthday_calendar")
        .iterator(chunk_size=2000)
    ):
        if calendar == BirthdayCalendar.LUNAR:
            when = birthdays.occurrence(born, birthdays.LUNAR, keys.lunar_year)
            if when.date == day:
                found.append((pk, when))
        else:
            found.append((pk, birthdays.occurrence(born, birthdays.SOLAR, day.year)))
    return found


def daily_care_chunks(day: datetime.date, *, chunk_size: int = BATCH_SIZE) -> list[list[int]]:
    """The ids of the day's birthday people, in id order, cut into chunks of ``chunk_size``:
    the units the daily job fans out over Celery workers (one transaction each)."""
    ids = [pk for pk, _when in birthdays_on(day)]
    return [ids[start : start + chunk_size] for start in range(0, len(ids), chunk_size)]


def daily_care_greet_chunk(
    day: datetime.date, *, employee_ids: list[int] | None, batch_size: int = BATCH_SIZE
) -> DailyCareReport:
    """Greet and notify the people of one chunk (everybody when ``employee_ids`` is None) whose
    birthday is still kept on ``day`` (the list is checked again: someone may have left or been
    corrected since it was made). Each batch is one transaction and the database refuses a
    second greeting or message, so a chunk run again (a worker killed mid-way, a message
    delivered twice) adds nothing."""
    report = DailyCareReport(day=day)
    due = birthdays_on(day, employee_ids=employee_ids)
    report.birthdays = len(due)
    for start in range(0, len(due), batch_size):
        created, sent, names = _greet_batch(day, due[start : start + batch_size])
        report.greetings_created += created
        report.notifications_sent += sent
        report.names += names
    return report


def daily_care_reminders(day: datetime.date, report: DailyCareReport | None = None):
    """The rest of the morning job: due follow-ups, overdue questions, mediation follow-ups."""
    report = report or DailyCareReport(day=day)
    report.follow_ups = remind_follow_ups(day)
    report.overdue_questions = remind_overdue_questions(day)
    report.follow_ups += remind_mediation_follow_ups(day)
    return report


def run_daily_care(day: datetime.date, *, batch_size: int = BATCH_SIZE) -> DailyCareReport:
    """The morning job in this process: birthday greetings for ``day`` (one per person and
    year, enforced by the database), their notifications (keyed, so never twice), due
    follow-ups and overdue questions. Safe to run twice, concurrently, or again after a crash.
    The Celery task ``care.tasks.run_daily_care`` does the same work fanned out in chunks."""
    report = daily_care_greet_chunk(day, employee_ids=None, batch_size=batch_size)
    daily_care_reminders(day, report)
    logger.info(
        "daily care day=%s birthdays=%s greetings_created=%s notifications=%s",
        day,
        report.birthdays,
        report.greetings_created,
        report.notifications_sent,
    )
    return report


@transaction.atomic
def _greet_batch(day, batch) -> tuple[int, int, list[str]]:
    when_by_id = dict(batch)
    people = list(
        Employee.objects.filter(pk__in=when_by_id)
        .select_related("team", "branch", "user")
        .prefetch_related(
            Prefetch("team__leaders", queryset=Employee.objects.select_related("user")),
            "branch__secretaries",
        )
    )
    templates = {
        s.branch_id: s.greeting_template
        for s in CareSettings.objects.filter(branch_id__in={p.branch_id for p in people})
    }
    greetings = []
    for person in people:
        when = when_by_id[person.pk]
        greetings.append(
            Greeting(
                employee=person,
                year=when.year,
                birthday=when.date,
                age=when.age,
                message=render_greeting(
                    templates.get(person.branch_id, DEFAULT_GREETING),
                    name=person.name,
                    age=when.age,
                    team=person.team.name if person.team else "",
                ),
            )
        )
    existing = set(
        Greeting.objects.filter(employee_id__in=when_by_id).values_list("employee_id", "year")
    )
    Greeting.objects.bulk_create(greetings, ignore_conflicts=True)
    created = sum((g.employee_id, g.year) not in existing for g in greetings)
    if created:
        # A bulk write sends no model signal: the branches' cached pages see the greetings
        # now (a chunk run again writes nothing and leaves every cached page alone).
        caching.bump_many({p.branch_id for p in people}, "care")
    stored = {
        (g.employee_id, g.year): g
        for g in Greeting.objects.filter(
            employee_id__in=when_by_id, year__in={w.year for w in when_by_id.values()}
        )
    }
    notes, webhook_keys = [], set()
    for person in people:
        greeting = stored.get((person.pk, when_by_id[person.pk].year))
        if greeting is None:
            continue
        notes += _greeting_notifications(person, greeting)
        webhook_keys.add(greeting.notification_key)
    sent = notifications_send_bulk(notifications=notes, webhook_keys=webhook_keys)
    return created, sent, [p.name for p in people]


def _greeting_notifications(person: Employee, greeting: Greeting) -> list[Notification]:
    key = greeting.notification_key
    url = reverse("care:greeting_card", args=[greeting.pk])
    reachable = bool(person.user_id and person.user.is_active)
    recipients = {}
    if reachable:
        recipients[person.user_id] = (
            person.user,
            _("Happy birthday, %(name)s!") % {"name": person.name},
            greeting.message,
        )
    team = person.team.name if person.team else _("No team")
    for leader in person.team.leaders.all() if person.team else []:
        if leader.pk == person.pk or not leader.user_id or not leader.user.is_active:
            continue
        title = _("Today is the %(age)sth birthday of %(name)s (%(team)s)") % {
            "name": person.name,
            "team": team,
            "age": greeting.age,
        }
        body = (
            ""
            if reachable
            else _("%(name)s has no account, please pass on the branch's wishes.")
            % {"name": person.name}
        )
        recipients.setdefault(leader.user_id, (leader.user, title, body))
    for secretary in person.branch.secretaries.all():
        if secretary.is_active:
            recipients.setdefault(
                secretary.pk,
                (
                    secretary,
                    _("Today is the %(age)sth birthday of %(name)s (%(team)s)")
                    % {"name": person.name, "team": team, "age": greeting.age},
                    "",
                ),
            )
    return [
        Notification(
            recipient=user,
            branch=person.branch,
            about=person,
            title=title[:200],
            body=body,
            url=url,
            key=key,
        )
        for user, title, body in recipients.values()
    ]
