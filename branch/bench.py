"""A synthetic company for ``manage.py seed_bench``: branches of 500 people in teams of 50,
realistic Chinese names, every employment type and political status, solar and lunar birthdays
spread over the year, accounts for every secretary and leader and for some workers, and a year of
notification history. One well-known branch (code ``bench``) holds the logins the benchmarks use.

Rows are written with bulk inserts (PostgreSQL ``COPY`` where no ids are needed back); these
writes skip django-simple-history on purpose. Feature apps add their own data from
``<app>/bench.py``; the returned context tells them what exists."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from . import roles, signals
from .models import (
    BirthdayCalendar,
    Branch,
    Employee,
    EmploymentType,
    Gender,
    Notification,
    PoliticalStatus,
    Team,
)

BENCH_PASSWORD = "zhibu-bench-2026"
BENCH_CODE = "bench"
BRANCH_SIZE = 500
TEAM_SIZE = 50
# Share of the workers (neither leader nor secretary) who have an account.
WORKER_ACCOUNT_SHARE = 0.2
# Notification history: about this many inbox items per employee over the past year.
NOTIFICATIONS_PER_EMPLOYEE = 10
BATCH = 2000

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林国建志永海东德胜振兴"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲丹萍红梅莉兰凤洁琳素云莲真环雪荣爱妹香月莺媛瑞佳嘉琼勤珍"
UNITS = ("采油", "作业", "修井", "测试", "集输", "注水", "运输", "钻井")
TEAM_KINDS = ("修井", "作业", "采油", "集输", "维修", "测试", "注水", "巡检", "值班", "特车")
DIGITS = "一二三四五六七八九十"

NOTIFICATION_TITLES = (
    ("birthday", "今天是{name}的生日", "/care/"),
    ("study", "新的学习资料：井控安全操作要点", "/me/study/"),
    ("rating", "本季度星级评比已开始", "/recognition/"),
    ("suggestion", "你的合理化建议有了回复", "/recognition/suggestions/"),
    ("meeting", "主题党日活动通知", "/partylife/"),
    ("exam", "季度井控考试已开放", "/training/"),
)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _name(rng: random.Random, gender: str) -> str:
    chars = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _person(rng: random.Random, today: datetime.date) -> dict:
    gender = Gender.MALE if rng.random() < 0.82 else Gender.FEMALE
    etype = _weighted(
        rng,
        [(EmploymentType.FORMAL, 70), (EmploymentType.CONTRACT, 22), (EmploymentType.INTERN, 8)],
    )
    political = _weighted(
        rng,
        [
            (PoliticalStatus.MEMBER, 35),
            (PoliticalStatus.PROBATIONARY, 3),
            (PoliticalStatus.LEAGUE, 12),
            (PoliticalStatus.MASSES, 50),
        ],
    )
    if etype == EmploymentType.INTERN:
        born_year = rng.randint(2002, 2006)
    else:
        born_year = rng.randint(1966, 2000)
    # Birthdays spread over every day of the year (29 February comes with leap years).
    born = datetime.date(born_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    earliest = born.replace(year=born.year + 18, day=min(born.day, 28))
    latest = today - datetime.timedelta(days=30)
    if etype == EmploymentType.INTERN:
        earliest = max(earliest, today - datetime.timedelta(days=300))
    span = max((latest - earliest).days, 1)
    hired = earliest + datetime.timedelta(days=rng.randrange(span))
    return {
        "name": _name(rng, gender),
        "gender": gender,
        "employment_type": etype,
        "political_status": political,
        "birth_date": born,
        "birthday_calendar": (
            BirthdayCalendar.LUNAR if rng.random() < 0.25 else BirthdayCalendar.SOLAR
        ),
        "hired_on": hired,
        "mobile": f"13{rng.randrange(10**9):09d}",
    }


def bulk_insert(model, objects, *, batch_size: int = BATCH) -> int:
    """Insert ``objects`` without reading ids back: ``COPY`` on PostgreSQL, ``bulk_create``
    elsewhere. Values of auto_now/auto_now_add fields are kept as given (history seeding)."""
    objects = list(objects)
    if not objects:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        automatic = [
            f for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        ]
        saved = [(f, f.auto_now, f.auto_now_add) for f in automatic]
        for f in automatic:
            f.auto_now = f.auto_now_add = False
        try:
            model.objects.bulk_create(objects, batch_size=batch_size)
        finally:
            for f, now, now_add in saved:
                f.auto_now, f.auto_now_add = now, now_add
        return len(objects)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row(
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            )
    return len(objects)


def _branch_name(index: int) -> str:
    unit = UNITS[index % len(UNITS)]
    return f"{unit}{index // len(UNITS) + 1}大队党支部"


def _team_name(index: int) -> str:
    kind = TEAM_KINDS[index % len(TEAM_KINDS)]
    return f"{kind}{DIGITS[index // len(TEAM_KINDS) % 10]}班"


def staff_no(branch_index: int, person_index: int) -> str:
    return f"{branch_index:03d}{person_index:03d}"


def _make_branches(count: int) -> list[Branch]:
    branches = [Branch(code=BENCH_CODE, name="作业大队党支部（基准）")]
    branches += [Branch(code=f"b{i:03d}", name=_branch_name(i)) for i in range(1, count)]
    Branch.objects.bulk_create(branches, batch_size=BATCH)
    return list(Branch.objects.order_by("pk"))


def _make_teams(branches: list[Branch], teams_per_branch: int) -> dict[int, list[Team]]:
    teams = [
        Team(branch=branch, name=_team_name(t))
        for branch in branches
        for t in range(teams_per_branch)
    ]
    Team.objects.bulk_create(teams, batch_size=BATCH)
    by_branch: dict[int, list[Team]] = {b.pk: [] for b in branches}
    for team in Team.objects.order_by("pk"):
        by_branch[team.branch_id].append(team)
    return by_branch


def _make_people(branches, teams, rng, today, branch_size) -> list[Employee]:
    people = []
    for b_index, branch in enumerate(branches):
        for p_index in range(branch_size):
            team = teams[branch.pk][p_index // TEAM_SIZE]
            people.append(
                Employee(
                    branch=branch,
                    team=team,
                    staff_no=staff_no(b_index, p_index),
                    **_person(rng, today),
                )
            )
    Employee.objects.bulk_create(people, batch_size=BATCH)
    if people[0].pk is None:  # a backend that returns no ids
        people = list(Employee.objects.order_by("pk"))
    return people


def _accounts(branches, teams, people, rng) -> dict:
    """Users for the secretary (person 1 of each branch), the leader (person 0 of each team)
    and a share of the workers; returns who is who."""
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    codes = {b.pk: b.code for b in branches}
    leaders, secretaries, workers = [], [], []
    for person in people:
        index = int(person.staff_no[3:])
        if index % TEAM_SIZE == 0:
            leaders.append(person)
        elif index == 1:
            secretaries.append(person)
        elif index in (2, 3) or rng.random() < WORKER_ACCOUNT_SHARE:
            workers.append(person)
    holders = leaders + secretaries + workers
    secretary_ids = {p.pk for p in secretaries}
    users = [
        User(
            username=f"{p.staff_no}@{codes[p.branch_id]}".lower(),
            first_name=p.name,
            password=password,
            is_active=True,
            is_staff=p.pk in secretary_ids,
        )
        for p in holders
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids = dict(User.objects.filter(username__contains="@").values_list("username", "pk"))
    for p in holders:
        p.user_id = user_ids[f"{p.staff_no}@{codes[p.branch_id]}".lower()]
    Employee.objects.bulk_update(holders, ["user"], batch_size=BATCH)

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_GROUPS}
    membership = User.groups.through
    rows = [membership(user_id=p.user_id, group_id=groups[roles.WORKER].pk) for p in holders]
    rows += [membership(user_id=p.user_id, group_id=groups[roles.LEADER].pk) for p in leaders]
    rows += [
        membership(user_id=p.user_id, group_id=groups[roles.SECRETARY].pk) for p in secretaries
    ]
    membership.objects.bulk_create(rows, batch_size=BATCH)
    Team.leaders.through.objects.bulk_create(
        [Team.leaders.through(team_id=p.team_id, employee_id=p.pk) for p in leaders],
        batch_size=BATCH,
    )
    Branch.secretaries.through.objects.bulk_create(
        [Branch.secretaries.through(branch_id=p.branch_id, user_id=p.user_id) for p in secretaries],
        batch_size=BATCH,
    )
    return {"leaders": leaders, "secretaries": secretaries, "workers": workers}


def _notifications(people, rng, now) -> int:
    """About NOTIFICATIONS_PER_EMPLOYEE inbox items per employee over the past year, spread
    over the account holders; most are read."""
    holders = [p for p in people if p.user_id]
    if not holders:
        return 0
    per_user = max(1, round(NOTIFICATIONS_PER_EMPLOYEE * len(people) / len(holders)))
    written = 0
    chunk = []
    for person in holders:
        for n in range(per_user):
            kind, title, url = NOTIFICATION_TITLES[n % len(NOTIFICATION_TITLES)]
            created = now - datetime.timedelta(seconds=rng.randrange(365 * 86400))
            chunk.append(
                Notification(
                    recipient_id=person.user_id,
                    branch_id=person.branch_id,
                    about_id=person.pk if kind == "birthday" else None,
                    title=title.format(name=person.name),
                    body="",
                    url=url,
                    key=f"bench:{kind}:{n}",
                    created_at=created,
                    read_at=created + datetime.timedelta(hours=3) if rng.random() < 0.9 else None,
                )
            )
            if len(chunk) >= 20000:
                written += bulk_insert(Notification, chunk)
                chunk = []
    return written + bulk_insert(Notification, chunk)


def analyze_tables() -> bool:
    """Gather PostgreSQL's planner statistics after a bulk load (its documentation's advice).

    Autovacuum would do it some time later, or never where it is off; until then the planner
    takes the freshly filled tables for nearly empty and picks nested loops that read a
    table once per row: the page explorer's permission filter read every page of the site
    once per material (two queries of 250 ms at 200 branches instead of 1 ms each). Returns
    whether it ran (not on SQLite)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def database_is_empty() -> bool:
    return not (Branch.objects.exists() or Employee.objects.exists())


def seed(*, employees: int = 100_000, random_seed: int = 2026, log=print) -> dict:
    """Build the organisation; returns the context the feature apps' ``bench.seed`` read."""
    rng = random.Random(random_seed)
    today = timezone.localdate()
    branch_size = min(BRANCH_SIZE, employees)
    branch_count = max(1, employees // branch_size)
    teams_per_branch = max(1, -(-branch_size // TEAM_SIZE))
    with transaction.atomic():
        branches = _make_branches(branch_count)
        teams = _make_teams(branches, teams_per_branch)
        people = _make_people(branches, teams, rng, today, branch_size)
        log(f"  {len(branches)} branches, {len(people)} employees")
        who = _accounts(branches, teams, people, rng)
        log(f"  {sum(1 for p in people if p.user_id)} accounts")
    # What home does for a new branch (study library, Wagtail groups and rights), announced as
    # for any branch created outside a transaction.
    for branch in branches:
        signals.branch_created.send(sender=Branch, branch=branch)
    log("  branch libraries and rights ready")
    with transaction.atomic():
        notifications = _notifications(people, rng, timezone.now())
    log(f"  {notifications} notifications")
    bench = branches[0]
    bench_people = [p for p in people if p.branch_id == bench.pk]
    logins = {
        roles.SECRETARY: staff_no(0, 1),
        roles.LEADER: staff_no(0, 0),
        roles.WORKER: staff_no(0, 2),
    }
    return {
        "branch": bench,
        "branches": branches,
        "teams": {t.name: t for t in teams[bench.pk]},
        "teams_by_branch": teams,
        "people": people,
        "bench_people": bench_people,
        "leaders": who["leaders"],
        "secretaries": who["secretaries"],
        "workers": who["workers"],
        "employees": len(people),
        "logins": logins,
        "password": BENCH_PASSWORD,
        "rng": rng,
        "scale": len(people) / 100_000,
    }
