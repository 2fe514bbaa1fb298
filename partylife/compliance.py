"""Which required meetings are due, held, held late or missing, per month, quarter and year.

Each kind of meeting must be held at least once per period of its frequency (the branch's
``MeetingRequirement`` or ``DEFAULT_FREQUENCIES``). A period is:

- **held** when a meeting of the kind (its own kind or the kind it also counts as) took place
  within it;
- **late** when none did, but a meeting held after the period ended says it makes up for it
  (``Meeting.period_of``);
- **planned** when it is not over and a meeting of the kind is scheduled in it;
- **missing** when it ended without either; **due** while it runs; **upcoming** before it starts.

谈心谈话 is counted per Party member: each must have had one talk in the year. A branch with
fewer than seven full members has no committee, so no 支委会 is required of it.
The whole view costs a fixed number of queries, whatever the number of meetings."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branch.models import Branch

from . import selectors
from .models import (
    DEFAULT_FREQUENCIES,
    Attendance,
    Frequency,
    Meeting,
    MeetingKind,
    MeetingRequirement,
)

STATUS_LABELS = {
    "held": _("Held"),
    "late": _("Held late"),
    "planned": _("Planned"),
    "missing": _("Missing"),
    "due": _("Due"),
    "upcoming": _("Upcoming"),
}


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def periods(frequency: str, year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """(label, first day, last day) of each period of ``frequency`` in ``year``."""
    if frequency == Frequency.MONTHLY:
        return [(f"{m}月", datetime.date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
    if frequency == Frequency.QUARTERLY:
        return [
            (f"Q{q}", datetime.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
            for q in range(1, 5)
        ]
    return [(f"{year}", datetime.date(year, 1, 1), datetime.date(year, 12, 31))]


def period_containing(frequency: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    for _label, start, end in periods(frequency, day.year):
        if start <= day <= end:
            return start, end
    raise ValueError(day)


@dataclass
class Cell:
    label: str
    start: datetime.date
    end: datetime.date
    status: str
    meetings: list = field(default_factory=list)
    span: int = 1  # month columns covered

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Row:
    kind: str
    label: str
    frequency: str
    cells: list[Cell]

    @property
    def frequency_label(self):
        return Frequency(self.frequency).label

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUS_LABELS, 0)
        for cell in self.cells:
            out[cell.status] += 1
        return out


@dataclass
class TalkSummary:
    members: int
    talked: int
    missing_names: list[str]


@dataclass
class Compliance:
    year: int
    today: datetime.date
    rows: list[Row]
    talks: TalkSummary

    @property
    def missing(self) -> int:
        return sum(row.counts["missing"] for row in self.rows)

    @property
    def due(self) -> int:
        return sum(row.counts["due"] for row in self.rows)


def requirements_of(branch: Branch) -> dict[str, str | None]:
    """kind → frequency for every kind the branch must hold (None: not required)."""
    wanted: dict[str, str | None] = {str(k): str(v) for k, v in DEFAULT_FREQUENCIES.items()}
    for requirement in MeetingRequirement.objects.filter(branch=branch):
        wanted[requirement.kind] = requirement.frequency if requirement.required else None
    return wanted


def _status(cell_meetings, late_meetings, start, end, today) -> str:
    held = [m for m in cell_meetings if m.held_on <= today]
    if held:
        return "held"
    if any(m.held_on <= today for m in late_meetings):
        return "late"
    if end < today:
        return "missing"
    if cell_meetings:
        return "planned"
    if start <= today:
        return "due"
    return "upcoming"


def branch_compliance(branch: Branch, year: int, today: datetime.date) -> Compliance:
    wanted = requirements_of(branch)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    meetings = list(
        Meeting.objects.filter(branch=branch)
        .filter(Q(held_on__range=(first, last)) | Q(period_of__range=(first, last)))
        .only("pk", "kind", "also_counts_as", "held_on", "period_of", "title")
        .order_by("held_on", "pk")
    )
    rows = []
    # a branch with fewer than seven full members has no committee, so no 支委会 is due
    has_committee = selectors.full_member_count(branch) >= selectors.COMMITTEE_MIN_MEMBERS
    for kind, label in MeetingKind.choices:
        frequency = wanted.get(kind)
        if kind == MeetingKind.TALK or not frequency:
            continue
        if kind == MeetingKind.COMMITTEE and not has_committee:
            continue
        of_kind = [m for m in meetings if kind in m.kinds]
        cells = []
        for cell_label, start, end in periods(frequency, year):
            on_time = [m for m in of_kind if start <= m.held_on <= end and not m.period_of]
            on_time += [
                m
                for m in of_kind
                if m.period_of and start <= m.period_of <= end and m.held_on <= end
            ]
            late = [
                m
                for m in of_kind
                if m.period_of and start <= m.period_of <= end and m.held_on > end
            ]
            span = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(frequency, 12)
            cells.append(
                Cell(
                    cell_label,
                    start,
                    end,
                    _status(on_time, late, start, end, today),
                    on_time + late,
                    span,
                )
            )
        rows.append(Row(kind, label, frequency, cells))
    members = list(selectors.party_members_of(branch))
    talked = set(
        Attendance.objects.filter(
            meeting__branch=branch,
            meeting__kind=MeetingKind.TALK,
            meeting__held_on__range=(first, min(last, today)),
        ).values_list("employee_id", flat=True)
    ) | set(
        Meeting.objects.filter(
            branch=branch, kind=MeetingKind.TALK, held_on__range=(first, min(last, today))
        ).values_list("host_id", flat=True)
    )
    talks = TalkSummary(
        members=len(members),
        talked=sum(1 for m in members if m.pk in talked),
        missing_names=[m.name for m in members if m.pk not in talked],
    )
    return Compliance(year, today, rows, talks)
