"""The roster parser never fails with anything but RosterImportError, whatever the cells hold."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch.roster import RosterImportError, parse_roster
from branch.tests.roster_files import HEADER, csv_bytes, xlsx_bytes

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
CHOICE_TEXT = st.sampled_from(
    [
        "正式工",
        "合同工",
        "实习生",
        "党员",
        "群众",
        "男",
        "女",
        "公历",
        "农历",
        "2024-02-29",
        "2023-02-29",
        "2024年2月29日",
        "20240229",
        "13812345678",
        "=1+1",
        "",
        " ",
        "\u3000",
    ]
)
EXCEL_CELL = st.one_of(
    st.none(),
    TEXT.filter(lambda t: all(ord(c) >= 32 or c in "\t\n\r" for c in t)),
    CHOICE_TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1800, 1, 1), max_value=datetime.datetime(2200, 1, 1)),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 1, 1)),
)
CSV_CELL = st.one_of(TEXT, CHOICE_TEXT)


def rows_of(cell):
    return st.lists(st.lists(cell, min_size=0, max_size=12), min_size=0, max_size=6)


def _parse(data):
    try:
        parsed = parse_roster(data, today=datetime.date(2026, 6, 1))
    except RosterImportError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.reason
            assert error.row is None or error.row >= 1
        return
    for parsed_row in parsed.rows:
        assert parsed_row.staff_no and parsed_row.values["name"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=rows_of(EXCEL_CELL), header=st.lists(st.sampled_from(HEADER + ["备注", ""]), max_size=12)
)
def test_xlsx_parser_only_raises_roster_errors(rows, header):
    _parse(xlsx_bytes(rows, header=header or None))


@settings(max_examples=200, deadline=None)
@given(
    rows=rows_of(CSV_CELL),
    header=st.just(HEADER) | st.none(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_csv_parser_only_raises_roster_errors(rows, header, encoding):
    _parse(csv_bytes(rows, header=header, encoding=encoding))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_only_raise_roster_errors(data):
    _parse(data)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_behind_a_zip_header_only_raise_roster_errors(data):
    _parse(b"PK\x03\x04" + data)
