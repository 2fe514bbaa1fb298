"""manage.py import_roster / export_roster: exit codes, Chinese output, branch choice."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from branch.factories import BranchFactory
from branch.models import Employee, Team
from branch.tests.roster_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    def make(data, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


def test_import_prints_a_chinese_report(org, roster_file):
    path = roster_file(csv_bytes([row(), row(staff_no="W001", name="张正式", team="修井二班")]))
    out, _err = run("import_roster", path, "--branch", "zydd")
    assert "已新增 1 人" in out and "已更新 1 人" in out
    assert "更新 W001 张正式：班组 修井一班 → 修井二班" in out
    assert Employee.objects.get(staff_no="10001").team.name == "修井一班"


def test_branch_may_be_omitted_when_there_is_only_one(org, roster_file):
    out, _err = run("import_roster", roster_file(xlsx_bytes([row()]), "r.xlsx"))
    assert "已新增 1 人" in out


def test_dry_run_prints_the_same_report_and_writes_nothing(org, roster_file):
    path = roster_file(csv_bytes([row(team="新班组")]))
    before = (Employee.objects.count(), Team.objects.count(), Employee.history.count())
    out, _err = run("import_roster", path, "--dry-run")
    assert "试运行" in out and "将新增 1 人" in out and "新建班组：新班组" in out
    assert (Employee.objects.count(), Team.objects.count(), Employee.history.count()) == before


def test_bad_file_lists_every_error_and_exits_non_zero(org, roster_file):
    path = roster_file(csv_bytes([row(birth="2023-02-29"), row(staff_no="10002", kind="外包工")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 处错误") as info:
        call_command("import_roster", path, stdout=io.StringIO(), stderr=err)
    assert "第 2 行 [出生日期]：日期「2023-02-29」不存在" in err.getvalue()
    assert "第 3 行 [用工性质]：无法识别的用工性质「外包工」" in err.getvalue()
    assert "未导入任何数据" in str(info.value)
    assert "第 2 行 [出生日期]" in str(info.value)
    assert not Employee.objects.filter(staff_no__in=["10001", "10002"]).exists()


def test_exit_status_is_non_zero_from_the_command_line(org, roster_file):
    from django.core.management import ManagementUtility

    path = roster_file(b"not,a,roster\n1,2,3\n")
    with pytest.raises(SystemExit) as info:
        ManagementUtility(["manage.py", "import_roster", path]).execute()
    assert info.value.code != 0


def test_unknown_branch_code(org, roster_file):
    with pytest.raises(CommandError, match="没有代码为「nope」的党支部；现有党支部代码：zydd"):
        run("import_roster", roster_file(csv_bytes([row()])), "--branch", "nope")


def test_ambiguous_branch(org, roster_file):
    BranchFactory(code="second")
    with pytest.raises(CommandError, match="有多个党支部，请用 --branch 指定"):
        run("import_roster", roster_file(csv_bytes([row()])))


def test_no_branch_at_all(db, roster_file):
    with pytest.raises(CommandError, match="还没有任何党支部"):
        run("import_roster", roster_file(csv_bytes([row()])))


def test_missing_file(org, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run("import_roster", str(tmp_path / "nope.xlsx"))


def test_not_a_spreadsheet(org, roster_file):
    path = roster_file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.xlsx")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", path, stdout=io.StringIO(), stderr=err)
    assert "文件：不是表格文件" in err.getvalue()


def test_export_command_writes_active_roster(org, tmp_path):
    import datetime

    from branch.services import employee_mark_left

    employee_mark_left(employee=org.intern, left_on=datetime.date(2026, 1, 1))
    path = tmp_path / "out.xlsx"
    out, _err = run("export_roster", "--branch", "zydd", "-o", str(path))
    assert "6 人" in out
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("工号", "姓名", "班组", "用工性质")
    staff_nos = {r[0] for r in rows[1:]}
    assert "W003" not in staff_nos and "W002" in staff_nos


def test_export_requires_xlsx_name(org, tmp_path):
    with pytest.raises(CommandError, match=".xlsx"):
        run("export_roster", "-o", str(tmp_path / "out.csv"))
