"""Roster import and export (花名册).

The roster is a spreadsheet (.xlsx, or .csv in UTF-8, UTF-8 with BOM or GBK/GB18030) with a
Chinese header row; column order is free and the header may sit under a title row.

Columns (``COLUMNS``):

- required in the header and in every row: 工号, 姓名, 班组, 用工性质;
- optional: 政治面貌 (empty → 群众), 性别, 出生日期 (the 公历 date of birth), 生日历法
  (公历 / 农历, empty → 公历), 入职日期, 手机. An empty cell clears the field; a column left
  out of the file leaves that field of existing employees as it is (new employees get the
  default).

The import is all-or-nothing: every row is checked first, and if anything is wrong nothing is
written and :class:`RosterImportError` carries every problem as (row, column, reason), row
numbers as the spreadsheet shows them (the header is row 1 unless title rows sit above it).
Employees are matched by (branch, 工号); employees absent from the file are left alone; an
unchanged row writes nothing (no save, no history row). Teams are created as needed.

The export writes the branch's *active* employees (people who have left are not exported) with
the same columns and Chinese values, so an export imports back with no change.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import BirthdayCalendar, Branch, Employee, EmploymentType, Gender, PoliticalStatus
from .spreadsheets import FORMULA_PREFIXES, build_xlsx

# ---------------------------------------------------------------------------------------------
# Columns and accepted values

STAFF_NO, NAME, TEAM, EMPLOYMENT, POLITICAL, GENDER, BIRTH, CALENDAR, HIRED, MOBILE = (
    "工号",
    "姓名",
    "班组",
    "用工性质",
    "政治面貌",
    "性别",
    "出生日期",
    "生日历法",
    "入职日期",
    "手机",
)
COLUMNS = [STAFF_NO, NAME, TEAM, EMPLOYMENT, POLITICAL, GENDER, BIRTH, CALENDAR, HIRED, MOBILE]
REQUIRED_COLUMNS = [STAFF_NO, NAME, TEAM, EMPLOYMENT]

# Header spellings seen in real rosters, mapped to the canonical column.
HEADER_ALIASES = {
    "员工编号": STAFF_NO,
    "职工编号": STAFF_NO,
    "员工号": STAFF_NO,
    "所在班组": TEAM,
    "班组名称": TEAM,
    "班": TEAM,
    "用工形式": EMPLOYMENT,
    "用工类型": EMPLOYMENT,
    "用工类别": EMPLOYMENT,
    "出生年月日": BIRTH,
    "生日": BIRTH,
    "参加工作时间": HIRED,
    "入职时间": HIRED,
    "手机号": MOBILE,
    "手机号码": MOBILE,
    "联系电话": MOBILE,
    "电话": MOBILE,
    "历法": CALENDAR,
}

# Model field behind each column, in the order changes are reported.
FIELD_OF_COLUMN = {
    NAME: "name",
    TEAM: "team",
    EMPLOYMENT: "employment_type",
    POLITICAL: "political_status",
    GENDER: "gender",
    BIRTH: "birth_date",
    CALENDAR: "birthday_calendar",
    HIRED: "hired_on",
    MOBILE: "mobile",
}

EMPLOYMENT_SYNONYMS = {
    "正式工": EmploymentType.FORMAL,
    "正式员工": EmploymentType.FORMAL,
    "正式": EmploymentType.FORMAL,
    "合同化员工": EmploymentType.FORMAL,
    "农民合同工": EmploymentType.CONTRACT,
    "合同工": EmploymentType.CONTRACT,
    "劳务工": EmploymentType.CONTRACT,
    "农民工": EmploymentType.CONTRACT,
    "劳务派遣工": EmploymentType.CONTRACT,
    "临时工": EmploymentType.CONTRACT,
    "短期实习生": EmploymentType.INTERN,
    "实习生": EmploymentType.INTERN,
    "实习": EmploymentType.INTERN,
    "见习生": EmploymentType.INTERN,
}
POLITICAL_SYNONYMS = {
    "中共党员": PoliticalStatus.MEMBER,
    "党员": PoliticalStatus.MEMBER,
    "共产党员": PoliticalStatus.MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE,
    "团员": PoliticalStatus.LEAGUE,
    "群众": PoliticalStatus.MASSES,
}
GENDER_SYNONYMS = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
}
CALENDAR_SYNONYMS = {
    "公历": BirthdayCalendar.SOLAR,
    "阳历": BirthdayCalendar.SOLAR,
    "新历": BirthdayCalendar.SOLAR,
    "农历": BirthdayCalendar.LUNAR,
    "阴历": BirthdayCalendar.LUNAR,
    "旧历": BirthdayCalendar.LUNAR,
}

EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_ROWS = 20_000
MAX_HEADER_SEARCH = 10
STAFF_NO_RE = re.compile(r"^[0-9A-Za-z_-]+$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(?:0\d{2,3})?[2-9]\d{6,7}$")
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
WHITESPACE = " \t\r\n\u3000\xa0\ufeff"

# ---------------------------------------------------------------------------------------------
# Results


class RosterError(NamedTuple):
    """One problem: the spreadsheet row (None for the file as a whole), the column name ("" when
    no single column is at fault) and the reason in Chinese."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return _("File: %(reason)s") % {"reason": self.reason}
        return _("Row %(row)s [%(column)s]: %(reason)s") % {
            "row": self.row,
            "column": self.column or "-",
            "reason": self.reason,
        }


class RosterImportError(Exception):
    """The roster was not imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RosterError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class FieldChange:
    column: str
    old: str
    new: str


@dataclass
class EmployeeChange:
    staff_no: str
    name: str
    fields: list[FieldChange]

    @property
    def columns(self) -> list[str]:
        return [c.column for c in self.fields]


@dataclass
class RosterReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    rows: int = 0
    created_staff_nos: list[str] = field(default_factory=list)
    updates: list[EmployeeChange] = field(default_factory=list)
    unchanged_staff_nos: list[str] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.created_staff_nos)

    @property
    def updated(self) -> int:
        return len(self.updates)

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_staff_nos)

    @property
    def updated_staff_nos(self) -> list[str]:
        return [u.staff_no for u in self.updates]

    @property
    def changes(self) -> dict[str, list[str]]:
        """工号 → the columns that change for that employee."""
        return {u.staff_no: u.columns for u in self.updates}

    def summary(self) -> str:
        verb = _("to be") if self.dry_run else _("already")
        return _(
            "%(rows)s rows: %(verb)s added %(created)s people, %(verb)s updated %(updated)s "
            "people, %(unchanged)s unchanged; %(verb)s created %(teams)s teams"
        ) % {
            "rows": self.rows,
            "verb": verb,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "teams": len(self.teams_created),
        }

    def lines(self) -> list[str]:
        """The report as printable Chinese lines (used by the command)."""
        out = [(_("[Dry run, nothing written]") if self.dry_run else "") + self.summary()]
        if self.teams_created:
            out.append(_("New teams:") + "、".join(self.teams_created))
        if self.created_staff_nos:
            out.append(_("New staff numbers:") + "、".join(self.created_staff_nos))
        for change in self.updates:
            details = "；".join(
                _("%(column)s %(old)s → %(new)s")
                % {"column": c.column, "old": c.old or _("(empty)"), "new": c.new or _("(empty)")}
                for c in change.fields
            )
            out.append(
                _("Update %(staff_no)s %(name)s: %(details)s")
                % {"staff_no": change.staff_no, "name": change.name, "details": details}
            )
        out.extend(_("Note: %(warning)s") % {"warning": w} for w in self.warnings)
        return out


# ---------------------------------------------------------------------------------------------
# Reading the file into rows of raw cell values


@dataclass
class RawSheet:
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)


def _read_bytes(file) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        return bytes(file)
    if isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "rb") as handle:
            return handle.read()
    if hasattr(file, "seek"):
        with contextlib.suppress(OSError, ValueError):
            file.seek(0)
    if hasattr(file, "chunks"):
        return b"".join(file.chunks())
    data = file.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def detect_kind(data: bytes) -> str:
    """ "xlsx" or "csv" from the content; raises RosterImportError for anything else."""
    if not data or not data.strip(WHITESPACE.encode() + b"\x00"):
        raise RosterImportError([RosterError(None, "", _("The file is empty"))])
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterImportError(
            [
                RosterError(
                    None,
                    "",
                    _(
                        "Old Excel (.xls) files are not supported, please save as .xlsx or .csv in Excel"
                    ),
                )
            ]
        )
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterImportError(
            [
                RosterError(
                    None, "", _("Not a spreadsheet, please upload the roster as .xlsx or .csv")
                )
            ]
        )
    return "csv"


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterImportError(
        [
            RosterError(
                None,
                "",
                _(
                    "Not a spreadsheet or unknown encoding: please upload .xlsx, or .csv encoded in UTF-8 / GBK"
                ),
            )
        ]
    )


def _keep(rows: list, number: int, cells: list) -> None:
    """Keep a non-blank row with its spreadsheet row number; blank rows (Excel often reports
    thousands of formatted but empty ones) are dropped here."""
    if all(_is_blank(c) for c in cells):
        return
    if len(rows) >= MAX_ROWS + MAX_HEADER_SEARCH:
        raise RosterImportError(
            [
                RosterError(
                    None,
                    "",
                    _("Too many rows: at most %(max)s rows per import") % {"max": MAX_ROWS},
                )
            ]
        )
    rows.append((number, cells))


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def _read_csv(data: bytes) -> RawSheet:
    text = _decode(data)
    if "\x00" in text or _looks_binary(text):
        raise RosterImportError(
            [
                RosterError(
                    None, "", _("Not a spreadsheet, please upload the roster as .xlsx or .csv")
                )
            ]
        )
    first_line = text.lstrip(WHITESPACE).split("\n", 1)[0]
    delimiter = max([",", "\t", ";", "，"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            _keep(rows, number, row)
    except csv.Error as exc:
        raise RosterImportError(
            [
                RosterError(
                    reader.line_num or None,
                    "",
                    _("Malformed CSV (%(problem)s), please check that quotes are paired")
                    % {"problem": exc},
                )
            ]
        ) from exc
    return RawSheet(rows)


def _read_xlsx(data: bytes) -> RawSheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel zip
        raise RosterImportError(
            [RosterError(None, "", _("Not a valid Excel (.xlsx) file, cannot open it"))]
        ) from exc
    try:
        if not workbook.worksheets:
            raise RosterImportError([RosterError(None, "", _("The Excel file has no worksheet"))])
        sheet = workbook.worksheets[0]
        rows = []
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                _keep(rows, number, list(row))
        except RosterImportError:
            raise
        except Exception as exc:
            raise RosterImportError(
                [RosterError(None, "", _("The Excel file is damaged, its data cannot be read"))]
            ) from exc
        return RawSheet(rows)
    finally:
        workbook.close()


def read_sheet(data: bytes) -> RawSheet:
    kind = detect_kind(data)
    return _read_xlsx(data) if kind == "xlsx" else _read_csv(data)


# ---------------------------------------------------------------------------------------------
# Cell parsing


def _strip(text: str) -> str:
    return text.strip(WHITESPACE)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not _strip(value))


def _normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "*＊\ufeff")
    return HEADER_ALIASES.get(text, text)


def _key(text: str) -> str:
    """A choice value for matching: half-width, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _integral_text(value) -> str | None:
    """Text of a numeric cell that holds a whole number (13812345678.0 → "13812345678")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            return None
        return str(int(value))
    return None


class CellError(Exception):
    pass


def _text(value) -> str:
    """Plain text of a cell; numbers without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = _strip(value)
        # A leading apostrophe is how spreadsheets and our CSV exports mark text that looks like a
        # formula; drop it so such names read back unchanged.
        if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]
        return text
    integral = _integral_text(value)
    if integral is not None:
        return integral
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return _strip(str(value))


def _plain_text(value, *, label: str, max_length: int) -> str:
    text = _text(value)
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise CellError(_("%(label)s contains invisible control characters") % {"label": label})
    if len(text) > max_length:
        raise CellError(
            _("%(label)s too long: at most %(max_length)s characters")
            % {"label": label, "max_length": max_length}
        )
    return text


def _required_text(label: str, max_length: int):
    def parse(value) -> str:
        text = _plain_text(value, label=label, max_length=max_length)
        if not text:
            raise CellError(_("%(label)s must not be empty") % {"label": label})
        return text

    return parse


def parse_staff_no(value) -> str:
    if isinstance(value, float) and _integral_text(value) is None:
        raise CellError(
            _(
                "Staff number “%(value)s” is not an integer; a staff number may only contain letters, digits, - and _"
            )
            % {"value": value}
        )
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | bool):
        raise CellError(
            _(
                "Staff number “%(text)s” is invalid: a staff number may only contain letters, digits, - and _"
            )
            % {"text": _text(value)}
        )
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if not text:
        raise CellError(_("Staff number must not be empty"))
    if len(text) > 32:
        raise CellError(
            _("Staff number “%(text)s” too long: at most 32 characters") % {"text": text[:40]}
        )
    if not STAFF_NO_RE.match(text):
        raise CellError(
            _(
                "Staff number “%(text)s” is invalid: a staff number may only contain letters, digits, - and _"
            )
            % {"text": text}
        )
    return text


CHOICE_TABLES = {
    "用工性质": (EMPLOYMENT_SYNONYMS, EmploymentType),
    "政治面貌": (POLITICAL_SYNONYMS, PoliticalStatus),
    "性别": (GENDER_SYNONYMS, Gender),
    "生日历法": (CALENDAR_SYNONYMS, BirthdayCalendar),
}


@functools.cache
def _choice_table(label: str) -> dict[str, str]:
    """Every accepted spelling (synonyms, Chinese labels, English codes) → the stored value."""
    synonyms, choices = CHOICE_TABLES[label]
    table = {_key(k): str(v) for k, v in synonyms.items()}
    for member in choices:
        table.setdefault(_key(str(member.label)), member.value)
        table.setdefault(member.value, member.value)
    return table


def _choice(value, synonyms: dict, choices, label: str, *, default=None):
    text = _text(value)
    if not text:
        if default is None:
            raise CellError(_("%(label)s must not be empty") % {"label": label})
        return default
    table = _choice_table(label)
    key = _key(text)
    if key in table:
        return table[key]
    accepted = "、".join(dict.fromkeys([str(m.label) for m in choices] + list(synonyms)))
    raise CellError(
        _("Unrecognised %(label)s “%(text)s”, accepted values: %(accepted)s")
        % {"label": label, "text": text[:40], "accepted": accepted}
    )


def _date_or_error(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("Date “%(shown)s” does not exist") % {"shown": shown}) from exc


def parse_date(value, *, today: datetime.date) -> datetime.date | None:
    """A date cell: a real date, an Excel serial number or 20240229, or text such as 2024-02-29,
    2024/2/29, 2024.2.29, 2024年2月29日. Must lie between 1900-01-01 and today."""
    if _is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, (bool, datetime.time | datetime.timedelta)):
        raise CellError(
            _("Unrecognised date “%(text)s”, please write it like 2024-02-29")
            % {"text": _text(value)}
        )
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("Unrecognised date “%(value)s”") % {"value": value})
        integral = _integral_text(value)
        if integral is not None and len(integral) == 8:
            year, month, day = int(integral[:4]), int(integral[4:6]), int(integral[6:])
            result = _date_or_error(year, month, day, integral)
        elif 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            try:
                converted = from_excel(value)
            except (ValueError, OverflowError, TypeError) as exc:
                raise CellError(_("Unrecognised date “%(value)s”") % {"value": value}) from exc
            result = converted.date() if isinstance(converted, datetime.datetime) else converted
            if not isinstance(result, datetime.date):
                raise CellError(_("Unrecognised date “%(value)s”") % {"value": value})
        else:
            raise CellError(
                _("Unrecognised date “%(value)s”, please write it like 2024-02-29")
                % {"value": value}
            )
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
        if not match:
            raise CellError(
                _("Unrecognised date “%(text)s”, please write it like 2024-02-29")
                % {"text": text[:40]}
            )
        year, month, day = (int(g) for g in match.groups())
        result = _date_or_error(year, month, day, text)
    if result < EARLIEST_DATE:
        raise CellError(
            _("Date %(date)s is before 1900, please check") % {"date": result.isoformat()}
        )
    if result > today:
        raise CellError(
            _("Date %(date)s is after today, please check") % {"date": result.isoformat()}
        )
    return result


def parse_mobile(value) -> str:
    if isinstance(value, float) and _integral_text(value) is None:
        raise CellError(_("Invalid mobile number “%(value)s”") % {"value": value})
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | bool):
        raise CellError(_("Invalid mobile number “%(text)s”") % {"text": _text(value)})
    text = unicodedata.normalize("NFKC", _text(value))
    compact = re.sub(r"[\s\-()（）]", "", text)
    if not compact:
        return ""
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    if MOBILE_RE.match(compact) or LANDLINE_RE.match(compact):
        return compact
    raise CellError(
        _(
            "Invalid mobile number “%(text)s”: expected an 11-digit mobile number (e.g. 13812345678) or a landline number"
        )
        % {"text": text[:40]}
    )


# ---------------------------------------------------------------------------------------------
# Validating the whole sheet


@dataclass
class RosterRow:
    """One valid data row: the values of the columns present in the file."""

    row: int
    staff_no: str
    values: dict[str, object]  # model field name → value


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
    for index in non_blank[:MAX_HEADER_SEARCH]:
        names = {_normalise_header(c) for c in rows[index][1] if not _is_blank(c)}
        if STAFF_NO in names or NAME in names:
            return index
    return non_blank[0]


COLUMN_OF_FIELD = {"staff_no": STAFF_NO, **{f: c for c, f in FIELD_OF_COLUMN.items()}}


def _model_check(row_number: int, staff_no: str, values: dict) -> list[RosterError]:
    """The model's own field validators, as a last line behind the parsers above."""
    fields = {k: v for k, v in values.items() if k != "team"}
    candidate = Employee(staff_no=staff_no, **fields)
    try:
        candidate.clean_fields(exclude=["branch", "team", "user"])
    except ValidationError as exc:
        return [
            RosterError(row_number, COLUMN_OF_FIELD.get(name, ""), "；".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    return []


def parse_roster(data: bytes, *, today: datetime.date | None = None) -> ParsedRoster:
    """Read and check every row; raises RosterImportError listing every problem."""
    today = today or timezone.localdate()
    sheet = read_sheet(data)
    header_index = _find_header(sheet.rows)
    header_row_number, header_cells = sheet.rows[header_index]
    errors: list[RosterError] = []
    warnings: list[str] = []

    positions: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        if _is_blank(cell):
            continue
        name = _normalise_header(cell)
        if name in COLUMNS:
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
    for row_number, cells in sheet.rows[header_index + 1 :]:
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

        if not row_errors:
            row_errors = _model_check(row_number, staff_no, values)
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(RosterRow(row=row_number, staff_no=staff_no, values=values))

    if not parsed and not errors:
        raise RosterImportError(
            [RosterError(None, "", _("No data rows: there are no employees below the header"))]
        )
    if errors:
        raise RosterImportError(errors)
    return ParsedRoster(rows=parsed, columns=list(positions), warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Planning and applying


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


def import_roster(
    *, branch: Branch, file, filename: str = "", dry_run: bool = False, user=None
) -> RosterReport:
    """Import a roster file into ``branch``; see the module docstring for the rules.

    ``file`` is bytes, a path or a file object. With ``dry_run`` nothing is written and the
    report says what would change. ``user`` is recorded as the author of the history rows."""
    from .services import team_get_or_create

    parsed = parse_roster(_read_bytes(file))
    report = RosterReport(dry_run=dry_run, rows=len(parsed.rows), warnings=list(parsed.warnings))

    try:
        with transaction.atomic():
            if not dry_run:
                # One import per branch at a time: the second waits, then sees the first's rows.
                list(Branch.objects.select_for_update().filter(pk=branch.pk).values_list("pk"))
            # The whole branch in one query (a few thousand people at most): no IN list that
            # could outgrow the database's parameter limit.
            existing = {
                e.staff_no: e for e in Employee.objects.filter(branch=branch).select_related("team")
            }
            teams = {t.name: t for t in branch.teams.all()}
            wanted_teams = list(dict.fromkeys(r.values["team"] for r in parsed.rows))
            report.teams_created = [name for name in wanted_teams if name not in teams]

            errors: list[RosterError] = []
            to_create: list[Employee] = []
            to_update: list[tuple[Employee, dict]] = []
            for row in parsed.rows:
                employee = existing.get(row.staff_no)
                values = row.values
                if employee is None:
                    fields = {k: v for k, v in values.items() if k != "team"}
                    to_create.append((row, fields))
                    report.created_staff_nos.append(row.staff_no)
                    continue
                changes: list[FieldChange] = []
                changed: dict = {}
                for column, field_name in FIELD_OF_COLUMN.items():
                    if field_name not in values:
                        continue
                    new = values[field_name]
                    if field_name == "team":
                        old = employee.team.name if employee.team_id else ""
                    else:
                        old = getattr(employee, field_name)
                    if old != new and not _same_number(field_name, old, new):
                        changes.append(
                            FieldChange(
                                column, _display(field_name, old), _display(field_name, new)
                            )
                        )
                        changed[field_name] = new
                birth = changed.get("birth_date", employee.birth_date)
                hired = changed.get("hired_on", employee.hired_on)
                if birth and hired and hired <= birth:
                    errors.append(
                        RosterError(
                            row.row,
                            HIRED if HIRED in parsed.columns else BIRTH,
                            _(
                                "The hire date (%(hired)s) must be after the date of birth (%(birth)s)"
                            )
                            % {"hired": hired.isoformat(), "birth": birth.isoformat()},
                        )
                    )
                if employee.left_on is not None:
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
                    to_update.append((employee, changed))
                else:
                    report.unchanged_staff_nos.append(row.staff_no)
            if errors:
                raise RosterImportError(errors)
            if dry_run:
                return report

            for name in report.teams_created:
                teams[name] = team_get_or_create(branch=branch, name=name)[0]

            new_employees = []
            for row, fields in to_create:
                employee = Employee(
                    branch=branch, staff_no=row.staff_no, team=teams[row.values["team"]], **fields
                )
                employee.clean_fields(exclude=["branch", "team", "user"])
                new_employees.append(employee)
            if new_employees:
                bulk_create_with_history(
                    new_employees,
                    Employee,
                    batch_size=500,
                    default_user=user,
                    default_change_reason="花名册导入",
                )

            if to_update:
                now = timezone.now()
                update_fields = {"updated_at"}
                objs = []
                for employee, changed in to_update:
                    for field_name, value in changed.items():
                        if field_name == "team":
                            employee.team = teams[value]
                        else:
                            setattr(employee, field_name, value)
                        update_fields.add(field_name)
                    employee.updated_at = now
                    employee.clean_fields(exclude=["branch", "team", "user"])
                    objs.append(employee)
                bulk_update_with_history(
                    objs,
                    Employee,
                    sorted(update_fields),
                    batch_size=500,
                    default_user=user,
                    default_change_reason="花名册导入",
                )
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
    return report


# ---------------------------------------------------------------------------------------------
# Export


def roster_rows(branch: Branch) -> Iterator[list]:
    """The branch's active employees as roster rows (Chinese values, real dates)."""
    employees = (
        Employee.objects.active()
        .filter(branch=branch)
        .select_related("team")
        .order_by("team__name", "staff_no")
    )
    for e in employees.iterator(chunk_size=1000):
        yield [
            e.staff_no,
            e.name,
            e.team.name if e.team_id else "",
            _display("employment_type", e.employment_type),
            _display("political_status", e.political_status),
            _display("gender", e.gender),
            e.birth_date,
            _display("birthday_calendar", e.birthday_calendar),
            e.hired_on,
            e.mobile,
        ]


def export_roster(*, branch: Branch) -> bytes:
    """The roster of ``branch`` as .xlsx bytes; it imports back with no change."""
    return build_xlsx([("花名册", COLUMNS, roster_rows(branch))])


def export_filename(branch: Branch) -> str:
    return _("roster-%(code)s-%(date)s.xlsx") % {
        "code": branch.code,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }


def roster_template() -> bytes:
    """An empty roster with the header and one example row, for the admin's download link."""
    example: Iterable[list] = [
        [
            "10001",
            "张三",
            "修井一班",
            "正式工",
            "党员",
            "男",
            datetime.date(1990, 5, 17),
            "公历",
            datetime.date(2012, 7, 1),
            "13812345678",
        ],
    ]
    return build_xlsx([("花名册", COLUMNS, example)])
