"""Checking the whole sheet: the header, every row, every cell; all problems are collected
and raised together as :class:`RosterImportError`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BirthdayCalendar, Employee, EmploymentType, Gender, PoliticalStatus
from . import reading
from .cells import (
    CellError,
    _choice,
    _is_blank,
    _normalise_header,
    _required_text,
    _text,
    parse_date,
    parse_id_number,
    parse_mobile,
    parse_staff_no,
)
from .columns import (
    BIRTH,
    CALENDAR,
    CALENDAR_SYNONYMS,
    COLUMNS,
    EMPLOYMENT,
    EMPLOYMENT_SYNONYMS,
    FIELD_OF_COLUMN,
    GENDER,
    GENDER_SYNONYMS,
    HIRED,
    ID_NUMBER,
    IMPORT_ONLY_COLUMNS,
    LEFT,
    MOBILE,
    NAME,
    POLITICAL,
    POLITICAL_SYNONYMS,
    REQUIRED_COLUMNS,
    STAFF_NO,
    TEAM,
)
from .report import RosterError, RosterImportError


@dataclass(slots=True)
class RosterRow:
    """One valid data row: the values of the columns present in the file."""

    row: int
    staff_no: str
    values: dict[str, object]  # model field name → value
    left_on: datetime.date | None = None  # 离职日期: applied through employee_mark_left


@dataclass
class ParsedRoster:
    rows: list[RosterRow]
    columns: list[str]  # canonical columns present
    warnings: list[str]


def _find_header(rows: list[tuple[int, list]]) -> int:
    """Index in ``rows`` of the header: the first non-blank row naming 工号 or 姓名 among the
    first few non-blank rows, else the first non-blank row."""
    non_blank = [i for i, (_n, cells) in enumerate(rows) if not all(_is_blank(c) for c in cells)]
    if not non_blank:
        raise RosterImportError([RosterError(None, "", _("The file is empty"))])
    for index in non_blank[: reading.MAX_HEADER_SEARCH]:
        names = {_normalise_header(c) for c in rows[index][1] if not _is_blank(c)}
        if STAFF_NO in names or NAME in names:
            return index
    return non_blank[0]


COLUMN_OF_FIELD = {"staff_no": STAFF_NO, **{f: c for c, f in FIELD_OF_COLUMN.items()}}


_MODEL_FIELDS = {f.name: f for f in Employee._meta.concrete_fields}


def _model_check(
    row_number: int, staff_no: str, values: dict, memo: dict | None = None
) -> list[RosterError]:
    """The model's own field validators (as ``Model.clean_fields`` runs them), as a last line
    behind the parsers above. Each distinct (field, value) is checked once per file
    (``memo``): a roster of 100,000 rows holds a few hundred dates and a handful of choices."""
    memo = {} if memo is None else memo
    errors = []
    for name, value in (("staff_no", staff_no), *values.items()):
        if name == "team":
            continue
        key = (name, value)
        messages = memo.get(key, False)
        if messages is False:
            field = _MODEL_FIELDS[name]
            messages = None
            if not (field.blank and value in field.empty_values):
                try:
                    field.clean(value, None)
                except ValidationError as exc:
                    messages = exc.messages
            memo[key] = messages
        if messages:
            errors.append(
                RosterError(row_number, COLUMN_OF_FIELD.get(name, ""), "；".join(messages))
            )
    return errors


def _agrees(values: dict, field_name: str, derived, column: str, row: int, errors: list) -> bool:
    """Fill ``field_name`` from the ID number, or check that the file's own value agrees."""
    given = values.get(field_name)
    if given in (None, ""):
        values[field_name] = derived
        return True
    if given == derived:
        return True
    shown = {"birth_date": lambda v: v.isoformat(), "gender": lambda v: str(Gender(v).label)}
    errors.append(
        RosterError(
            row,
            column,
            _("%(column)s %(given)s disagrees with the ID number (%(derived)s)")
            % {
                "column": column,
                "given": shown[field_name](given),
                "derived": shown[field_name](derived),
            },
        )
    )
    return False


def parse_roster(data: bytes, *, today: datetime.date | None = None) -> ParsedRoster:
    """Read and check every row; raises RosterImportError listing every problem."""
    today = today or timezone.localdate()
    sheet = reading.read_sheet(data)
    header_index = _find_header(sheet.rows)
    header_row_number, header_cells = sheet.rows[header_index]
    errors: list[RosterError] = []
    warnings: list[str] = []

    positions: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        if _is_blank(cell):
            continue
        name = _normalise_header(cell)
        if name in COLUMNS or name in IMPORT_ONLY_COLUMNS:
            if name in positions:
                errors.append(
                    RosterError(
                        header_row_number,
                        name,
                        _("The column “%(name)s” appears more than once in the header")
                        % {"name": name},
                    )
                )
            else:
                positions[name] = position
        else:
            warnings.append(
                _("Unrecognised column “%(text)s” ignored") % {"text": _text(cell)[:40]}
            )
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            errors.append(
                RosterError(
                    header_row_number,
                    column,
                    _(
                        "Missing required column “%(column)s”; the header should contain: %(columns)s"
                    )
                    % {"column": column, "columns": "、".join(COLUMNS)},
                )
            )
    if errors:
        raise RosterImportError(errors)

    parsed: list[RosterRow] = []
    first_row_of: dict[str, int] = {}
    checked: dict = {}  # (field, value) → the model validators' messages, see _model_check
    raw_rows = sheet.rows
    for index in range(header_index + 1, len(raw_rows)):
        # Each raw row is let go once checked: the raw and the checked rows of a 100,000-row
        # file are never both whole in memory.
        (row_number, cells), raw_rows[index] = raw_rows[index], None
        if all(_is_blank(c) for c in cells):
            continue

        def cell(column, _cells=cells):
            position = positions.get(column)
            return _cells[position] if position is not None and position < len(_cells) else None

        values: dict[str, object] = {}
        staff_no = None
        row_errors: list[RosterError] = []

        def check(column, parse, _row=row_number, _errors=row_errors):
            try:
                return parse(cell(column)), True
            except CellError as exc:
                _errors.append(RosterError(_row, column, str(exc)))
                return None, False

        staff_no, ok = check(STAFF_NO, parse_staff_no)
        if ok:
            if staff_no in first_row_of:
                row_errors.append(
                    RosterError(
                        row_number,
                        STAFF_NO,
                        _("Duplicate staff number “%(staff_no)s”: rows %(first)s and %(row)s")
                        % {
                            "staff_no": staff_no,
                            "first": first_row_of[staff_no],
                            "row": row_number,
                        },
                    )
                )
            else:
                first_row_of[staff_no] = row_number

        values["name"], ok = check(NAME, _required_text("姓名", 50))
        values["team"], ok = check(TEAM, _required_text("班组", 100))
        values["employment_type"], ok = check(
            EMPLOYMENT, lambda v: _choice(v, EMPLOYMENT_SYNONYMS, EmploymentType, "用工性质")
        )
        if POLITICAL in positions:
            values["political_status"], ok = check(
                POLITICAL,
                lambda v: _choice(
                    v,
                    POLITICAL_SYNONYMS,
                    PoliticalStatus,
                    "政治面貌",
                    default=PoliticalStatus.MASSES,
                ),
            )
        if GENDER in positions:
            values["gender"], ok = check(
                GENDER, lambda v: _choice(v, GENDER_SYNONYMS, Gender, "性别", default="")
            )
        if CALENDAR in positions:
            values["birthday_calendar"], ok = check(
                CALENDAR,
                lambda v: _choice(
                    v,
                    CALENDAR_SYNONYMS,
                    BirthdayCalendar,
                    "生日历法",
                    default=BirthdayCalendar.SOLAR,
                ),
            )
        birth_ok = hired_ok = True
        if BIRTH in positions:
            values["birth_date"], birth_ok = check(BIRTH, lambda v: parse_date(v, today=today))
        if ID_NUMBER in positions:
            facts, id_ok = check(ID_NUMBER, lambda v: parse_id_number(v, today=today))
            if facts is not None:
                birth_ok = birth_ok and _agrees(
                    values, "birth_date", facts.birth_date, BIRTH, row_number, row_errors
                )
                _agrees(values, "gender", facts.gender, GENDER, row_number, row_errors)
        if HIRED in positions:
            values["hired_on"], hired_ok = check(HIRED, lambda v: parse_date(v, today=today))
        if (
            birth_ok
            and hired_ok
            and values.get("birth_date")
            and values.get("hired_on")
            and values["hired_on"] <= values["birth_date"]
        ):
            row_errors.append(
                RosterError(row_number, HIRED, _("The hire date must be after the date of birth"))
            )
        if MOBILE in positions:
            values["mobile"], ok = check(MOBILE, parse_mobile)
        left_on = None
        if LEFT in positions:
            left_on, left_ok = check(LEFT, lambda v: parse_date(v, today=today))
            hired = values.get("hired_on") if hired_ok else None
            if left_ok and left_on and hired and left_on < hired:
                row_errors.append(
                    RosterError(
                        row_number, LEFT, _("The leaving date cannot be before the hire date")
                    )
                )

        if not row_errors:
            row_errors = _model_check(row_number, staff_no, values, checked)
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(
                RosterRow(row=row_number, staff_no=staff_no, values=values, left_on=left_on)
            )

    if not parsed and not errors:
        raise RosterImportError(
            [RosterError(None, "", _("No data rows: there are no employees below the header"))]
        )
    if errors:
        raise RosterImportError(errors)
    return ParsedRoster(rows=parsed, columns=list(positions), warnings=warnings)
