"""Roster export (花名册导出): Chinese values, real date cells, formula-like text kept as text,
and export → import changes nothing."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from branch.factories import EmployeeFactory
from branch.models import Employee
from branch.roster import COLUMNS, export_roster, import_roster
from branch.tests.roster_files import csv_bytes, row

pytestmark = pytest.mark.django_db


def exported_rows(branch):
    sheet = load_workbook(io.BytesIO(export_roster(branch=branch))).active
    return list(sheet.iter_rows()), list(sheet.iter_rows(values_only=True))


def test_export_has_the_import_columns_chinese_values_and_date_cells(org):
    org.contract_worker.political_status = "probationary"
    org.contract_worker.gender = "female"
    org.contract_worker.birthday_calendar = "lunar"
    org.contract_worker.mobile = "13812345678"
    org.contract_worker.save()
    cells, values = exported_rows(org.branch)
    assert list(values[0]) == COLUMNS
    by_staff_no = {v[0]: v for v in values[1:]}
    assert by_staff_no["W002"] == (
        "W002",
        "李合同",
        "修井一班",
        "农民合同工",
        "预备党员",
        "女",
        datetime.datetime(1990, 5, 17),
        "农历",
        datetime.datetime(2015, 7, 1),
        "13812345678",
    )
    assert by_staff_no["W003"][3] == "短期实习生"
    assert by_staff_no["W001"][3:5] == ("正式工", "群众")
    birth_cell = cells[1][6]
    assert birth_cell.is_date


def test_round_trip_changes_nothing(org):
    EmployeeFactory(
        team=org.team_b,
        staff_no="X1",
        name='=HYPERLINK("http://x","y")',
        birth_date=None,
        hired_on=None,
        gender="",
        mobile="0546-8761234",
    )
    EmployeeFactory(
        team=org.team_b,
        staff_no="X2",
        name="+1 张",
        birthday_calendar="lunar",
        birth_date=datetime.date(1988, 2, 29),
        political_status="league",
    )
    history_before = Employee.history.count()
    stamps = dict(Employee.objects.values_list("staff_no", "updated_at"))
    report = import_roster(
        branch=org.branch, file=export_roster(branch=org.branch), filename="e.xlsx"
    )
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == Employee.objects.filter(branch=org.branch).count()
    assert Employee.history.count() == history_before
    assert dict(Employee.objects.values_list("staff_no", "updated_at")) == stamps


def test_formula_like_names_are_exported_as_text(org):
    name = '=HYPERLINK("http://evil.example","点我")'
    import_roster(branch=org.branch, file=csv_bytes([row(name=name)]), filename="r.csv")
    cells, values = exported_rows(org.branch)
    cell = next(r[1] for r in cells[1:] if r[0].value == "10001")
    assert cell.value == name
    assert cell.data_type == "s"


def test_export_covers_active_employees_of_that_branch_only(org):
    from branch.factories import BranchFactory, TeamFactory
    from branch.services import employee_mark_left

    EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="other")), staff_no="OUT1")
    employee_mark_left(employee=org.intern, left_on=datetime.date(2026, 1, 1))
    _cells, values = exported_rows(org.branch)
    staff_nos = [v[0] for v in values[1:]]
    assert "OUT1" not in staff_nos and "W003" not in staff_nos
    assert len(staff_nos) == 6
