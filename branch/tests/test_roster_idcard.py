"""Roster columns that real rosters carry: 身份证号 (birth date and gender derived, the number not
kept) and 离职日期 (the person leaves through the one service); old Excel .xls files."""

import datetime
import io

import pytest

from branch.models import Employee
from branch.roster import RosterImportError, import_roster, parse_roster
from branch.roster.idcard import IdNumberError, check_char, mask, parse_id_number
from branch.tests.roster_files import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)
ID18 = "11010519491231002X"  # the example in GB 11643: 1949-12-31, female, check character X
ID15 = "110105491231002"  # the same person in the old 15-digit form


def id_number(birth: str, sequence: str = "123", region: str = "410105") -> str:
    first17 = region + birth + sequence
    return first17 + check_char(first17)


def errors_of(data, branch=None):
    with pytest.raises(RosterImportError) as info:
        if branch is None:
            parse_roster(data)
        else:
            import_roster(branch=branch, file=data, filename="x")
    return info.value.errors


# --- the number itself ---------------------------------------------------------------------------


def test_gb_example_and_its_15_digit_form():
    for number in (ID18, ID15, ID18.lower(), " 1101 0519 4912 3100 2X "):
        facts = parse_id_number(number, today=TODAY)
        assert facts.birth_date == datetime.date(1949, 12, 31)
        assert facts.gender == "female"
    assert parse_id_number(id_number("19900517", "131"), today=TODAY).gender == "male"
    assert mask(ID18) == "1101**********002X"


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "11010519491231002",  # 17 digits
        "1101051949123100XX",
        id_number("19900230"),  # 30 February
        id_number("18991231"),  # before 1900
        id_number("20300101"),  # after today
        "110105491331002",  # 15-digit form, month 13
        "",
    ],
)
def test_wrong_numbers_are_refused(number):
    with pytest.raises(IdNumberError):
        parse_id_number(number or "x", today=TODAY)


# --- in the roster --------------------------------------------------------------------------------


def id_header(name="身份证号"):
    return [*HEADER, name]


def test_id_number_fills_birth_date_and_gender_under_any_heading(org):
    for heading in ("身份证号", "身份证号码", "公民身份号码"):
        data = csv_bytes([[*row(gender="", birth=""), ID18]], header=id_header(heading))
        values = parse_roster(data).rows[0].values
        assert values["birth_date"] == datetime.date(1949, 12, 31)
        assert values["gender"] == "female"


def test_id_number_without_birth_and_gender_columns_gives_a_birthday(org):
    header = ["工号", "姓名", "班组", "用工性质", "公民身份号码"]
    data = csv_bytes(
        [
            ["30001", "孙丽", "修井一班", "正式工", ID18],
            ["30002", "周强", "修井一班", "正式工", ID15],
        ],
        header=header,
    )
    report = import_roster(branch=org.branch, file=data, filename="r.csv")
    assert report.created == 2
    sun = Employee.objects.get(branch=org.branch, staff_no="30001")
    assert (sun.birth_date, sun.gender) == (datetime.date(1949, 12, 31), "female")
    assert Employee.objects.get(staff_no="30002").birth_date == datetime.date(1949, 12, 31)


def test_the_number_is_not_kept_anywhere(org):
    data = csv_bytes([[*row(gender="", birth=""), ID18]], header=id_header())
    import_roster(branch=org.branch, file=data, filename="r.csv")
    employee = Employee.objects.get(branch=org.branch, staff_no="10001")
    stored = [str(getattr(employee, f.attname)) for f in Employee._meta.concrete_fields]
    history = Employee.history.filter(staff_no="10001").values()
    stored += [str(v) for h in history for v in h.values()]
    assert not any("19491231002" in value or "110105" in value for value in stored)


def test_a_wrong_number_is_a_row_error_and_nothing_is_written(org):
    data = csv_bytes(
        [
            [*row(staff_no="30001"), ""],
            [*row(staff_no="30002", birth="", gender=""), "110105194912310021"],
        ],
        header=id_header(),
    )
    before = Employee.objects.count()
    (error,) = errors_of(data, org.branch)
    assert (error.row, error.column) == (3, "身份证号")
    assert "校验" in error.reason and "1101**********0021" in error.reason
    assert Employee.objects.count() == before


def test_number_and_birth_date_or_gender_that_disagree_are_row_errors():
    data = csv_bytes(
        [
            [*row(staff_no="30001", birth="1949-12-30", gender=""), ID18],
            [*row(staff_no="30002", birth="", gender="男"), ID18],
            [*row(staff_no="30003", birth="1949-12-31", gender="女"), ID18],  # agrees: fine
        ],
        header=id_header(),
    )
    errors = errors_of(data)
    assert [(e.row, e.column) for e in errors] == [(2, "出生日期"), (3, "性别")]
    assert "1949-12-31" in errors[0].reason and "不一致" in errors[0].reason


def test_an_18_digit_number_typed_as_a_number_is_refused():
    data = xlsx_bytes([[*row(birth="", gender=""), float(ID18[:17] + "1")]], header=id_header())
    (error,) = errors_of(data)
    assert error.column == "身份证号" and "文本" in error.reason


# --- 离职日期 ---------------------------------------------------------------------------------------


def test_leaving_date_ends_access_through_the_service(org, org2):
    header = [*HEADER, "离职日期"]
    worker = org.worker
    data = csv_bytes(
        [
            [*row(staff_no=worker.staff_no, name=worker.name, team=org.team_a.name), "2026-01-31"],
            [*row(staff_no="30009", hired="2020-01-01"), "2025-12-31"],
        ],
        header=header,
    )
    dry = import_roster(branch=org.branch, file=data, filename="r.csv", dry_run=True)
    assert "离职日期" in dry.changes[worker.staff_no]
    worker.user.refresh_from_db()
    assert worker.user.is_active
    import_roster(branch=org.branch, file=data, filename="r.csv")
    worker.refresh_from_db()
    worker.user.refresh_from_db()
    assert worker.left_on == datetime.date(2026, 1, 31)
    assert not worker.user.is_active
    assert Employee.objects.get(branch=org.branch, staff_no="30009").left_on == datetime.date(
        2025, 12, 31
    )
    # The other branch's person with the same staff number is untouched.
    org2.worker.user.refresh_from_db()
    assert org2.worker.user.is_active


def test_leaving_before_the_hire_date_is_a_row_error(org):
    header = [*HEADER, "离职日期"]
    data = csv_bytes([[*row(hired="2020-01-01"), "2019-12-31"]], header=header)
    (error,) = errors_of(data)
    assert (error.row, error.column) == (2, "离职日期")


# --- old Excel (.xls) -------------------------------------------------------------------------------


def xls_bytes(rows, *, header=HEADER):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls fixtures (requirements-dev)")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_old_excel_file_imports_like_xlsx(org):
    data = xls_bytes(
        [
            ["30001", "孙丽", "修井一班", "正式工", "党员", "女", datetime.date(1988, 3, 9), "农历",
             datetime.date(2010, 7, 1), 13812345678.0],
            [30002.0, "周强", "新班组", "劳务工", "", "男", "1990/5/17", "", "", ""],
        ]
    )  # fmt: skip
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    report = import_roster(branch=org.branch, file=data, filename="r.xls")
    assert report.created == 2 and report.teams_created == ["新班组"]
    sun = Employee.objects.get(branch=org.branch, staff_no="30001")
    assert sun.birth_date == datetime.date(1988, 3, 9)
    assert sun.mobile == "13812345678" and sun.birthday_calendar == "lunar"
    assert Employee.objects.get(branch=org.branch, staff_no="30002").name == "周强"


def test_an_old_excel_file_with_a_bad_row_writes_nothing(org):
    data = xls_bytes([row(staff_no="30001"), row(staff_no="30002", kind="外星人")])
    before = Employee.objects.count()
    (error,) = errors_of(data, org.branch)
    assert (error.row, error.column) == (3, "用工性质")
    assert Employee.objects.count() == before


def test_a_damaged_old_excel_file_is_refused_with_a_reason():
    data = xls_bytes([row()])
    (error,) = errors_of(data[:600])
    assert error.row is None and "xls" in error.reason


def test_the_shared_reader_gives_the_same_rows_for_xls_xlsx_and_csv():
    from branch.spreadsheets import read_rows

    rows = [row(), row(staff_no="10002", name="李四")]
    read = [
        read_rows(build(rows), max_rows=10)
        for build in (xls_bytes, xlsx_bytes, lambda r: csv_bytes(r))
    ]
    names = [[cells[1] for _n, cells in r] for r in read]
    assert names[0] == names[1] == names[2] == ["姓名", "张三", "李四"]
    assert [n for n, _c in read[0]] == [1, 2, 3]
