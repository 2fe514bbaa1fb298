"""Each role's 工作台 at "/": the to-dos counted from known fixtures (nothing of the second branch
counted), most urgent first, the charts with their numbers as text, the navigation registry,
and a query count that stays constant when the rows triple."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from branch.factories import EmployeeFactory
from branch.models import Employee
from care import birthdays
from care.factories import CampaignFactory, CampaignItemFactory, CaseFactory, QuestionFactory
from care.models import Distribution
from home import charts
from home.factories import study_index, study_material
from home.registries import Todo, Urgency, collect_todos, register_todos
from recognition.factories import RatingPeriodFactory, SuggestionFactory
from recognition.models import Commitment, StarRating

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 15)
NOW = datetime.datetime(2026, 7, 15, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _todos(html: str) -> dict[str, int]:
    """{to-do key: count} as shown on the page."""
    found = re.findall(
        r'data-key="([^"]+)">\s*<a [^>]*>\s*<span class="todo-count" data-testid="todo-count">'
        r"(\d+)</span>",
        html,
    )
    return {key: int(count) for key, count in found}


def _lunar_birth_on(day: datetime.date) -> datetime.date:
    """A 1985 date of birth whose lunar birthday falls on ``day``."""
    birth = datetime.date(1985, 1, 1)
    while not birthdays.occurrences_between(birth, birthdays.LUNAR, day, day):
        birth += datetime.timedelta(days=1)
    return birth


def _world(org, org2, copies: int = 1):
    """For each branch: a rating awaiting approval, suggestions (one overdue), a question due,
    a hardship follow-up due, birthdays today (solar) and this week (lunar), an open campaign
    with one distribution, a pledge never checked, and a required material; ``copies`` of each
    per branch (to grow the rows)."""
    lunar_birth = _lunar_birth_on(TODAY + datetime.timedelta(days=2))
    for o, team in ((org, org.team_a), (org2, org2.team)):
        if not hasattr(o, "wp"):  # the branch's period, campaign and study index, made once
            Employee.objects.filter(branch=o.branch).update(birth_date=datetime.date(1990, 1, 1))
            campaign = CampaignFactory(
                branch=o.branch,
                starts_on=TODAY - datetime.timedelta(days=5),
                ends_on=TODAY + datetime.timedelta(days=20),
            )
            o.wp = {
                "index": study_index(o.branch),
                "period": RatingPeriodFactory(
                    branch=o.branch,
                    start=TODAY.replace(day=1),
                    end=TODAY + datetime.timedelta(days=3),
                ),
                "campaign": campaign,
                "item": CampaignItemFactory(campaign=campaign),
                "n": 0,
            }
        index, period = o.wp["index"], o.wp["period"]
        campaign, item = o.wp["campaign"], o.wp["item"]
        for _ in range(copies):
            i = o.wp["n"]
            o.wp["n"] += 1
            person = EmployeeFactory(
                team=team, name=f"新人{i}", birth_date=datetime.date(1991, 7, 15)
            )
            lunar = EmployeeFactory(
                team=team,
                name=f"农历{i}",
                birth_date=lunar_birth,
                birthday_calendar="lunar",
            )
            StarRating.objects.create(
                employee=person,
                period=period,
                team=team,
                status=StarRating.Status.SUBMITTED,
                overall=Decimal("4.0"),
            )
            SuggestionFactory(employee=person, submitted_at=NOW - datetime.timedelta(days=10))
            SuggestionFactory(employee=lunar, submitted_at=NOW - datetime.timedelta(days=1))
            QuestionFactory(employee=person, due_on=TODAY)
            CaseFactory(employee=person, follow_up_on=TODAY - datetime.timedelta(days=1))
            Distribution.objects.create(
                campaign=campaign,
                employee=person,
                item=item,
                quantity=1,
                received_on=TODAY,
                recorded_by=o.secretary_user,
            )
            Commitment.objects.create(
                employee=lunar, role="当班安全员", promise="不违章", start_on=TODAY
            )
            study_material(
                index, title=f"必学{o.branch.code}{i}", text="安全", required_for_all=True
            )


@pytest.fixture
def world(org, org2):
    with time_machine.travel(NOW, tick=False):
        _world(org, org2)
        yield org


def _get(client, user, path="/"):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_secretary_sees_counts_of_their_branch_only(client, world, org2):
    html = _get(client, world.secretary_user)
    todos = _todos(html)
    assert todos["recognition.ratings_to_approve"] == 1
    assert todos["recognition.suggestions_to_answer"] == 2
    assert todos["care.questions_due"] == 1
    assert todos["care.followups_due"] == 1
    assert todos["care.birthdays"] == 2  # today's (solar) and Friday's (lunar)
    assert "农历" in html and "新人0" in html and "外书记" not in html
    campaign_key = next(k for k in todos if k.startswith("care.campaign."))
    # org has 7 people at work plus the 2 new ones: 1 received, 8 still to receive
    assert todos[campaign_key] == 8
    assert "已超期" in html  # the suggestion past its deadline is marked
    # most urgent first: the overdue lines come before the ones due later
    keys = list(todos)
    assert keys.index("care.followups_due") < keys.index("care.birthdays")
    assert keys.index("recognition.suggestions_to_answer") < keys.index(campaign_key)
    # the branch at a glance, with the numbers as text
    for key in ("study", "stars", "suggestions", "welfare", "safe_days"):
        assert f'data-chart="{key}"' in html
    assert "<svg" in html and "<caption>" in html


def test_other_branch_secretary_counts_nothing_of_ours(client, world, org2):
    html = _get(client, org2.secretary_user)
    todos = _todos(html)
    assert todos["recognition.ratings_to_approve"] == 1
    assert todos["recognition.suggestions_to_answer"] == 2
    assert "新人0" not in html or "外" in html
    assert "作业大队" not in html


def test_leader_sees_their_team(client, world):
    html = _get(client, world.leader_user)
    todos = _todos(html)
    assert todos["recognition.team_suggestions"] == 2
    assert todos["care.birthdays"] == 2
    assert todos["recognition.checkins_due"] == 1
    # team A: 7 members at work, one of them its leader (rated by the secretary, not by
    # himself), one rating submitted; nobody has studied the material
    assert todos["recognition.members_to_rate"] == 5
    assert todos["home.study_stragglers"] == 7
    campaign_key = next(k for k in todos if k.startswith("care.campaign."))
    assert todos[campaign_key] == 6
    assert "recognition.ratings_to_approve" not in todos
    assert "care.questions_due" not in todos
    assert 'data-chart="stars"' in html and 'data-chart="suggestions"' not in html


def test_other_team_leader_sees_none_of_team_a(client, world):
    html = _get(client, world.leader_b_user)
    todos = _todos(html)
    assert "recognition.team_suggestions" not in todos
    assert "care.birthdays" not in todos
    assert "新人0" not in html


def test_worker_home_keeps_me(client, world):
    html = _get(client, world.worker_user)
    todos = _todos(html)
    assert todos == {"home.to_study": 1}
    assert 'data-testid="to-study"' in html and "必学zydd0" in html
    assert "必学jxdd0" not in html
    assert "data-chart" not in html


def test_navigation_tabs_and_more(client, world):
    for user, tabs in (
        (
            world.worker_user,
            ["home.workplace", "home.study", "care.index", "recognition.suggestions"],
        ),
        (
            world.leader_user,
            ["home.workplace", "home.study", "care.index", "recognition.suggestions"],
        ),
        (
            world.secretary_user,
            ["home.workplace", "home.study", "care.index", "recognition.suggestions"],
        ),
    ):
        html = _get(client, user)
        bar = html.split('data-testid="tab-bar"')[1].split("</nav>")[0]
        assert re.findall(r'data-nav="([^"]+)"', bar) == [*tabs, "home.more"]
        assert 'data-nav="home.workplace" aria-current="page"' in bar
        more = _get(client, user, "/me/more/")
        assert 'data-nav="home.more" aria-current="page"' in more
    more = _get(client, world.worker_user, "/me/more/")
    assert "/me/study/report/" not in more and "/care/settings/" not in more
    more = _get(client, world.secretary_user, "/me/more/")
    assert "/me/study/report/" in more and "/care/settings/" in more and "/admin/" in more
    html = _get(client, world.secretary_user, "/care/birthdays/")
    assert 'data-nav="care.birthdays" aria-current="page"' in html
    assert 'data-nav="home.more" aria-current="page"' in html  # not a tab: 更多 is marked


def test_registered_todos_sorted_most_urgent_first(monkeypatch):
    from home import registries

    monkeypatch.setattr(registries, "_todos", registries._Registry())
    register_todos(
        "t",
        lambda user, day: [
            Todo("later", "L", 9, "/", Urgency.LATER, waiting=9),
            Todo("week_few", "W", 1, "/", Urgency.THIS_WEEK, waiting=1),
            Todo("week_many", "W", 1, "/", Urgency.THIS_WEEK, waiting=5),
            Todo("overdue", "O", 1, "/", Urgency.OVERDUE),
            Todo("empty", "E", 0, "/", Urgency.OVERDUE),
        ],
    )
    keys = [t.key for t in collect_todos(None, TODAY)]
    assert keys == ["overdue", "week_many", "week_few", "later"]


def test_charts_escape_labels_and_carry_numbers():
    chart = charts.bar_chart(
        "完成率", [("<b>一班</b>", 50), ("二班", 100)], max_value=100, unit="%"
    )
    assert "<b>" not in chart.svg and "&lt;b&gt;" in chart.svg
    assert chart.rows == [["<b>一班</b>", "50%"], ["二班", "100%"]]
    stacked = charts.stacked_bar_chart("星级", ["1★", "2★"], [("正式工", [1, 2])])
    assert stacked.rows == [["正式工", 1, 2]] and 'fill="#e0a100"' in stacked.svg
    line = charts.line_chart("趋势", [("1月", 1), ("2月", 3)])
    assert "<polyline" in line.svg and line.rows == [["1月", "1"], ["2月", "3"]]
    assert "style=" not in chart.svg + stacked.svg + line.svg  # the CSP forbids inline styles


# Queries of each role's 工作台 with an empty cache (cold: every source computed) and with every
# source cached (warm: what the page costs on the next load, whatever the data).
COLD_BOUNDS = {"secretary": 60, "leader": 48, "worker": 30}  # before: 83, 66, 29
WARM_BOUND = 12


def _queries(client, path="/") -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    html = ""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200
        html = response.content
    return len(queries.captured_queries), len(html)


@pytest.mark.parametrize("who", ["secretary", "leader", "worker"])
def test_query_count_constant_when_rows_triple(client, org, org2, who):
    from django.core.cache import cache

    user = getattr(org, f"{who}_user")
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        _world(org, org2, copies=1)
        cache.clear()
        cold, size = _queries(client)
        warm, _size = _queries(client)
        _world(org, org2, copies=2)  # three of everything per branch now
        cache.clear()
        cold_3n, size_3n = _queries(client)
        warm_3n, _size = _queries(client)
    print(who, "cold", cold, cold_3n, "warm", warm, warm_3n, "bytes", size, size_3n)
    assert cold_3n <= cold <= COLD_BOUNDS[who]
    assert warm_3n <= warm <= WARM_BOUND
    # only the newest materials are charted and at most a few names per line: the page does
    # not grow with the rows
    assert size_3n <= size * 1.15 and size_3n < 150_000


def test_the_next_load_after_a_change_is_cold_again_and_right(client, org, org2):
    """A colleague's change in the branch shows at once (its topic's version is bumped), while a
    change in the other branch leaves this branch's cached page as it was."""
    from recognition.services import suggestion_submit

    with time_machine.travel(NOW, tick=False):
        _world(org, org2)
        client.force_login(org.secretary_user)
        assert _todos(_get(client, org.secretary_user))["recognition.suggestions_to_answer"] == 2
        warm, _size = _queries(client)
        suggestion_submit(
            employee=org2.worker, kind="suggestion", title="外支部建议", what="加罩", why="防伤",
            by=org2.worker_user,
        )  # fmt: skip
        assert _queries(client)[0] == warm  # the other branch's change: still all cached
        suggestion_submit(
            employee=org.worker, kind="suggestion", title="井口加防护罩", what="加罩", why="防伤",
            by=org.worker_user,
        )  # fmt: skip
        html = _get(client, org.secretary_user)
        assert _todos(html)["recognition.suggestions_to_answer"] == 3
        assert "外支部建议" not in html


def test_greeting_passed_on_by_the_leader(client, org, org2):
    from care.models import Greeting

    with time_machine.travel(NOW, tick=False):
        greeting = Greeting.objects.create(
            employee=org.intern, year=2026, birthday=TODAY - datetime.timedelta(days=5), age=20,
            message="生日快乐",
        )  # fmt: skip
        html = _get(client, org.secretary_user)
        assert _todos(html)["care.greetings_not_passed_on"] == 1
        html = _get(client, org.leader_user)
        assert _todos(html)["care.greetings_to_pass_on"] == 1
        card = _get(client, org.leader_user, f"/care/greetings/{greeting.pk}/")
        assert 'data-testid="pass-on"' in card and "onclick" not in card
        assert "/static/js/print.js" in card
        # another branch's leader cannot tick it
        client.force_login(org2.leader_user)
        assert client.post(f"/care/greetings/{greeting.pk}/passed-on/").status_code == 404
        client.force_login(org.leader_user)
        response = client.post(f"/care/greetings/{greeting.pk}/passed-on/")
        assert response.status_code == 302
        greeting.refresh_from_db()
        assert greeting.passed_on_by == org.leader_user and greeting.passed_on_at is not None
        assert "care.greetings_to_pass_on" not in _todos(_get(client, org.leader_user))
        assert "care.greetings_not_passed_on" not in _todos(_get(client, org.secretary_user))
        # a worker with an account gets it directly: nothing to pass on
        other = Greeting.objects.create(
            employee=org.worker, year=2026, birthday=TODAY, age=30, message="生日快乐"
        )
        assert 'data-testid="pass-on"' not in _get(
            client, org.leader_user, f"/care/greetings/{other.pk}/"
        )


def test_secretary_told_of_a_new_suggestion_and_opening_marks_read(client, org, org2):
    from branch.models import Notification
    from recognition.services import suggestion_submit

    suggestion_submit(
        employee=org.worker, kind="suggestion", title="井口加防护罩", what="加罩", why="防伤",
        by=org.worker_user,
    )  # fmt: skip
    note = Notification.objects.get(recipient=org.secretary_user)
    assert "井口加防护罩" in note.title and note.read_at is None
    assert not Notification.objects.filter(recipient=org2.secretary_user).exists()
    assert Notification.objects.filter(recipient=org.leader_user).exists()
    client.force_login(org2.secretary_user)
    assert client.get(f"/inbox/{note.pk}/").status_code == 404
    client.force_login(org.secretary_user)
    assert f'href="/inbox/{note.pk}/"' in client.get("/inbox/").content.decode()
    response = client.get(f"/inbox/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
