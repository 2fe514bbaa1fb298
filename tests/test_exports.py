"""Safe CSV through one helper: cells that a spreadsheet would run as formulas are neutralised,
files are UTF-8 with BOM, in the admin's CSV exports (employees, study records) and the helper
itself; another branch's rows never appear."""

import csv
import io

import pytest
from django.urls import reverse

from branch.exports import BOM, csv_bytes, csv_cell
from branch.factories import EmployeeFactory
from home.factories import study_index, study_material
from home.models import StudyRecord

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+2", "+86 13800000000", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_neutralised(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value, expected",
    [("张三", "张三"), ("a=b", "a=b"), ("", ""), (None, ""), (-5, -5), (3.5, 3.5), ("'=x", "'=x")],
)
def test_ordinary_values_are_kept(value, expected):
    assert csv_cell(value) == expected


def test_csv_bytes_start_with_a_bom_and_read_back_as_text():
    data = csv_bytes(["姓名", "备注"], [['=HYPERLINK("http://x")', "张三"]])
    assert data.startswith(BOM.encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["姓名", "备注"], ['\'=HYPERLINK("http://x")', "张三"]]


def read_export(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM.encode())
    assert response["Content-Type"].startswith("text/csv")
    assert "charset=utf-8" in response["Content-Type"]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_employee_export_is_safe_and_scoped(client, org, org2):
    EmployeeFactory(team=org.team_a, staff_no="W900", name="=cmd|' /C calc'!A0")
    EmployeeFactory(team=org2.team, staff_no="W901", name="@外支部公式")
    client.force_login(org.secretary_user)
    response = client.get(reverse("wagtailsnippets_branch_employee:list") + "?export=csv")
    assert response.status_code == 200
    rows = read_export(response)
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "=cmd|' /C calc'!A0" not in cells
    assert "张正式" in cells  # plain Chinese survives
    header, row = rows[0], next(row for row in rows if row[0] == "W900")
    # Choices as the admin shows them, not their stored codes.
    assert row[header.index("用工性质")] in {"正式工", "农民合同工", "短期实习生"}
    assert not {"formal", "contract", "intern", "male", "female", "solar", "lunar"} & set(row)
    assert not any("外支部公式" in cell or "外员工" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_study_record_export_is_safe_and_scoped(client, org, org2):
    material = study_material(study_index(org.branch), title="-学习")
    other = study_material(study_index(org2.branch), title="外支部资料")
    danger = EmployeeFactory(team=org.team_a, staff_no="W901", name="+危险")
    StudyRecord.objects.create(employee=danger, page=material)
    StudyRecord.objects.create(employee=org2.worker, page=other)
    client.force_login(org.secretary_user)
    response = client.get(reverse("wagtailsnippets_home_studyrecord:list") + "?export=csv")
    assert response.status_code == 200
    cells = [cell for row in read_export(response) for cell in row]
    assert any(cell.startswith("'+危险") for cell in cells)
    assert "'-学习" in cells
    assert not any("外支部资料" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def read_xlsx(response) -> list[tuple]:
    from openpyxl import load_workbook

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(body)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()], sheet


def test_study_record_xlsx_keeps_text_as_text_dates_as_dates_and_is_scoped(client, org, org2):
    """The .xlsx export: Chinese headings, formula-like names stored as text (never run), the
    study time a real date-time cell, nothing of the other branch."""
    import datetime

    material = study_material(study_index(org.branch), title='=HYPERLINK("http://x")')
    other = study_material(study_index(org2.branch), title="外支部资料")
    danger = EmployeeFactory(team=org.team_a, staff_no="W901", name="@SUM(A1)")
    record = StudyRecord.objects.create(employee=danger, page=material)
    StudyRecord.objects.create(employee=org.worker, page=material, method="meeting")
    StudyRecord.objects.create(employee=org2.worker, page=other)
    client.force_login(org.secretary_user)
    response = client.get(reverse("wagtailsnippets_home_studyrecord:list") + "?export=xlsx")
    assert response.status_code == 200
    rows, sheet = read_xlsx(response)
    assert rows[0] == ("员工", "学习资料", "方式", "学习时间")
    assert len(rows) == 3  # our two records, not the other branch's
    mine = next(row for row in rows[1:] if row[0].startswith("@SUM"))
    assert mine[0] == "@SUM(A1)（W901）"
    assert mine[1] == '=HYPERLINK("http://x")'
    assert mine[2] == "自学"  # the method's label, not its stored code
    assert next(row for row in rows[1:] if row is not mine)[2] == "集中学习"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert isinstance(mine[3], datetime.datetime)
    studied = record.studied_at.astimezone(datetime.UTC).replace(tzinfo=None)
    assert abs(mine[3] - studied) < datetime.timedelta(seconds=1)
    assert not any("外支部" in str(cell) for row in rows for cell in row)
