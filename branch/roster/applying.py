"""Applying a checked roster: planning what changes (or, in a dry run, only reporting it) and
writing it in one transaction."""

from __future__ import annotations

import datetime
import sys
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import caching
from ..models import BirthdayCalendar, Branch, Employee, EmploymentType, Gender, PoliticalStatus
from .cells import CellError, parse_mobile
from .checking import parse_roster
from .columns import BIRTH, FIELD_OF_COLUMN, HIRED, LEFT
from .reading import _read_bytes
from .report import EmployeeChange, FieldChange, RosterError, RosterImportError, RosterReport


def _display(field_name: str, value) -> str:
    if value is None or value == "":
        return ""
    if field_name == "employment_type":
        return str(EmploymentType(value).label)
    if field_name == "political_status":
        return str(PoliticalStatus(value).label)
    if field_name == "gender":
        return str(Gender(value).label)
    if field_name == "birthday_calendar":
        return str(BirthdayCalendar(value).label)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _same_number(field_name: str, old, new) -> bool:
    """A phone number stored with spaces or dashes (e.g. typed in the admin) is the same number
    as the file's compact spelling; not a change."""
    if field_name != "mobile" or not old:
        return False
    try:
        return parse_mobile(old) == new
    except CellError:
        return False


class _Current(NamedTuple):
    """What the plan needs of an employee already in the branch (not the model instance: a
    re-import of 100,000 rows would hold 100,000 of them)."""

    pk: int
    staff_no: str
    team: str  # the team's name
    name: str
    employment_type: str
    political_status: str
    gender: str
    birth_date: datetime.date | None
    birthday_calendar: str
    hired_on: datetime.date | None
    mobile: str
    left_on: datetime.date | None


_CURRENT_COLUMNS = ["pk", "staff_no", "team__name", *_Current._fields[3:]]
LOOKUP_BATCH = 2000


def _current_employees(branch: Branch, staff_nos: list[str]) -> dict[str, _Current]:
    """The branch's employees with these staff numbers, by staff number."""
    rows = (
        Employee.objects.filter(branch=branch, staff_no__in=staff_nos)
        .order_by()
        .values_list(*_CURRENT_COLUMNS)
    )
    return {row[1]: _Current(*row[:2], row[2] or "", *row[3:]) for row in rows}


class _Update(NamedTuple):
    """A planned update: only what the write and the report still need of the employee."""

    pk: int
    staff_no: str
    name: str
    political_status: str  # the stored one, for political_status_conflicts
    changed: dict  # model field name → new value ("team" → the team's name)


def _keep_owned_political_status(to_update: list[_Update], report) -> None:
    """A status kept by another process (member development) is not overwritten by the file:
    the change is dropped from the plan and reported as a conflict instead."""
    from ..selectors import political_status_conflicts

    pairs = [
        (u, u.changed["political_status"]) for u in to_update if "political_status" in u.changed
    ]
    conflicts = {e.pk: (new, reason) for e, new, reason in political_status_conflicts(pairs)}
    if not conflicts:
        return
    political = next(c for c, f in FIELD_OF_COLUMN.items() if f == "political_status")
    entries = {entry.staff_no: entry for entry in report.updates}
    for employee in to_update:
        changed = employee.changed
        if employee.pk not in conflicts:
            continue
        new, reason = conflicts[employee.pk]
        del changed["political_status"]
        entry = entries[employee.staff_no]
        entry.fields = [c for c in entry.fields if c.column != political]
        report.warnings.append(
            _(
                "Staff number %(staff_no)s (%(name)s): the file says %(new)s, but the political status is kept by %(reason)s; not changed"
            )
            % {
                "staff_no": employee.staff_no,
                "name": employee.name,
                "new": _display("political_status", new),
                "reason": reason,
            }
        )
    # A row whose only change was the kept status is now unchanged.
    emptied = {u.staff_no for u in to_update if not u.changed}
    to_update[:] = [u for u in to_update if u.changed]
    report.updates = [u for u in report.updates if u.staff_no not in emptied]
    report.unchanged_staff_nos.extend(sorted(emptied))


UPDATE_BATCH = 5000


def _bulk_update(objs: list[Employee], fields: list[str]) -> None:
    """Write ``fields`` of ``objs``. On PostgreSQL one ``UPDATE … FROM unnest(…)`` statement per
    5,000 rows (Django's ``bulk_update`` builds a CASE per row and field, which costs seconds
    per thousand rows); elsewhere Django's ``bulk_update``."""
    if connection.vendor != "postgresql":
        Employee.objects.bulk_update(objs, fields, batch_size=500)
        return
    qn = connection.ops.quote_name
    meta = Employee._meta
    columns = [meta.get_field(name) for name in fields]
    table, pk = qn(meta.db_table), meta.pk
    assignments = ", ".join(f"{qn(c.column)} = v.{qn(c.column)}" for c in columns)
    unnests = ", ".join(
        [f"unnest(%s::{pk.db_type(connection)}[]) AS pk"]
        + [f"unnest(%s::{c.db_type(connection)}[]) AS {qn(c.column)}" for c in columns]
    )
    sql = (
        f"UPDATE {table} SET {assignments} FROM (SELECT {unnests}) AS v "
        f"WHERE {table}.{qn(pk.column)} = v.pk"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), UPDATE_BATCH):
            batch = objs[start : start + UPDATE_BATCH]
            params = [[o.pk for o in batch]] + [
                [c.get_db_prep_save(getattr(o, c.attname), connection) for o in batch]
                for c in columns
            ]
            cursor.execute(sql, params)


def _plan_update(row, employee: _Current, columns, report, errors, to_update, to_leave):
    """Compare a row of the file with the stored employee: report and plan what changes."""
    values = row.values
    changes: list[FieldChange] = []
    changed: dict = {}
    for column, field_name in FIELD_OF_COLUMN.items():
        if field_name not in values:
            continue
        new = values[field_name]
        old = getattr(employee, field_name)
        if old != new and not _same_number(field_name, old, new):
            changes.append(
                FieldChange(column, _display(field_name, old), _display(field_name, new))
            )
            changed[field_name] = new
    birth = changed.get("birth_date", employee.birth_date)
    hired = changed.get("hired_on", employee.hired_on)
    if birth and hired and hired <= birth:
        errors.append(
            RosterError(
                row.row,
                HIRED if HIRED in columns else BIRTH,
                _("The hire date (%(hired)s) must be after the date of birth (%(birth)s)")
                % {"hired": hired.isoformat(), "birth": birth.isoformat()},
            )
        )
    if row.left_on and row.left_on != employee.left_on:
        if hired and row.left_on < hired:
            errors.append(
                RosterError(row.row, LEFT, _("The leaving date cannot be before the hire date"))
            )
        changes.append(
            FieldChange(
                LEFT, _display("left_on", employee.left_on), _display("left_on", row.left_on)
            )
        )
        to_leave.append((row.staff_no, row.left_on))
    elif employee.left_on is not None:
        report.warnings.append(
            _(
                "Staff number %(staff_no)s (%(name)s) left on %(left_on)s; details updated only, not made current again"
            )
            % {
                "staff_no": row.staff_no,
                "name": employee.name,
                "left_on": employee.left_on.isoformat(),
            }
        )
    if changes:
        report.updates.append(EmployeeChange(row.staff_no, employee.name, changes))
        to_update.append(
            _Update(
                employee.pk,
                row.staff_no,
                employee.name,
                sys.intern(employee.political_status),
                changed,
            )
        )
    else:
        report.unchanged_staff_nos.append(row.staff_no)


def import_roster(
    *, branch: Branch, file, filename: str = "", dry_run: bool = False, user=None
) -> RosterReport:
    """Import a roster file into ``branch``; see the module docstring for the rules.

    ``file`` is bytes, a path or a file object. With ``dry_run`` nothing is written and the
    report says what would change. ``user`` is recorded as the author of the history rows."""
    from ..services import employee_mark_left, team_get_or_create

    parsed = parse_roster(_read_bytes(file))
    report = RosterReport(dry_run=dry_run, rows=len(parsed.rows), warnings=list(parsed.warnings))

    try:
        with transaction.atomic():
            if not dry_run:
                # One import per branch at a time: the second waits, then sees the first's rows.
                list(Branch.objects.select_for_update().filter(pk=branch.pk).values_list("pk"))
            teams = {t.name: t for t in branch.teams.all()}
            wanted_teams = list(dict.fromkeys(r.values["team"] for r in parsed.rows))
            report.teams_created = [name for name in wanted_teams if name not in teams]

            errors: list[RosterError] = []
            to_create: list = []  # the file's rows of new employees
            to_update: list[_Update] = []
            to_leave: list[tuple[str, datetime.date]] = []  # (工号, 离职日期)
            # The employees the file names, a slice of rows at a time and only the columns
            # compared: memory stays flat whatever the size of the branch and of the file.
            for start in range(0, len(parsed.rows), LOOKUP_BATCH):
                chunk = parsed.rows[start : start + LOOKUP_BATCH]
                existing = _current_employees(branch, [row.staff_no for row in chunk])
                for row in chunk:
                    employee = existing.get(row.staff_no)
                    if employee is None:
                        to_create.append(row)
                        report.created_staff_nos.append(row.staff_no)
                        if row.left_on:
                            to_leave.append((row.staff_no, row.left_on))
                        continue
                    _plan_update(row, employee, parsed.columns, report, errors, to_update, to_leave)
            _keep_owned_political_status(to_update, report)
            if errors:
                raise RosterImportError(errors)
            if dry_run:
                return report

            for name in report.teams_created:
                teams[name] = team_get_or_create(branch=branch, name=name)[0]

            # In slices of UPDATE_BATCH rows, so the model and history objects of a
            # 100,000-row file are never all in memory at once.
            for start in range(0, len(to_create), UPDATE_BATCH):
                # Every value passed the model's validators in parse_roster (_model_check).
                bulk_create_with_history(
                    [
                        Employee(
                            branch=branch,
                            staff_no=row.staff_no,
                            team=teams[row.values["team"]],
                            **{k: v for k, v in row.values.items() if k != "team"},
                        )
                        for row in to_create[start : start + UPDATE_BATCH]
                    ],
                    Employee,
                    batch_size=2000,
                    default_user=user,
                    default_change_reason="花名册导入",
                )

            now = timezone.now()
            for start in range(0, len(to_update), UPDATE_BATCH):
                batch = to_update[start : start + UPDATE_BATCH]
                # The whole model instance only now, a slice at a time: history rows copy
                # every field.
                employees = Employee.objects.in_bulk([u.pk for u in batch])
                objs, update_fields = [], {"updated_at"}
                for update in batch:
                    employee = employees.get(update.pk)
                    if employee is None:  # deleted meanwhile: nothing left to update
                        continue
                    for field_name, value in update.changed.items():
                        if field_name == "team":
                            employee.team = teams[value]
                        else:
                            setattr(employee, field_name, value)
                        update_fields.add(field_name)
                    employee.updated_at = now  # the changed values passed _model_check
                    objs.append(employee)
                _bulk_update(objs, sorted(update_fields))
                Employee.history.bulk_history_create(
                    objs,
                    batch_size=2000,
                    update=True,
                    default_user=user,
                    default_change_reason="花名册导入",
                )

            # Leaving ends access: the one service every path calls does it.
            if to_leave:
                leaving = {
                    e.staff_no: e
                    for e in Employee.objects.filter(
                        branch=branch, staff_no__in=[staff_no for staff_no, _d in to_leave]
                    )
                }
                for staff_no, left_on in to_leave:
                    employee_mark_left(employee=leaving[staff_no], left_on=left_on)
    except IntegrityError as exc:
        raise RosterImportError(
            [
                RosterError(
                    None,
                    "",
                    _(
                        "Saving clashed with someone else's simultaneous changes, nothing was written, please import again"
                    ),
                )
            ]
        ) from exc
    # Bulk writes send no model signal: the branch's cached pages see the new roster now.
    caching.bump(branch.pk, caching.ORG)
    return report


# ---------------------------------------------------------------------------------------------
