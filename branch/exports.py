"""Safe CSV, the one way the project writes comma-separated files.

Excel and WPS run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a name typed as ``=HYPERLINK("http://…")`` in a form would
become a live link, or worse, in the secretary's spreadsheet. Every text cell written here that
starts with one of those characters gets a leading apostrophe, which spreadsheets show as plain
text. Files are UTF-8 with a byte-order mark so Excel reads the Chinese correctly.

- ``csv_cell(value)``: one neutralised cell (numbers and dates are left as they are).
- ``csv_bytes(header, rows)``: a whole file in memory (small files, tests).
- ``csv_stream(header, rows)`` / ``csv_response(filename, header, rows)``: the file streamed a
  few hundred rows at a time (a ``StreamingHttpResponse``), so 50,000 rows never sit in memory;
  give rows from ``queryset.values_list(...).iterator(chunk_size=...)``.
- ``SafeSpreadsheetExportMixin``: Wagtail's CSV export (snippet listings' ``list_export``,
  the admin's reports) through the same rule, installed on Wagtail's mixin by
  ``install_safe_admin_exports()`` from ``BranchConfig.ready`` so every admin export uses it.
  Both of its formats read the queryset with ``iterator(chunk_size=EXPORT_CHUNK)``.
"""

import csv
import datetime
import functools
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from wagtail.coreutils import multigetattr

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
EXPORT_CHUNK = 2000  # rows read from the database at a time by every export
ROWS_PER_WRITE = 500  # CSV rows joined into one chunk of a streamed response


def csv_cell(value):
    """The value to write in a CSV cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe; None becomes empty; anything else that is not text is kept."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A whole CSV file: UTF-8 with BOM, every cell through ``csv_cell``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def csv_stream(header: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The same file as ``csv_bytes``, as chunks of ``ROWS_PER_WRITE`` rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([csv_cell(v) for v in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if n % ROWS_PER_WRITE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_response(
    filename: str, header: Sequence, rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A streamed CSV download (nothing is read from ``rows`` before the body is sent)."""
    response = StreamingHttpResponse(csv_stream(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_iter(queryset):
    """Rows of ``queryset`` a chunk at a time (no result cache), anything else as it is."""
    if isinstance(queryset, QuerySet):
        return queryset.iterator(chunk_size=EXPORT_CHUNK)
    return iter(queryset)


class SafeSpreadsheetExportMixin:
    """Wagtail's ``SpreadsheetExportMixin`` CSV methods with formula cells neutralised and a BOM
    in front (the .xlsx export already stores such cells as text), and a field with choices
    written as the label the admin shows (自学, 正式工), not its stored code."""

    def to_row_dict(self, item):
        # An item is a model instance, or a dict when the export reads ``values()``.
        model = item.__class__ if isinstance(item, Model) else getattr(self, "model", None)
        labels = _choice_labels(model) if model is not None else {}
        row = {}
        for field in self.list_export:
            value = multigetattr(item, field)
            if field in labels:
                value = labels[field].get(value, value)
            row[field] = value
        return row

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        writer = csv.DictWriter(_Echo(), fieldnames=self.list_export)
        yield BOM.encode("utf-8")
        yield writer.writerow(
            {field: csv_cell(self.get_heading(queryset, field)) for field in self.list_export}
        )
        lines = []
        for item in export_iter(queryset):
            lines.append(self.write_csv_row(writer, self.to_row_dict(item)))
            if len(lines) == ROWS_PER_WRITE:
                yield b"".join(lines)
                lines = []
        if lines:
            yield b"".join(lines)

    def write_xlsx(self, queryset, output):
        """Wagtail's .xlsx export, written by XlsxWriter row by row (constant memory) from the
        queryset read a chunk at a time, so memory stays flat however many rows; it writes
        50,000 rows in about half the time of openpyxl's write-only workbook. Cells are what
        Wagtail's export makes them: text stays text (a leading ``=`` is no formula),
        date-times in the admin's date format, dates and times as such, numbers as numbers."""
        import xlsxwriter
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": True,
            },
        )
        sheet = workbook.add_worksheet("Sheet1")
        formats = {
            datetime.datetime: workbook.add_format({"num_format": ExcelDateFormatter().get()}),
            datetime.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
            datetime.time: workbook.add_format({"num_format": "hh:mm:ss"}),
        }
        for column, field in enumerate(self.list_export):
            sheet.write_string(0, column, str(self.get_heading(queryset, field)))
        for row, item in enumerate(export_iter(queryset), start=1):
            for column, (field, value) in enumerate(self.to_row_dict(item).items()):
                value = self.preprocess_field_value(field, value, self.FORMAT_XLSX)
                _write_xlsx_cell(sheet, row, column, value, formats)
        workbook.close()

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type=CSV_CONTENT_TYPE)
        filename = f"{self.get_filename()}.csv"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


def _write_xlsx_cell(sheet, row: int, column: int, value, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, value, formats[datetime.datetime])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, formats[datetime.date])
    elif isinstance(value, datetime.time):
        sheet.write_datetime(row, column, value, formats[datetime.time])
    else:
        sheet.write_string(row, column, str(value))


def _choice_labels(model) -> dict[str, dict]:
    """For each concrete field of ``model`` with choices, its labels by stored value, in the
    active language (the labels are translated once per language, not once per row)."""
    return _choice_labels_in(model, translation.get_language())


@functools.cache
def _choice_labels_in(model, language) -> dict[str, dict]:
    return {
        field.name: {value: str(label) for value, label in field.flatchoices}
        for field in model._meta.concrete_fields
        if field.choices and not field.is_relation
    }


class _Echo:
    def write(self, value):
        return value.encode("utf-8")


def install_safe_admin_exports() -> None:
    """Make every Wagtail admin CSV export (snippets, reports, form submissions) safe."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    for name in (
        "to_row_dict",
        "write_csv_row",
        "stream_csv",
        "write_xlsx",
        "write_csv_response",
    ):
        setattr(SpreadsheetExportMixin, name, SafeSpreadsheetExportMixin.__dict__[name])
