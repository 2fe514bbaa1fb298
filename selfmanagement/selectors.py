"""Scoped reads of self-management: a secretary reads the branch, a team leader their teams."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from branch import selectors as branch_selectors
from branch.models import Team

from .models import AnalysisMeasure, MeasureStatus, ShiftJob, ShiftLine, TeamAnalysis, to_fen

ZERO = Decimal("0.00")


def teams_of(user) -> QuerySet[Team]:
    """Teams whose economics and analyses the user keeps: the secretary's branch, a leader's."""
    if not user.is_authenticated:
        return Team.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    led = branch_selectors.led_team_ids(user)
    return Team.objects.filter(Q(branch_id__in=branch_ids) | Q(pk__in=led)).order_by("name")


def jobs_visible_to(user) -> QuerySet[ShiftJob]:
    return ShiftJob.objects.filter(team__in=teams_of(user)).select_related("team", "branch")


@dataclass
class Totals:
    planned: Decimal = ZERO
    actual: Decimal = ZERO  # of the lines with an actual quantity
    planned_done: Decimal = ZERO  # planned cost of those same lines
    open_lines: int = 0

    def add(self, line: ShiftLine) -> None:
        self.planned += line.planned_cost
        if line.actual_qty is None:
            self.open_lines += 1
        else:
            self.actual += line.actual_cost
            self.planned_done += line.planned_cost

    @property
    def saving(self) -> Decimal:
        """Planned minus actual over the lines already recorded: positive is money saved."""
        return self.planned_done - self.actual


@dataclass
class JobRow:
    job: ShiftJob
    lines: list[ShiftLine]
    totals: Totals = field(default_factory=Totals)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


def economics(user, month: datetime.date) -> dict:
    """The month's jobs (per shift), totals per team, and the last six months' totals per
    month; every amount a Decimal rounded to the fen. Three queries whatever the rows."""
    start, end = month_bounds(month)
    teams = list(teams_of(user))
    jobs = list(
        ShiftJob.objects.filter(team__in=teams, date__gte=start, date__lt=end)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ShiftLine.objects.select_related("item", "checked_by").order_by("id"),
            )
        )
        .order_by("-date", "team__name", "-id")
    )
    rows, per_team = [], defaultdict(Totals)
    for job in jobs:
        row = JobRow(job=job, lines=list(job.lines.all()))
        for line in row.lines:
            row.totals.add(line)
            per_team[job.team].add(line)
        rows.append(row)
    since = (start - datetime.timedelta(days=150)).replace(day=1)
    per_month = defaultdict(Totals)
    for line in ShiftLine.objects.filter(
        job__team__in=teams, job__date__gte=since, job__date__lt=end
    ).select_related("job"):
        per_month[line.job.date.replace(day=1)].add(line)
    return {
        "rows": rows,
        "per_team": sorted(per_team.items(), key=lambda kv: kv[0].name),
        "per_month": sorted(per_month.items(), reverse=True),
        "start": start,
    }


def savings_to_date(team: Team) -> Decimal:
    """Money saved by the team so far: planned minus actual cost of every recorded line."""
    total = ZERO
    for qty, actual, cost in ShiftLine.objects.filter(
        job__team=team, actual_qty__isnull=False
    ).values_list("planned_qty", "actual_qty", "unit_cost"):
        total += to_fen(qty * cost) - to_fen(actual * cost)
    return total


def analyses_visible_to(user) -> QuerySet[TeamAnalysis]:
    return TeamAnalysis.objects.filter(team__in=teams_of(user)).select_related("team")


def open_measures(team: Team) -> QuerySet[AnalysisMeasure]:
    return (
        AnalysisMeasure.objects.filter(analysis__team=team, status=MeasureStatus.OPEN)
        .select_related("owner", "analysis")
        .order_by("due_on", "pk")
    )
