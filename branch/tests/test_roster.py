"""Roster import (花名册): accepted formats and values, every error kind, all-or-nothing writes,
idempotent re-import, dry runs and the query bound."""

import datetime

import pytest

from branch.models import Employee, Team
from branch.roster import RosterImportError, import_roster, parse_roster
from branch.tests.roster_files import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def history_count():
    return Employee.history.count()


def db_state():
    return Employee.objects.count(), Team.objects.count(), history_count()


def errors_of(data, branch=None):
    with pytest.raises(RosterImportError) as info:
        if branch is None:
            parse_roster(data)
        else:
            import_roster(branch=branch, file=data, filename="x")
    return info.value.errors


def only_error(data, branch=None):
    errors = errors_of(data, branch)
    assert len(errors) == 1, errors
    return errors[0]


# --- good input -------------------------------------------------------------------------------


def test_import_creates_employees_and_teams(org):
    data = csv_bytes(
        [
            row(),
            row(
                staff_no="10002",
                name="李四",
                team="修井三班",
                kind="劳务工",
                political="",
                gender="女",
                calendar="农历",
                mobile="",
            ),
            row(
                staff_no="10003",
                name="王五",
                team="修井一班",
                kind="实习生",
                political="团员",
                gender="",
                birth="",
                hired="",
                calendar="",
            ),
        ]
    )
    report = import_roster(branch=org.branch, file=data, filename="roster.csv")
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.teams_created == ["修井三班"]
    li = Employee.objects.get(branch=org.branch, staff_no="10002")
    assert li.team.name == "修井三班"
    assert li.employment_type == "contract"
    assert li.political_status == "masses"
    assert li.gender == "female"
    assert li.birthday_calendar == "lunar"
    assert li.birth_date == datetime.date(1990, 5, 17)
    wang = Employee.objects.get(branch=org.branch, staff_no="10003")
    assert wang.team == org.team_a
    assert (wang.employment_type, wang.political_status) == ("intern", "league")
    assert wang.birth_date is None and wang.hired_on is None
    assert wang.birthday_calendar == "solar"
    assert li.history.count() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(org, encoding):
    data = csv_bytes([row(name="欧阳娜娜", team="修井一班")], encoding=encoding)
    import_roster(branch=org.branch, file=data, filename="r.csv")
    assert Employee.objects.get(staff_no="10001").name == "欧阳娜娜"


def test_content_decides_type_not_extension(org):
    xlsx = xlsx_bytes([row()])
    import_roster(branch=org.branch, file=xlsx, filename="roster.csv")
    assert Employee.objects.filter(staff_no="10001").exists()
    import_roster(branch=org.branch, file=csv_bytes([row(staff_no="10002")]), filename="r.xlsx")
    assert Employee.objects.filter(staff_no="10002").exists()


@pytest.mark.parametrize(
    "text",
    [
        "1990-05-17",
        "1990/5/17",
        "1990.5.17",
        "1990年5月17日",
        "19900517",
        " 1990-05-17 ",
        "1990-05-17 00:00:00",
        "１９９０－０５－１７",
    ],
)
def test_date_spellings(text):
    parsed = parse_roster(csv_bytes([row(birth=text)]))
    assert parsed.rows[0].values["birth_date"] == datetime.date(1990, 5, 17)


def test_xlsx_cells_real_dates_serials_and_numbers(org):
    data = xlsx_bytes(
        [
            row(
                staff_no=20001,
                birth=datetime.datetime(1988, 2, 29),
                hired=datetime.date(2010, 3, 1),
                mobile=13812345678,
            ),
            row(staff_no=20002.0, birth=32874, hired=40179.0, mobile=13912345678.0),
            row(staff_no="20003", birth=19880229, mobile="139 1234 5670"),
        ]
    )
    import_roster(branch=org.branch, file=data, filename="r.xlsx")
    first = Employee.objects.get(staff_no="20001")
    assert first.birth_date == datetime.date(1988, 2, 29)
    assert first.hired_on == datetime.date(2010, 3, 1)
    assert first.mobile == "13812345678"
    second = Employee.objects.get(staff_no="20002")
    assert second.birth_date == datetime.date(1990, 1, 1)  # Excel serial 32874
    assert second.hired_on == datetime.date(2010, 1, 1)  # Excel serial 40179
    assert second.mobile == "13912345678"
    third = Employee.objects.get(staff_no="20003")
    assert third.birth_date == datetime.date(1988, 2, 29)
    assert third.mobile == "13912345670"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("正式工", "formal"),
        ("正式员工", "formal"),
        ("正式", "formal"),
        ("合同化员工", "formal"),
        ("农民合同工", "contract"),
        ("合同工", "contract"),
        ("劳务工", "contract"),
        ("农民工", "contract"),
        ("劳务派遣工", "contract"),
        ("临时工", "contract"),
        ("短期实习生", "intern"),
        ("实习生", "intern"),
        ("实习", "intern"),
        ("见习生", "intern"),
        ("formal", "formal"),
        ("Contract", "contract"),
        ("intern", "intern"),
        (" 正式工 ", "formal"),
    ],
)
def test_employment_synonyms(value, expected):
    assert parse_roster(csv_bytes([row(kind=value)])).rows[0].values["employment_type"] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("中共党员", "member"),
        ("党员", "member"),
        ("共产党员", "member"),
        ("中共预备党员", "probationary"),
        ("预备党员", "probationary"),
        ("共青团员", "league"),
        ("团员", "league"),
        ("群众", "masses"),
        ("", "masses"),
    ],
)
def test_political_synonyms(value, expected):
    assert (
        parse_roster(csv_bytes([row(political=value)])).rows[0].values["political_status"]
        == expected
    )


@pytest.mark.parametrize(
    ("gender", "calendar", "expected"),
    [
        ("男", "公历", ("male", "solar")),
        ("男性", "阳历", ("male", "solar")),
        ("女", "新历", ("female", "solar")),
        ("女性", "农历", ("female", "lunar")),
        ("", "阴历", ("", "lunar")),
        ("女", "旧历", ("female", "lunar")),
    ],
)
def test_gender_and_calendar_synonyms(gender, calendar, expected):
    values = parse_roster(csv_bytes([row(gender=gender, calendar=calendar)])).rows[0].values
    assert (values["gender"], values["birthday_calendar"]) == expected


def test_header_spaces_order_title_row_and_unknown_columns(org):
    header = ["  手机", "姓\u3000名", "\u3000工号 ", "班组", "用工性质", "备注", "出生日期"]
    data = xlsx_bytes(
        [header, ["13812345678", "张三", "10001", "修井一班", "正式工", "老师傅", "1990-05-17"]],
        header=["作业大队花名册（2026年）"],
    )
    report = import_roster(branch=org.branch, file=data, filename="r.xlsx")
    assert report.created == 1
    assert any("备注" in w for w in report.warnings)
    employee = Employee.objects.get(staff_no="10001")
    assert employee.birthday_calendar == "solar"
    assert employee.mobile == "13812345678"


def test_blank_rows_are_skipped_and_row_numbers_count_them():
    data = csv_bytes([row(), ["", "", ""], ["  "], row(staff_no="10002", kind="xx")])
    error = only_error(data)
    assert (error.row, error.column) == (5, "用工性质")


@pytest.mark.parametrize("mobile", ["0546-8761234", "05468761234", "8761234", "+86 138 1234 5678"])
def test_landlines_and_prefixed_mobiles_are_accepted(mobile):
    value = parse_roster(csv_bytes([row(mobile=mobile)])).rows[0].values["mobile"]
    assert "-" not in value and " " not in value


def test_formula_like_name_is_stored_as_text(org):
    name = '=HYPERLINK("http://evil.example","点我")'
    import_roster(branch=org.branch, file=csv_bytes([row(name=name)]), filename="r.csv")
    assert Employee.objects.get(staff_no="10001").name == name


# --- bad input: every error names row, column and reason ----------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"birth": "2023-02-29"}, "出生日期", "不存在"),
        ({"birth": "2024-13-01"}, "出生日期", "不存在"),
        ({"hired": "2024/2/30"}, "入职日期", "不存在"),
        ({"birth": "1899-12-31"}, "出生日期", "早于 1900 年"),
        ({"hired": "2999-01-01"}, "入职日期", "晚于今天"),
        ({"birth": "去年"}, "出生日期", "无法识别的日期「去年」"),
        ({"birth": "2000-01-01", "hired": "1999-01-01"}, "入职日期", "入职日期必须晚于出生日期"),
        ({"birth": "2000-01-01", "hired": "2000-01-01"}, "入职日期", "入职日期必须晚于出生日期"),
        (
            {"kind": "外包工"},
            "用工性质",
            "无法识别的用工性质「外包工」，可填：正式工、农民合同工、短期实习生",
        ),
        ({"kind": ""}, "用工性质", "用工性质不能为空"),
        ({"political": "民主党派"}, "政治面貌", "无法识别的政治面貌「民主党派」"),
        ({"gender": "未知"}, "性别", "无法识别的性别「未知」，可填：男、女"),
        ({"calendar": "藏历"}, "生日历法", "无法识别的生日历法「藏历」，可填：公历、农历"),
        ({"name": ""}, "姓名", "姓名不能为空"),
        ({"name": "   "}, "姓名", "姓名不能为空"),
        ({"name": "张" * 51}, "姓名", "姓名过长"),
        ({"name": "张\x07三"}, "姓名", "控制字符"),
        ({"team": ""}, "班组", "班组不能为空"),
        ({"staff_no": ""}, "工号", "工号不能为空"),
        ({"staff_no": "10 001"}, "工号", "工号「10 001」无效"),
        ({"staff_no": "一零零"}, "工号", "无效"),
        ({"mobile": "12345"}, "手机", "手机号码「12345」无效"),
        ({"mobile": "1381234567"}, "手机", "无效"),
        ({"mobile": "23812345678"}, "手机", "无效"),
    ],
)
def test_bad_cells(org, changes, column, reason):
    before = db_state()
    error = only_error(csv_bytes([row(**changes)]), org.branch)
    assert error.row == 2
    assert error.column == column
    assert reason in error.reason
    assert db_state() == before


def test_bad_xlsx_cells():
    errors = errors_of(
        xlsx_bytes(
            [
                row(staff_no=10001.5),
                row(staff_no="10002", mobile=1381234567.5),
                row(staff_no="10003", birth=datetime.time(8, 0)),
                row(staff_no="10004", birth=-3),
            ]
        )
    )
    assert [(e.row, e.column) for e in errors] == [
        (2, "工号"),
        (3, "手机"),
        (4, "出生日期"),
        (5, "出生日期"),
    ]


def test_duplicate_staff_no_names_both_rows():
    data = csv_bytes([row(), row(staff_no="10002"), row(staff_no="10001", name="另一个")])
    error = only_error(data)
    assert (error.row, error.column) == (4, "工号")
    assert "第 2 行" in error.reason and "第 4 行" in error.reason


def test_missing_required_columns():
    header = [h for h in HEADER if h not in ("姓名", "用工性质")]
    data = csv_bytes(
        [["10001", "修井一班", "党员", "男", "1990-05-17", "公历", "2012-07-01", "13812345678"]],
        header=header,
    )
    errors = errors_of(data)
    assert {(e.row, e.column) for e in errors} == {(1, "姓名"), (1, "用工性质")}
    assert all("缺少必填列" in e.reason for e in errors)


def test_duplicate_header_column():
    error = only_error(csv_bytes([row() + ["李四"]], header=HEADER + ["姓名"]))
    assert (error.row, error.column) == (1, "姓名")
    assert "不止一次" in error.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件是空的"),
        (b"   \r\n\r\n", "文件是空的"),
        ("\ufeff".encode(), "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "不是表格文件"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "不是表格文件"),
        (b"PK\x03\x04this is not really a zip", "不是有效的 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "无法打开"),
        (b"\x01\x02\x03\x04\x05hello\x06\x07\x08\x0b\x0c", "不是表格文件"),
        (bytes(range(0x80, 0xFF)), "不是表格文件"),
    ],
)
def test_not_a_roster_file(data, reason):
    error = only_error(data)
    assert error.row is None
    assert reason in error.reason


def test_zip_that_is_not_a_workbook():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    assert "不是有效的 Excel" in only_error(buffer.getvalue()).reason


def test_header_without_rows():
    error = only_error(csv_bytes([]))
    assert "没有数据行" in error.reason
    error = only_error(xlsx_bytes([["", None]]))
    assert "没有数据行" in error.reason


def test_text_that_is_no_roster_reports_missing_columns():
    errors = errors_of("随便写的一段文字\n第二行".encode())
    assert {e.column for e in errors} == {"工号", "姓名", "班组", "用工性质"}


def test_half_bad_file_writes_nothing(org):
    good = [row(staff_no=f"3{i:04d}", team="新班组") for i in range(20)]
    changed_existing = row(staff_no="W001", name="张正式改名", team="修井一班")
    bad = row(staff_no="39999", birth="2023-02-29")
    before = db_state()
    errors = errors_of(csv_bytes([*good, changed_existing, bad]), org.branch)
    assert [(e.row, e.column) for e in errors] == [(23, "出生日期")]
    assert db_state() == before
    assert Employee.objects.get(staff_no="W001").name == "张正式"
    assert not Team.objects.filter(name="新班组").exists()


def test_all_errors_are_reported_at_once():
    data = csv_bytes(
        [
            row(kind="外包工"),
            row(staff_no="10002", name="", birth="2023-02-29"),
            row(staff_no="10001"),
        ]
    )
    errors = errors_of(data)
    assert [(e.row, e.column) for e in errors] == [
        (2, "用工性质"),
        (3, "姓名"),
        (3, "出生日期"),
        (4, "工号"),
    ]
    text = str(RosterImportError(errors))
    assert "第 3 行 [姓名]：姓名不能为空" in text


# --- re-import, updates, dry run ----------------------------------------------------------


def test_reimport_changes_nothing(org):
    data = xlsx_bytes([row(), row(staff_no="10002", team="修井三班", calendar="农历")])
    import_roster(branch=org.branch, file=data, filename="r.xlsx")
    before = db_state()
    stamps = dict(Employee.objects.values_list("staff_no", "updated_at"))
    report = import_roster(branch=org.branch, file=data, filename="r.xlsx")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert report.teams_created == []
    assert db_state() == before
    assert dict(Employee.objects.values_list("staff_no", "updated_at")) == stamps


def test_changed_row_updates_that_employee_only(org):
    import_roster(branch=org.branch, file=csv_bytes([row(), row(staff_no="10002")]), filename="a")
    history_before = history_count()
    data = csv_bytes(
        [row(team="修井二班", mobile="13900000000", political="预备党员"), row(staff_no="10002")]
    )
    report = import_roster(branch=org.branch, file=data, filename="b")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.changes == {"10001": ["班组", "政治面貌", "手机"]}
    employee = Employee.objects.get(staff_no="10001")
    assert employee.team == org.team_b
    assert employee.mobile == "13900000000"
    assert employee.political_status == "probationary"
    assert history_count() == history_before + 1
    latest = employee.history.first()
    assert latest.history_type == "~" and latest.team_id == org.team_b.pk


def test_employees_absent_from_file_and_absent_columns_are_left_alone(org):
    org.worker.mobile = "13800000001"
    org.worker.birthday_calendar = "lunar"
    org.worker.save()
    header = ["工号", "姓名", "班组", "用工性质"]
    data = csv_bytes([["W001", "张正式", "修井一班", "正式工"]], header=header)
    report = import_roster(branch=org.branch, file=data, filename="r.csv")
    assert report.unchanged == 1
    org.worker.refresh_from_db()
    assert org.worker.mobile == "13800000001" and org.worker.birthday_calendar == "lunar"
    assert Employee.objects.filter(branch=org.branch).count() == 7


def test_update_conflicting_with_stored_hire_date_is_an_error(org):
    header = ["工号", "姓名", "班组", "用工性质", "出生日期"]
    data = csv_bytes([["W001", "张正式", "修井一班", "正式工", "2016-01-01"]], header=header)
    error = only_error(data, org.branch)  # stored 入职日期 is 2015-07-01
    assert (error.row, error.column) == (2, "出生日期")
    assert "必须晚于出生日期" in error.reason


def test_dry_run_writes_nothing_but_reports(org):
    data = csv_bytes([row(team="新班组"), row(staff_no="W001", name="张正式", team="修井二班")])
    before = db_state()
    report = import_roster(branch=org.branch, file=data, filename="r.csv", dry_run=True)
    assert db_state() == before
    assert report.dry_run
    assert (report.created, report.updated) == (1, 1)
    assert report.teams_created == ["新班组"]
    assert "班组" in report.changes["W001"]


def test_same_staff_no_in_another_branch_is_another_person(org):
    from branch.factories import BranchFactory

    other = BranchFactory(code="other")
    import_roster(branch=other, file=csv_bytes([row(staff_no="W001", name="外支部")]), filename="r")
    assert Employee.objects.get(branch=org.branch, staff_no="W001").name == "张正式"
    assert Employee.objects.get(branch=other, staff_no="W001").name == "外支部"


def test_file_objects_and_paths_are_accepted(org, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([row()]))
    import_roster(branch=org.branch, file=str(path), filename="r.csv")
    with path.open("rb") as handle:
        report = import_roster(branch=org.branch, file=handle, filename="r.csv")
    assert report.unchanged == 1


# --- queries ------------------------------------------------------------------------------


def _big_file(n, *, prefix="5"):
    teams = ["修井一班", "修井二班", "修井三班", "作业四班"]
    return xlsx_bytes(
        [
            row(
                staff_no=f"{prefix}{i:05d}",
                name=f"员工{i}",
                team=teams[i % 4],
                mobile=f"138{i:08d}",
            )
            for i in range(n)
        ]
    )


# The same bound for 50 and 500 rows: queries do not grow with the file. Teams are registered
# snippets, so each new team also updates Wagtail's reference index.
ROSTER_QUERY_BOUND = 50


@pytest.mark.parametrize("n", [50, 500])
def test_import_query_count_is_bounded(org, n, django_assert_max_num_queries):
    data = _big_file(n)
    with django_assert_max_num_queries(ROSTER_QUERY_BOUND):
        import_roster(branch=org.branch, file=data, filename="r.xlsx")
    with django_assert_max_num_queries(ROSTER_QUERY_BOUND):
        report = import_roster(branch=org.branch, file=data, filename="r.xlsx")
    assert report.unchanged == n
    assert Employee.objects.filter(branch=org.branch).count() == 7 + n


@pytest.mark.parametrize("n", [50, 500])
def test_update_query_count_is_bounded(org, n, django_assert_max_num_queries):
    import_roster(branch=org.branch, file=_big_file(n), filename="r.xlsx")
    data = xlsx_bytes(
        [
            row(staff_no=f"5{i:05d}", name=f"员工{i}改", team="修井一班", mobile=f"138{i:08d}")
            for i in range(n)
        ]
    )
    with django_assert_max_num_queries(ROSTER_QUERY_BOUND):
        report = import_roster(branch=org.branch, file=data, filename="r.xlsx")
    assert report.updated == n


def test_too_many_rows(monkeypatch):
    from branch.roster import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [row(staff_no=f"1{i:04d}") for i in range(20)]
    assert "行数过多" in only_error(csv_bytes(rows)).reason


def test_formatted_blank_rows_do_not_count(monkeypatch):
    from branch.roster import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    data = xlsx_bytes([row(), *([[None] * 10] * 50), row(staff_no="10002")])
    parsed = parse_roster(data)
    assert [r.row for r in parsed.rows] == [2, 53]


def test_csv_with_tabs_or_semicolons():
    for delimiter in ("\t", ";"):
        parsed = parse_roster(csv_bytes([row()], delimiter=delimiter))
        assert parsed.rows[0].values["name"] == "张三"


def test_a_clash_while_saving_becomes_a_roster_error(org, monkeypatch):
    from django.db import IntegrityError

    from branch.roster import applying

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(applying, "bulk_create_with_history", clash)
    before = db_state()
    error = only_error(csv_bytes([row(team="新班组")]), org.branch)
    assert "未写入任何数据" in error.reason
    assert db_state() == before


def test_people_who_left_are_updated_but_stay_left(org):
    from branch.services import employee_mark_left

    employee_mark_left(employee=org.intern, left_on=datetime.date(2026, 1, 1))
    data = csv_bytes([row(staff_no="W003", name="王实习", kind="实习生", mobile="13700000000")])
    report = import_roster(branch=org.branch, file=data, filename="r.csv")
    assert report.updated == 1
    assert any("W003" in w and "离职" in w for w in report.warnings)
    org.intern.refresh_from_db()
    assert org.intern.left_on == datetime.date(2026, 1, 1)
    assert org.intern.mobile == "13700000000"
