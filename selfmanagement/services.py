"""Every write of self-management: the item catalogue (one by one or imported from .xlsx, all
or nothing), shift jobs with planned and actual lines, team analyses with measures."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, Team
from branch.roster import RosterError, RosterImportError, read_sheet

from .models import (
    AnalysisMeasure,
    CostItem,
    ItemCategory,
    MeasureStatus,
    ShiftJob,
    ShiftLine,
    TeamAnalysis,
    to_fen,
)

MAX_QTY = Decimal("999999999")
HEADERS = {"名称": "name", "类别": "category", "单位": "unit", "单价": "unit_cost"}


def require_secretary(user, branch: Branch) -> None:
    if not branch_selectors.is_secretary(user, branch):
        raise PermissionDenied(_("Only the secretary of this branch can do this"))


def can_manage_team(user, team: Team) -> bool:
    """The team's leader or the branch's secretary."""
    return branch_selectors.is_secretary(user, team.branch) or branch_selectors.is_team_leader(
        user, team
    )


def require_team(user, team: Team) -> None:
    if not can_manage_team(user, team):
        raise PermissionDenied(_("Only the team's leader or the secretary can do this"))


def parse_money(value) -> Decimal:
    """A non-negative amount in yuan from text or a spreadsheet cell, rounded to the fen (half
    up). Floats from Excel are read through their shortest text (0.1 stays 0.1)."""
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("Not a valid amount")) from exc
    if not amount.is_finite() or amount < 0 or amount > MAX_QTY:
        raise ValidationError(_("The amount must be between 0 and 999999999"))
    return to_fen(amount)


@transaction.atomic
def item_save(
    *, branch: Branch, by, name: str, category: str, unit: str, unit_cost: Decimal, active=True
) -> CostItem:
    require_secretary(by, branch)
    item = CostItem.objects.filter(branch=branch, name=name.strip()).first() or CostItem(
        branch=branch, name=name.strip()
    )
    item.category, item.unit, item.unit_cost, item.active = (
        category, unit.strip(), to_fen(unit_cost), active,
    )  # fmt: skip
    item.full_clean()
    item.save()
    return item


def _category(value) -> str:
    text = str(value or "").strip()
    for code, label in ItemCategory.choices:
        if text in {code, str(label)}:
            return code
    synonyms = {"油管": "tubing", "抽油杆": "rods", "药剂": "chemical", "化学药剂": "chemical",
                "燃料": "fuel", "燃油": "fuel", "工时": "hours", "其他": "other"}  # fmt: skip
    if text in synonyms:
        return synonyms[text]
    raise ValidationError(
        _("Unknown category, use one of: %(choices)s")
        % {"choices": "、".join(str(label) for _code, label in ItemCategory.choices)}
    )


@transaction.atomic
def items_import(*, branch: Branch, by, data: bytes) -> tuple[int, int]:
    """Import the catalogue from .xlsx (or .csv): columns 名称, 类别, 单位, 单价. Every row is
    checked first; with any error nothing is written and RosterImportError lists every problem
    by row in Chinese. Returns (created, updated)."""
    require_secretary(by, branch)
    sheet = read_sheet(data)
    rows = list(sheet.rows)
    if not rows:
        raise RosterImportError([RosterError(None, "", _("The file is empty"))])
    header_number, header = rows[0]
    columns = {}
    for index, cell in enumerate(header):
        key = HEADERS.get(str(cell or "").strip())
        if key:
            columns[key] = index
    missing = [label for label, key in HEADERS.items() if key not in columns]
    if missing:
        raise RosterImportError(
            [RosterError(header_number, "、".join(missing), _("Missing column"))]
        )
    errors, parsed, seen = [], [], {}
    for number, cells in rows[1:]:

        def cell(key, _cells=cells):
            i = columns[key]
            return _cells[i] if i < len(_cells) else None

        row = {}
        name = str(cell("name") or "").strip()
        if not name:
            errors.append(RosterError(number, "名称", _("Required")))
        elif len(name) > 60:
            errors.append(RosterError(number, "名称", _("At most 60 characters")))
        elif name in seen:
            errors.append(
                RosterError(number, "名称", _("Repeats row %(row)s") % {"row": seen[name]})
            )
        else:
            seen[name] = number
            row["name"] = name
        unit = str(cell("unit") or "").strip()
        if not unit or len(unit) > 16:
            errors.append(RosterError(number, "单位", _("Required, at most 16 characters")))
        row["unit"] = unit
        for key, label, parse in (
            ("category", "类别", _category),
            ("unit_cost", "单价", parse_money),
        ):
            value = cell(key)
            if value is None or str(value).strip() == "":
                errors.append(RosterError(number, label, _("Required")))
                continue
            try:
                row[key] = parse(value)
            except ValidationError as exc:
                errors.append(RosterError(number, label, " ".join(exc.messages)))
        parsed.append(row)
    if errors:
        raise RosterImportError(errors)
    existing = {i.name: i for i in CostItem.objects.filter(branch=branch)}
    created = updated = 0
    for row in parsed:
        item = existing.get(row["name"]) or CostItem(branch=branch, name=row["name"])
        created += item.pk is None
        updated += item.pk is not None
        item.category, item.unit, item.unit_cost, item.active = (
            row["category"], row["unit"], row["unit_cost"], True,
        )  # fmt: skip
        item.full_clean()
        item.save()
    return created, updated


@transaction.atomic
def job_plan(
    *, team: Team, by, date: datetime.date, job: str, planned: list[tuple[CostItem, Decimal]]
) -> ShiftJob:
    """Before the job: what the shift plans to use, priced from the catalogue."""
    require_team(by, team)
    if not planned:
        raise ValidationError(_("Add at least one planned item"))
    items = [item for item, _qty in planned]
    if any(i.branch_id != team.branch_id for i in items):
        raise ValidationError(_("Items must come from this branch's catalogue"))
    if len({i.pk for i in items}) != len(items):
        raise ValidationError(_("Each item once per job"))
    shift_job = ShiftJob(branch=team.branch, team=team, date=date, job=job.strip(), recorded_by=by)
    shift_job.full_clean()
    shift_job.save()
    for item, qty in planned:
        line = ShiftLine(job=shift_job, item=item, unit_cost=item.unit_cost, planned_qty=qty)
        line.full_clean()
        line.save()
    return shift_job


@transaction.atomic
def line_record_actual(
    *, line: ShiftLine, by, actual_qty: Decimal, checked_by: Employee
) -> ShiftLine:
    """After the job: the quantity actually used and who checked it (a member of the team's
    branch, active)."""
    require_team(by, line.job.team)
    if checked_by.branch_id != line.job.branch_id or checked_by.has_left():
        raise ValidationError(_("The checker must be a current member of this branch"))
    line.actual_qty = actual_qty
    line.checked_by = checked_by
    line.full_clean()
    line.save(update_fields=["actual_qty", "checked_by"])
    return line


@transaction.atomic
def analysis_record(
    *,
    team: Team,
    by,
    held_on: datetime.date,
    attendees: list[Employee],
    went_well: str = "",
    problems: str = "",
    measures: list[dict] = (),
    follow_ups: dict[int, tuple[bool, str]] | None = None,
) -> TeamAnalysis:
    """Record a meeting: attendees, what went well, problems, new measures (text, owner,
    due_on) and the follow-up of the team's open measures ({measure id: (done, note)})."""
    require_team(by, team)
    if not attendees:
        raise ValidationError(_("Choose who attended"))
    if any(a.branch_id != team.branch_id for a in attendees):
        raise ValidationError(_("Attendees must be members of this branch"))
    if TeamAnalysis.objects.filter(team=team, held_on=held_on).exists():
        raise ValidationError(_("This team already has an analysis on that day"))
    analysis = TeamAnalysis(
        branch=team.branch, team=team, held_on=held_on, went_well=went_well.strip(),
        problems=problems.strip(), recorded_by=by,
    )  # fmt: skip
    analysis.full_clean()
    analysis.save()
    analysis.attendees.set(attendees)
    for m in measures:
        if m["owner"].branch_id != team.branch_id:
            raise ValidationError(_("The owner must be a member of this branch"))
        measure = AnalysisMeasure(analysis=analysis, text=m["text"].strip(), owner=m["owner"],
                                  due_on=m["due_on"])  # fmt: skip
        measure.full_clean()
        measure.save()
    open_measures = {
        m.pk: m
        for m in AnalysisMeasure.objects.filter(
            analysis__team=team, status=MeasureStatus.OPEN
        ).exclude(analysis=analysis)
    }
    for pk, (done, note) in (follow_ups or {}).items():
        measure = open_measures.get(pk)
        if measure is None:
            raise ValidationError(_("Only open measures of this team can be followed up"))
        measure.status = MeasureStatus.DONE if done else MeasureStatus.OPEN
        measure.follow_up = note.strip()
        measure.followed_up_at = analysis
        measure.full_clean()
        measure.save()
    return analysis
