"""Roster import and export (花名册).

The roster is a spreadsheet (.xlsx, old Excel .xls, or .csv in UTF-8, UTF-8 with BOM or
GBK/GB18030) with a Chinese header row; column order is free and the header may sit under a title
row.

Columns (``COLUMNS``, plus ``IMPORT_ONLY_COLUMNS``):

- required in the header and in every row: 工号, 姓名, 班组, 用工性质;
- optional: 政治面貌 (empty → 群众), 性别, 出生日期 (the 公历 date of birth), 生日历法
  (公历 / 农历, empty → 公历), 入职日期, 手机. An empty cell clears the field; a column left
  out of the file leaves that field of existing employees as it is (new employees get the
  default);
- import only: 身份证号 (also 身份证号码, 公民身份号码): the birth date and gender are derived
  from it (GB 11643, check digit verified; the old 15-digit form too) and the number itself is
  not kept; given beside 出生日期 or 性别 it must agree with them. 离职日期: the person leaves
  on that date, through ``branch.services.employee_mark_left``.

The import is all-or-nothing: every row is checked first, and if anything is wrong nothing is
written and :class:`RosterImportError` carries every problem as (row, column, reason), row
numbers as the spreadsheet shows them (the header is row 1 unless title rows sit above it).
Employees are matched by (branch, 工号); employees absent from the file are left alone; an
unchanged row writes nothing (no save, no history row). Teams are created as needed.

The export writes the branch's *active* employees (people who have left are not exported) with
the same columns and Chinese values, so an export imports back with no change.

Modules, by concept: ``columns`` (names and accepted values), ``report`` (errors and the
import's report), ``reading`` (file → raw rows), ``cells`` and ``checking`` (raw rows → checked
rows), ``applying`` (checked rows → database), ``export``.
"""

from .applying import import_roster
from .cells import CellError, parse_date, parse_mobile, parse_staff_no
from .checking import ParsedRoster, RosterRow, parse_roster
from .columns import COLUMNS, REQUIRED_COLUMNS
from .export import export_filename, export_roster, roster_rows, roster_template
from .reading import MAX_ROWS, RawSheet, detect_kind, read_sheet
from .report import EmployeeChange, FieldChange, RosterError, RosterImportError, RosterReport

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "CellError",
    "EmployeeChange",
    "FieldChange",
    "ParsedRoster",
    "RawSheet",
    "RosterError",
    "RosterImportError",
    "RosterReport",
    "RosterRow",
    "detect_kind",
    "export_filename",
    "export_roster",
    "import_roster",
    "parse_date",
    "parse_mobile",
    "parse_roster",
    "parse_staff_no",
    "read_sheet",
    "roster_rows",
    "roster_template",
]
