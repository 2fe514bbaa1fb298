"""Demo organisation for ``manage.py seed_demo``: one branch, three teams, people of every
employment type (some without accounts) and a login per role. Re-running changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from . import roles, services
from .models import BirthdayCalendar, Branch, Employee, EmploymentType, Gender, PoliticalStatus

DEMO_PASSWORD = "zhibu-2026"

F, C, N = EmploymentType.FORMAL, EmploymentType.CONTRACT, EmploymentType.INTERN
M, P, L, Q = (
    PoliticalStatus.MEMBER,
    PoliticalStatus.PROBATIONARY,
    PoliticalStatus.LEAGUE,
    PoliticalStatus.MASSES,
)
# staff_no, name, team, type, political status, gender, birth date, calendar, hired on, account
PEOPLE = [
    (
        "S001",
        "秦仲运",
        "修井一班",
        F,
        M,
        "male",
        "1972-03-08",
        "solar",
        "1994-07-01",
        roles.SECRETARY,
    ),
    ("L001", "孙红", "修井一班", F, M, "female", "1980-11-26", "solar", "2002-07-01", roles.LEADER),
    ("L002", "崔河新", "修井二班", F, M, "male", "1978-01-30", "lunar", "1999-03-15", roles.LEADER),
    ("L003", "轩凯", "修井三班", F, P, "male", "1985-12-02", "solar", "2007-08-20", roles.LEADER),
    ("W001", "王进", "修井一班", F, M, "male", "1988-11-27", "solar", "2010-07-01", roles.WORKER),
    ("W002", "李大山", "修井一班", C, Q, "male", "1988-02-29", "solar", "2016-04-01", roles.WORKER),
    ("W003", "赵小燕", "修井一班", N, L, "female", "2004-12-01", "solar", "2026-07-01", None),
    ("W004", "刘铁柱", "修井一班", C, Q, "male", "1983-06-18", "lunar", "2012-05-10", None),
    ("W005", "陈志强", "修井一班", F, L, "male", "1996-09-09", "solar", "2018-07-01", roles.WORKER),
    ("W101", "周建国", "修井二班", F, M, "male", "1975-10-01", "solar", "1997-07-01", roles.WORKER),
    ("W102", "吴春生", "修井二班", C, Q, "male", "1987-04-05", "lunar", "2011-03-01", None),
    ("W103", "郑丽", "修井二班", F, Q, "female", "1992-12-05", "solar", "2014-07-01", roles.WORKER),
    ("W104", "冯磊", "修井二班", N, L, "male", "2005-05-20", "solar", "2026-06-15", None),
    ("W105", "马永福", "修井二班", C, Q, "male", "1979-08-15", "lunar", "2008-09-01", None),
    ("W201", "何平", "修井三班", F, M, "male", "1982-07-01", "solar", "2004-07-01", roles.WORKER),
    ("W202", "高原", "修井三班", C, Q, "male", "1991-11-30", "solar", "2015-02-01", None),
    ("W203", "林晓", "修井三班", N, L, "female", "2003-12-24", "solar", "2026-09-01", roles.WORKER),
    ("W204", "罗大勇", "修井三班", C, Q, "male", "1986-01-12", "lunar", "2013-06-01", None),
]


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@transaction.atomic
def seed() -> dict:
    branch = Branch.objects.filter(code="zydd").first() or services.branch_create(
        code="zydd", name="作业大队党支部"
    )
    teams = {}
    for name in ("修井一班", "修井二班", "修井三班"):
        teams[name], _ = services.team_get_or_create(branch=branch, name=name)
    logins = {}
    User = get_user_model()
    for staff_no, name, team, etype, political, gender, born, calendar, hired, role in PEOPLE:
        employee, _ = Employee.objects.get_or_create(
            branch=branch,
            staff_no=staff_no,
            defaults={
                "name": name,
                "team": teams[team],
                "employment_type": etype,
                "political_status": political,
                "gender": Gender(gender),
                "birth_date": _date(born),
                "birthday_calendar": BirthdayCalendar(calendar),
                "hired_on": _date(hired),
            },
        )
        if role is None:
            continue
        if (
            employee.user_id is None
            and not User.objects.filter(username=services.account_username(employee)).exists()
        ):
            services.employee_account_set(employee=employee, password=DEMO_PASSWORD)
        employee.refresh_from_db()
        if role == roles.LEADER and not employee.led_teams.exists():
            services.team_set_leaders(
                team=employee.team, leaders=[*employee.team.leaders.all(), employee]
            )
        if role == roles.SECRETARY and not branch.secretaries.filter(pk=employee.user_id).exists():
            services.branch_add_secretary(branch=branch, user=employee.user)
        logins.setdefault(role, staff_no)
    return {"branch": branch, "teams": teams, "logins": logins}
