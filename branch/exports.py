"""Safe CSV, the one way the project writes comma-separated files.

Excel and WPS run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a name typed as ``=HYPERLINK("http://…")`` in a form would
become a live link, or worse, in the secretary's spreadsheet. Every text cell written here that
starts with one of those characters gets a leading apostrophe, which spreadsheets show as plain
text. Files are UTF-8 with a byte-order mark so Excel reads the Chinese correctly.

- ``csv_cell(value)``: one neutralised cell (numbers and dates are left as they are).
- ``csv_bytes(header, rows)`` / ``csv_response(filename, header, rows)``: a whole file.
- ``SafeSpreadsheetExportMixin``: Wagtail's CSV export (snippet listings' ``list_export``,
  the admin's reports) through the same rule, installed on Wagtail's mixin by
  ``install_safe_admin_exports()`` from ``BranchConfig.ready`` so every admin export uses it.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


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


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(csv_bytes(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class SafeSpreadsheetExportMixin:
    """Wagtail's ``SpreadsheetExportMixin`` CSV methods with formula cells neutralised and a BOM
    in front (the .xlsx export already stores such cells as text)."""

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
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        from django.http import StreamingHttpResponse

        response = StreamingHttpResponse(self.stream_csv(queryset), content_type=CSV_CONTENT_TYPE)
        filename = f"{self.get_filename()}.csv"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


class _Echo:
    def write(self, value):
        return value.encode("utf-8")


def install_safe_admin_exports() -> None:
    """Make every Wagtail admin CSV export (snippets, reports, form submissions) safe."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    for name in ("write_csv_row", "stream_csv", "write_csv_response"):
        setattr(SpreadsheetExportMixin, name, SafeSpreadsheetExportMixin.__dict__[name])
