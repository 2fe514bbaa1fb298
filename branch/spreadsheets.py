"""Reading and writing spreadsheets, shared by every import (roster, question bank…) and export.

Reading (:func:`read_rows`): .xlsx (python-calamine, openpyxl for what it reads otherwise), old
Excel 97–2003 .xls (xlrd), and .csv in UTF-8, UTF-8 with BOM, UTF-16 or GBK/GB18030, told apart by their content, not their name. Blank rows are dropped,
every kept row carries the row number the spreadsheet shows, and any problem is a
:class:`SheetError` with a Chinese reason, so each import can report it beside its row errors.

Writing: a text cell that starts with = + - @ (or a tab/CR) would be taken for a formula by Excel; every
string written here is stored as a plain string cell, so a name such as "=HYPERLINK(...)" is shown,
never evaluated, and reads back unchanged.
"""

import contextlib
import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WHITESPACE = " \t\r\n\u3000\xa0\ufeff"
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the OLE2 compound file that holds an Excel 97–2003 workbook


# -- reading -------------------------------------------------------------------------------------


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; ``row`` is the spreadsheet row when known."""

    def __init__(self, reason: str, row: int | None = None):
        self.reason = reason
        self.row = row
        super().__init__(reason)


def read_bytes(file) -> bytes:
    """The content of bytes, a path, an uploaded file or any file object."""
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


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(WHITESPACE))


def detect_kind(data: bytes) -> str:
    """ "xlsx", "xls" or "csv" from the content; raises SheetError for anything else."""
    if not data or not data.strip(WHITESPACE.encode() + b"\x00"):
        raise SheetError(_("The file is empty"))
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError(_("Not a spreadsheet, please upload the roster as .xlsx or .csv"))
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
    raise SheetError(
        _(
            "Not a spreadsheet or unknown encoding: please upload .xlsx, or .csv encoded in UTF-8 / GBK"
        )
    )


class _Rows:
    """Collects non-blank rows with their numbers, refusing more than ``limit``."""

    def __init__(self, max_rows: int, extra_rows: int):
        self.rows: list[tuple[int, list]] = []
        self.max_rows = max_rows
        self.limit = max_rows + extra_rows

    def keep(self, number: int, cells: list) -> None:
        # Excel often reports thousands of formatted but empty rows: they are dropped here.
        if all(is_blank(c) for c in cells):
            return
        if len(self.rows) >= self.limit:
            raise SheetError(
                _("Too many rows: at most %(max)s rows per import") % {"max": self.max_rows}
            )
        self.rows.append((number, cells))


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def _read_csv(data: bytes, rows: _Rows) -> None:
    text = _decode(data)
    if "\x00" in text or _looks_binary(text):
        raise SheetError(_("Not a spreadsheet, please upload the roster as .xlsx or .csv"))
    first_line = text.lstrip(WHITESPACE).split("\n", 1)[0]
    delimiter = max([",", "\t", ";", "，"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            rows.keep(number, row)
    except csv.Error as exc:
        raise SheetError(
            _("Malformed CSV (%(problem)s), please check that quotes are paired")
            % {"problem": exc},
            reader.line_num or None,
        ) from exc


def _read_xlsx_openpyxl(data: bytes, rows: _Rows) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel zip
        raise SheetError(_("Not a valid Excel (.xlsx) file, cannot open it")) from exc
    try:
        if not workbook.worksheets:
            raise SheetError(_("The Excel file has no worksheet"))
        sheet = workbook.worksheets[0]
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.keep(number, list(row))
        except SheetError:
            raise
        except Exception as exc:
            raise SheetError(_("The Excel file is damaged, its data cannot be read")) from exc
    finally:
        workbook.close()


class _UseOpenpyxl(Exception):
    """The fast reader cannot give what openpyxl gives for this file: read it with openpyxl."""


_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Row tags (also with a namespace prefix; <rowBreaks> is counted too, which only errs towards
# openpyxl), and error cells (#N/A, #VALUE!…): openpyxl gives their text, python-calamine an empty
# cell. Plain byte searches: a sheet of 100,000 rows is tens of MB of XML.
_ROW_TAGS = (b"<row", b":row")
_ERROR_CELLS = (b' t="e"', b" t='e'")
# Integral numbers from 10**15 on: openpyxl keeps every digit the file holds (an int), the fast
# reader gives a float that may have lost the last ones (an ID number typed as a number).
_EXACT_LIMIT = 10**15


def _first_sheet_part(package: zipfile.ZipFile) -> str:
    """Path inside the package of the workbook's first sheet, which must be a worksheet."""
    from defusedxml import ElementTree

    def rels_of(part: str) -> dict[str, tuple[str, str]]:
        folder, _sep, name = part.rpartition("/")
        tree = ElementTree.fromstring(package.read(f"{folder}/_rels/{name}.rels".lstrip("/")))
        return {
            r.get("Id"): (r.get("Type", ""), r.get("Target", ""))
            for r in tree.iter(f"{_RELS_NS}Relationship")
        }

    def resolve(base: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        parts = base.rpartition("/")[0].split("/") if "/" in base else []
        for piece in target.split("/"):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        return "/".join(parts)

    workbook = next(
        resolve("", target)
        for kind, target in rels_of("").values()
        if kind.endswith("/officeDocument")
    )
    sheet = ElementTree.fromstring(package.read(workbook)).find(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet")
    kind, target = rels_of(workbook)[sheet.get(f"{_DOC_NS}id")]
    if not kind.endswith("/worksheet"):
        raise _UseOpenpyxl
    return resolve(workbook, target)


def _scan_sheet(data: bytes, limit: int) -> None:
    """Reads the first sheet's XML in slices (never whole in memory) and asks for openpyxl when
    it holds an error cell, or more rows than ``limit``: python-calamine loads a whole sheet at
    once, openpyxl streams it and stops at the limit."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        part = _first_sheet_part(package)
        stream = package.open(part)
    except _UseOpenpyxl:
        raise
    except Exception as exc:  # anything unusual in the package: openpyxl decides
        raise _UseOpenpyxl from exc
    rows_seen, tail = 0, b""
    with stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            # ``tail`` (the end of the previous slice) was counted there: a tag cut in two by
            # the slicing is found whole here and counted once.
            rows_seen += sum(text.count(t) - tail.count(t) for t in _ROW_TAGS)
            if rows_seen > limit or any(e in text for e in _ERROR_CELLS):
                raise _UseOpenpyxl
            tail = text[-8:]


def _calamine_cell(value):
    """A python-calamine value as openpyxl's read-only mode gives it."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        if value.is_integer():
            if -_EXACT_LIMIT < value < _EXACT_LIMIT:
                return int(value)  # Excel writes whole numbers as "1", which openpyxl reads as int
            raise _UseOpenpyxl
        return value
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value  # int, bool, datetime, time, timedelta


def _read_xlsx_calamine(data: bytes, rows: _Rows) -> None:
    import python_calamine

    _scan_sheet(data, rows.limit)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheets_metadata or (
            workbook.sheets_metadata[0].typ != python_calamine.SheetTypeEnum.WorkSheet
        ):
            raise _UseOpenpyxl
        sheet = workbook.get_sheet_by_index(0)
    except _UseOpenpyxl:
        raise
    except Exception as exc:  # a damaged file: openpyxl says what it says today
        raise _UseOpenpyxl from exc
    start = sheet.start
    if start is None:
        return
    first_row, first_column = start
    padding = [None] * first_column
    convert = _calamine_cell
    # The used range, from its top-left cell ``start``: the cells above and to its left are
    # empty, and put back so that row numbers and column positions are the sheet's.
    values = sheet.to_python(skip_empty_area=True)
    del sheet, workbook
    _release_freed_memory()  # the sheet as python-calamine held it, now in ``values``
    # One string object per distinct text: a column of team names or dates repeats a few
    # values over 100,000 rows.
    strings: dict[str, str] = {}
    for index in range(len(values)):
        row, values[index] = values[index], None  # each raw row is freed once converted
        cells = padding.copy()
        for value in row:
            if type(value) is str:
                cells.append(strings.setdefault(value, value) if value else None)
            else:
                cells.append(convert(value))
        rows.keep(first_row + 1 + index, cells)


def _release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc only): python-calamine's cells are
    many small allocations that would otherwise stay in the process's resident memory."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(Exception):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _read_xlsx(data: bytes, rows: _Rows) -> None:
    """With python-calamine (about ten times faster than openpyxl), the values as openpyxl's
    read-only mode gives them (whole numbers as int, dates as datetime, empty cells as None);
    with openpyxl for the files python-calamine would read otherwise (error cells, integral
    numbers of 16 digits or more, a first sheet that is no worksheet, an unusual package) or
    that are too long to load whole (openpyxl streams them and stops at the limit)."""
    try:
        _read_xlsx_calamine(data, rows)
    except _UseOpenpyxl:
        rows.rows.clear()
        _read_xlsx_openpyxl(data, rows)


def _xls_value(cell, datemode: int):
    """A cell of an .xls sheet as the value openpyxl would give: dates as dates, whole numbers
    as floats (the parsers drop the ".0"), booleans as bool, errors and blanks as None."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
        return value.date() if value.time() == datetime.time(0) else value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _read_xls(data: bytes, rows: _Rows) -> None:
    import xlrd

    try:
        workbook = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors…
        raise SheetError(_("Not a valid Excel (.xls) file, cannot open it")) from exc
    try:
        if workbook.nsheets == 0:
            raise SheetError(_("The Excel file has no worksheet"))
        try:
            sheet = workbook.sheet_by_index(0)
            for index in range(sheet.nrows):
                rows.keep(index + 1, [_xls_value(c, workbook.datemode) for c in sheet.row(index)])
        except SheetError:
            raise
        except Exception as exc:
            raise SheetError(_("The Excel file is damaged, its data cannot be read")) from exc
    finally:
        workbook.release_resources()


def read_rows(data: bytes, *, max_rows: int, extra_rows: int = 0) -> list[tuple[int, list]]:
    """The first sheet's non-blank rows as (spreadsheet row number, cell values). At most
    ``max_rows`` (+ ``extra_rows`` for title and header rows) are read; more is a SheetError."""
    rows = _Rows(max_rows, extra_rows)
    kind = detect_kind(data)
    {"xlsx": _read_xlsx, "xls": _read_xls, "csv": _read_csv}[kind](data, rows)
    return rows.rows


# -- writing -------------------------------------------------------------------------------------


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
    """For CSV exports: prefix a formula-like text with an apostrophe (``branch.exports``)."""
    from .exports import csv_cell

    return str(csv_cell(value))
