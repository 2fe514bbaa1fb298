"""Plans, work calendars and the scheduled creation of sessions (一日一练…半年一赛).

``sessions_generate(start=, end=)`` creates every session the plans call for between two dates:
a drill on each working day of each team, the monthly lesson, the quarterly exam and the
half-yearly contest. Each session is keyed by (plan, team, kind, period) in the database, so
running it twice, from two schedulers at once, or over overlapping ranges creates nothing new.
A date past the end of a short month falls on the month's last day (a lesson on the 31st is on
28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import caching
from branch.models import Branch, Team

from ..models import DayOff, Plan, Session, SessionKind, WorkCalendar

AHEAD_DAYS = 62  # the scheduled job creates sessions this far ahead (covers the next exam)


def clamped_date(year: int, month: int, day: int) -> datetime.date:
    """``day`` of the month, or the month's last day when the month is shorter."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def half_of(day: datetime.date) -> int:
    return 1 if day.month <= 6 else 2


def half_period(day: datetime.date) -> str:
    return f"{day.year}-H{half_of(day)}"


def half_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a half-year period such as ``2026-H2``."""
    year, half = int(period[:4]), int(period[-1])
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def _months(start: datetime.date, end: datetime.date) -> Iterable[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class TeamDays:
    """The working days of teams, read once: pattern + explicit days off."""

    def __init__(self, teams: Iterable[Team], start: datetime.date, end: datetime.date):
        ids = [t.pk for t in teams]
        self.calendars = {c.team_id: c for c in WorkCalendar.objects.filter(team_id__in=ids)}
        self.off: set[tuple[int, datetime.date]] = set(
            DayOff.objects.filter(team_id__in=ids, day__range=(start, end)).values_list(
                "team_id", "day"
            )
        )

    def works(self, team_id: int, day: datetime.date) -> bool:
        if (team_id, day) in self.off:
            return False
        cal = self.calendars.get(team_id)
        return cal is None or cal.in_pattern(day)


def _dated_sessions(plan: Plan, start, end) -> Iterable[tuple[str, str, datetime.date]]:
    """(kind, period, date) of the plan's lessons, exams and contests within [start, end]."""
    for year, month in _months(start, end):
        if plan.monthly_lessons:
            yield (
                SessionKind.LESSON,
                f"{year}-{month:02d}",
                clamped_date(year, month, plan.lesson_day),
            )
        quarter = (month - 1) // 3 + 1
        if plan.quarterly_exams and month == (quarter - 1) * 3 + plan.exam_month:
            yield SessionKind.EXAM, f"{year}-Q{quarter}", clamped_date(year, month, plan.exam_day)
        half = 1 if month <= 6 else 2
        if plan.half_yearly_contests and month == (half - 1) * 6 + plan.contest_month:
            yield (
                SessionKind.CONTEST,
                f"{year}-H{half}",
                clamped_date(year, month, plan.contest_day),
            )


def _planned(plans: list[Plan], start, end) -> list[Session]:
    teams_with_plan = {p.team_id for p in plans if p.team_id}
    all_teams = {
        t.pk: t
        for t in Team.objects.filter(branch_id__in={p.branch_id for p in plans}).order_by("pk")
    }
    days = TeamDays(all_teams.values(), start, end)
    rows: list[Session] = []
    for plan in plans:
        first, last = max(start, plan.starts_on), min(end, plan.ends_on or end)
        if first > last:
            continue
        if plan.team_id:
            teams = [all_teams[plan.team_id]]
        else:
            teams = [
                t
                for t in all_teams.values()
                if t.branch_id == plan.branch_id and t.pk not in teams_with_plan
            ]
        if plan.daily_drills:
            for team in teams:
                day = first
                while day <= last:
                    if days.works(team.pk, day):
                        rows.append(
                            Session(
                                plan=plan, branch_id=plan.branch_id, team=team,
                                kind=SessionKind.DRILL, period=day.isoformat(), on=day,
                                topic=plan.drill_topic,
                            )
                        )  # fmt: skip
                    day += datetime.timedelta(days=1)
        for kind, period, day in _dated_sessions(plan, first, last):
            if first <= day <= last:
                rows.append(
                    Session(
                        plan=plan, branch_id=plan.branch_id, team_id=plan.team_id, kind=kind,
                        period=period, on=day,
                    )
                )  # fmt: skip
    return rows


def sessions_generate(
    *, start: datetime.date, end: datetime.date, branch: Branch | None = None
) -> int:
    """Create the sessions every plan (of ``branch``, or all) calls for between ``start`` and
    ``end`` inclusive; returns how many were new. Idempotent (see the module docstring)."""
    if end < start:
        raise ValidationError(_("The end date is before the start date."))
    plans = Plan.objects.filter(starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    if branch is not None:
        plans = plans.filter(branch=branch)
    plans = list(plans)
    if not plans:
        return 0
    rows = _planned(plans, start, end)
    existing = Session.objects.filter(plan__in=plans)
    before = existing.count()
    with transaction.atomic():
        Session.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    caching.bump_many({p.branch_id for p in plans}, "training")  # bulk writes: no model signal
    return existing.count() - before


def sessions_generate_ahead(*, today: datetime.date | None = None) -> int:
    """The scheduled job: every plan's sessions from today to ``AHEAD_DAYS`` ahead."""
    today = today or timezone.localdate()
    return sessions_generate(start=today, end=today + datetime.timedelta(days=AHEAD_DAYS))


@transaction.atomic
def plan_save(
    *,
    branch: Branch,
    name: str,
    starts_on: datetime.date,
    team: Team | None = None,
    plan: Plan | None = None,
    **fields,
) -> Plan:
    """Create or change a branch's (or a team's) plan."""
    if team is not None and team.branch_id != branch.pk:
        raise ValidationError(_("This team does not belong to the branch."))
    plan = plan or Plan(branch=branch)
    if plan.branch_id != branch.pk:
        raise ValidationError(_("This plan does not belong to the branch."))
    plan.team, plan.name, plan.starts_on = team, name, starts_on
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def work_calendar_set(
    *,
    team: Team,
    days_on: int = 0,
    days_off: int = 0,
    pattern_start: datetime.date | None = None,
    days_off_list: Iterable[datetime.date] = (),
) -> WorkCalendar:
    """Set a team's shift pattern (e.g. 4 on / 2 off from a date) and add explicit days off."""
    if days_on and days_off == 0:
        days_on = 0  # always on: no pattern
    if days_on and pattern_start is None:
        raise ValidationError(_("A shift pattern needs the date its first cycle starts."))
    cal, _created = WorkCalendar.objects.get_or_create(team=team)
    cal.days_on, cal.days_off, cal.pattern_start = days_on, days_off, pattern_start
    cal.full_clean()
    cal.save()
    for day in days_off_list:
        DayOff.objects.get_or_create(team=team, day=day)
    return cal
