"""Writing .xlsx ledgers and exports safely, shared by every app's 台账.

A text cell that starts with = + - @ (or a tab/CR) would be taken for a formula by Excel; every
string written here is stored as a plain string cell, so a name such as "=HYPERLINK(...)" is shown,
never evaluated, and reads back unchanged.
"""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(sheet, value, *, bold: bool = False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # keep as text: never a formula
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def build_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """``sheets`` is a list of (title, header, rows); returns the workbook's bytes.
    Uses openpyxl's write-only mode, so memory stays flat for long ledgers."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_cell(sheet, h, bold=True) for h in header])
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    """An attachment download of ``build_xlsx(sheets)`` with a UTF-8 file name."""
    from urllib.parse import quote

    response = HttpResponse(build_xlsx(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def csv_safe(value) -> str:
    """For CSV exports: prefix a formula-like text with an apostrophe so spreadsheets show it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
