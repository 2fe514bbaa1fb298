"""Every list that can grow pages at 100 rows or fewer, reads a constant number of queries
however many rows (checked at N and 3N), never shows another branch's rows, and answers a bad
page number with a real page (``?page=abc`` → the first, ``-1`` or past the end → the last),
never a 500."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from branch.factories import EmployeeFactory
from care.models import Greeting
from partylife.factories import MeetingFactory
from recognition.factories import AwardLevelFactory, RatingPeriodFactory, SuggestionFactory
from recognition.models import Award, StarRating
from recognition.views.ratings import WALL_PER_PAGE
from training.models import Evaluation

BAD_PAGES = ["abc", "-1", "0", "99999", "1.5", "９", ""]


SERIAL = itertools.count(1)


def people(team, n, prefix):
    return [
        EmployeeFactory(team=team, name=f"{prefix}{i:03d}", staff_no=f"T{next(SERIAL):06d}")
        for i in range(n)
    ]


# -- builders: n rows of the list in ``org``'s branch, and one row in ``org2``'s -----------------


def _period(branch):
    return RatingPeriodFactory(
        branch=branch, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )


def build_wall(org, org2, n):
    for o, team, count, prefix in ((org, org.team_a, n, "墙员工"), (org2, org2.team, 1, "外支部")):
        period = getattr(o, "_period", None) or _period(o.branch)
        o._period = period
        StarRating.objects.bulk_create(
            StarRating(
                employee=p, period=period, team=team, status="approved", overall=Decimal("4.5")
            )
            for p in people(team, count, prefix)
        )


def build_ledger(org, org2, n):
    for o, who, count, title in (
        (org, org.worker, n, "本支部建议"),
        (org2, org2.worker, 1, "外支部"),
    ):
        level = AwardLevelFactory(branch=o.branch)
        for _ in range(count):
            suggestion = SuggestionFactory(employee=who, status="adopted", title=title)
            Award.objects.create(
                suggestion=suggestion,
                level=level,
                amount=100,
                awarded_on=datetime.date.today(),
            )


def build_greetings(org, org2, n):
    for team, count, prefix in ((org.team_a, n, "寿星"), (org2.team, 1, "外支部")):
        Greeting.objects.bulk_create(
            Greeting(
                employee=p,
                year=2026,
                birthday=datetime.date(2026, 5, 1),
                age=30,
                message="生日快乐",
            )
            for p in people(team, count, prefix)
        )


def build_meetings(org, org2, n):
    for _ in range(n):
        MeetingFactory(host=org.leader, title="本支部党员大会")
    MeetingFactory(host=org2.leader, title="外支部党员大会")


def build_evaluations(org, org2, n):
    for team, count, prefix in ((org.team_a, n, "考评"), (org2.team, 1, "外支部")):
        Evaluation.objects.bulk_create(
            Evaluation(
                employee=p,
                period="2026-H1",
                drill_rate=90,
                lesson_rate=90,
                total=Decimal("88.0"),
                grade="good",
            )
            for p in people(team, count, prefix)
        )


CASES = {
    # name: (url, who, builder, rows per page, testid of a row)
    "star wall": ("recognition:star_wall", "worker_user", build_wall, WALL_PER_PAGE, "wall-card"),
    "award ledger": ("recognition:award_ledger", "secretary_user", build_ledger, 50, "award-row"),
    "greetings": ("care:greeting_list", "secretary_user", build_greetings, 50, "greeting"),
    "meetings": ("partylife:meeting_list", "secretary_user", build_meetings, 50, None),
    "evaluations": (
        "training:evaluations",
        "secretary_user",
        build_evaluations,
        50,
        "evaluation-row",
    ),
}
QUERY = {"evaluations": "?period=2026-H1"}


def _get(client, name, extra=""):
    url, _who, _build, _per_page, _testid = CASES[name]
    return client.get(reverse(url) + QUERY.get(name, "") + extra)


@pytest.mark.parametrize("name", list(CASES))
def test_queries_are_constant_in_rows(client, org, org2, django_assert_max_num_queries, name):
    _url, who, build, _per_page, _testid = CASES[name]
    client.force_login(getattr(org, who))
    build(org, org2, 3)
    _get(client, name)
    with django_assert_max_num_queries(12) as small:
        assert _get(client, name).status_code == 200
    build(org, org2, 6)  # 3N rows in all
    with django_assert_max_num_queries(12) as large:
        assert _get(client, name).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("name", list(CASES))
def test_pages_hold_the_rows_of_this_branch_only(client, org, org2, name):
    _url, who, build, per_page, testid = CASES[name]
    client.force_login(getattr(org, who))
    build(org, org2, per_page + 3)
    first = _get(client, name).content.decode()
    last = _get(client, name, "&page=2" if name in QUERY else "?page=2").content.decode()
    assert "外支部" not in first + last
    assert "第 1 / 2 页" in first and "下一页" in first and "上一页" not in first
    assert "第 2 / 2 页" in last and "上一页" in last and "下一页" not in last
    if testid:
        count = f'data-testid="{testid}"'
        assert first.count(count) == per_page
        assert last.count(count) == 3


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("bad", BAD_PAGES)
def test_a_bad_page_number_answers_a_real_page(client, org, org2, name, bad):
    _url, who, build, per_page, _testid = CASES[name]
    client.force_login(getattr(org, who))
    build(org, org2, per_page + 1)
    joiner = "&" if name in QUERY else "?"
    response = _get(client, name, f"{joiner}page={bad}")
    assert response.status_code == 200
    # Not a number: the first page; out of range (below 1 or past the end): the last.
    expected = "第 2 / 2 页" if bad in ("-1", "0", "99999", "９") else "第 1 / 2 页"
    assert expected in response.content.decode(), (bad, expected)
