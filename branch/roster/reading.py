"""Reading a roster file into rows of raw cell values, through the shared reader
(:mod:`branch.spreadsheets`: .xlsx, .xls, .csv)."""

from __future__ import annotations

from dataclasses import dataclass

from ..spreadsheets import SheetError, read_bytes, read_rows
from ..spreadsheets import detect_kind as _detect_kind
from .report import RosterError, RosterImportError

MAX_ROWS = 100_000
MAX_HEADER_SEARCH = 10


@dataclass
class RawSheet:
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)


def _read_bytes(file) -> bytes:
    return read_bytes(file)


def detect_kind(data: bytes) -> str:
    """ "xlsx", "xls" or "csv" from the content; raises RosterImportError for anything else."""
    try:
        return _detect_kind(data)
    except SheetError as exc:
        raise RosterImportError([RosterError(exc.row, "", exc.reason)]) from exc


def read_sheet(data: bytes) -> RawSheet:
    """Every non-blank row of the roster's first sheet; at most ``MAX_ROWS`` data rows."""
    try:
        return RawSheet(read_rows(data, max_rows=MAX_ROWS, extra_rows=MAX_HEADER_SEARCH))
    except SheetError as exc:
        raise RosterImportError([RosterError(exc.row, "", exc.reason)]) from exc
