"""Reading .xlsx: the fast reader (python-calamine) gives the rows openpyxl gave, value for value
and type for type, with the same row numbers, and hands the files it would read otherwise to
openpyxl (error cells, numbers of 16 digits or more, sheets too long to load whole)."""

import datetime
import io

import pytest
from openpyxl import Workbook

from branch import spreadsheets
from branch.roster import RosterImportError, parse_roster
from branch.spreadsheets import SheetError, read_rows
from branch.tests.roster_files import HEADER, row, xlsx_bytes

ID18 = "11010519491231002X"  # GB 11643's example: 1949-12-31, female


def workbook_bytes(fill) -> bytes:
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fast_rows(data, max_rows=100):
    rows = spreadsheets._Rows(max_rows, 10)
    spreadsheets._read_xlsx_calamine(data, rows)
    return rows.rows


def openpyxl_rows(data, max_rows=100):
    rows = spreadsheets._Rows(max_rows, 10)
    spreadsheets._read_xlsx_openpyxl(data, rows)
    return rows.rows


def typed(rows):
    return [(number, [(type(v).__name__, v) for v in cells]) for number, cells in rows]


def assert_same_rows(data, max_rows=100):
    fast = fast_rows(data, max_rows)
    assert typed(fast) == typed(openpyxl_rows(data, max_rows))
    return fast


def test_text_numbers_keep_leading_zeros_and_stay_text():
    data = xlsx_bytes(
        [
            row(staff_no="000123", mobile="05468761234", gender="女", birth="1949-12-31") + [ID18],
            row(staff_no="0042", gender="女", birth="1949-12-31") + ["110105491231002"],
        ],
        header=[*HEADER, "身份证号"],
    )
    rows = assert_same_rows(data)
    assert [cells[0] for _n, cells in rows[1:]] == ["000123", "0042"]
    assert [cells[-1] for _n, cells in rows[1:]] == [ID18, "110105491231002"]
    parsed = parse_roster(data)
    assert [r.staff_no for r in parsed.rows] == ["000123", "0042"]
    assert parsed.rows[0].values["mobile"] == "05468761234"


def test_whole_numbers_and_floats_like_one_point_zero():
    data = xlsx_bytes(
        [
            row(staff_no=20001, mobile=13812345678),
            row(staff_no=20002.0, mobile=13912345678.0, birth=32874.0),
            row(staff_no="20003", mobile=1.5),
            row(staff_no=110101900307123),  # an old 15-digit ID number typed as a number
        ]
    )
    rows = assert_same_rows(data)
    assert rows[2][1][0] == 20002 and isinstance(rows[2][1][0], int)
    assert rows[3][1][-1] == 1.5


def test_dates_as_excel_dates_serials_and_text():
    def fill(sheet):
        sheet.append(HEADER)
        sheet.append(row(birth=datetime.date(1988, 2, 29), hired=datetime.datetime(2010, 3, 1)))
        sheet.append(row(staff_no="10002", birth="1990-05-17", hired="2012年7月1日"))
        sheet.append(row(staff_no="10003", birth=32874, hired=19880229))
        sheet["G4"].number_format = "yyyy-mm-dd"  # a serial shown as a date
        sheet.append(row(staff_no="10004", hired=datetime.datetime(2012, 7, 1, 8, 30)))
        sheet["A6"], sheet["B6"] = datetime.time(8, 0), datetime.timedelta(hours=30)
        sheet["B6"].number_format = "[h]:mm"
        sheet["C6"], sheet["D6"] = True, 59  # 1900-02-28: before Excel's phantom 29 Feb
        sheet["D6"].number_format = "yyyy-mm-dd"

    data = workbook_bytes(fill)
    rows = assert_same_rows(data)
    assert rows[1][1][6] == datetime.datetime(1988, 2, 29)
    assert rows[3][1][6] == datetime.datetime(1990, 1, 1)


def test_blank_rows_title_rows_and_a_header_away_from_the_corner():
    def fill(sheet):
        sheet["B1"] = "作业大队党支部花名册"
        sheet.merge_cells("B1:K1")
        for column, name in enumerate(HEADER, start=2):
            sheet.cell(row=3, column=column, value=name)
        for column, value in enumerate(row(), start=2):
            sheet.cell(row=4, column=column, value=value)
        sheet["C5"].number_format = "@"  # formatted, but empty
        for column, value in enumerate(row(staff_no="10002", birth="1990-02-30"), start=2):
            sheet.cell(row=7, column=column, value=value)

    data = workbook_bytes(fill)
    rows = assert_same_rows(data)
    assert [number for number, _cells in rows] == [1, 3, 4, 7]
    assert rows[1][1][:2] == [None, "工号"]
    with pytest.raises(RosterImportError) as fast:
        parse_roster(data)
    assert [(e.row, e.column) for e in fast.value.errors] == [(7, "出生日期")]


def test_error_rows_name_the_same_spreadsheet_rows_as_before(monkeypatch):
    data = xlsx_bytes(
        [row(), [None] * 10, row(staff_no="10002", kind="临时"), row(staff_no="10001")]
    )
    with pytest.raises(RosterImportError) as fast:
        parse_roster(data)
    monkeypatch.setattr(spreadsheets, "_read_xlsx", spreadsheets._read_xlsx_openpyxl)
    with pytest.raises(RosterImportError) as before:
        parse_roster(data)
    assert fast.value.errors == before.value.errors
    assert [(e.row, e.column) for e in fast.value.errors] == [(4, "用工性质"), (5, "工号")]


def test_error_cells_read_as_before_and_are_reported():
    # python-calamine reads #N/A as an empty cell; a looked-up date that failed must not
    # silently clear the birth date, so such a file is read by openpyxl.
    def fill(sheet):
        sheet.append(HEADER)
        sheet.append(row())
        sheet["G2"] = "#N/A"
        sheet["G2"].data_type = "e"

    data = workbook_bytes(fill)
    with pytest.raises(spreadsheets._UseOpenpyxl):
        fast_rows(data)
    assert read_rows(data, max_rows=10) == openpyxl_rows(data)
    assert read_rows(data, max_rows=10)[1][1][6] == "#N/A"
    with pytest.raises(RosterImportError) as info:
        parse_roster(data)
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "出生日期")]


def test_numbers_of_sixteen_digits_or_more_read_as_before():
    data = xlsx_bytes([row(staff_no="10001") + [110101199003071234]], header=[*HEADER, "身份证号"])
    with pytest.raises(spreadsheets._UseOpenpyxl):
        fast_rows(data)
    assert typed(read_rows(data, max_rows=10)) == typed(openpyxl_rows(data))


def test_an_empty_sheet_and_a_damaged_file_read_as_before():
    assert read_rows(workbook_bytes(lambda sheet: None), max_rows=10) == []
    with pytest.raises(SheetError, match="Excel"):
        read_rows(b"PK\x03\x04this is not really a zip", max_rows=10)


def long_sheet(rows: int) -> bytes:
    return spreadsheets.build_xlsx(
        [("花名册", HEADER, (row(staff_no=f"{i:06d}") for i in range(rows)))]
    )


def test_a_sheet_up_to_the_limit_is_read_whole():
    # Over 1 MB of sheet XML: the scan that counts rows reads it in several slices.
    data = long_sheet(12_000)
    rows = read_rows(data, max_rows=12_000, extra_rows=1)
    assert len(rows) == 12_001 and rows[-1][0] == 12_001
    assert fast_rows(data, max_rows=12_000) == rows


def test_a_sheet_longer_than_the_limit_is_refused_with_a_clear_error(monkeypatch):
    from branch.roster import reading

    data = long_sheet(12_000)
    with pytest.raises(SheetError, match="行数过多|Too many rows"):
        read_rows(data, max_rows=11_990)
    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    with pytest.raises(RosterImportError) as info:
        parse_roster(data)
    (error,) = info.value.errors
    assert error.row is None and "行数过多" in error.reason and "50" in error.reason
