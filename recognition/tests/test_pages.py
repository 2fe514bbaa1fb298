import datetime

import pytest
from django.urls import reverse

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from recognition import services
from recognition.factories import RatingPeriodFactory, SuggestionFactory
from recognition.models import RatingCriterion, RatingPeriod, RecognitionSettings, StarRating

from .helpers import rate

COMMON = [
    "ratings_home",
    "my_ratings",
    "star_wall",
    "suggestion_list",
    "suggestion_new",
    "suggestion_board",
    "vision_board",
]
SECRETARY_ONLY = ["fairness", "award_ledger", "incident_new", "setup_home"]


@pytest.fixture
def data(org, criteria, period):
    rating = rate(org, period, criteria, org.worker)
    services.rating_approve(rating=rating, by=org.secretary_user)
    rate(org, period, criteria, org.intern, submit=False)
    SuggestionFactory(employee=org.worker, status="adopted")
    return org


@pytest.mark.parametrize("who", ["worker", "leader", "secretary"])
def test_every_page_renders_for_each_role(client, data, period, who):
    org = data
    client.force_login(getattr(org, f"{who}_user"))
    for name in COMMON:
        assert client.get(reverse(f"recognition:{name}")).status_code == 200, name
    for name in SECRETARY_ONLY:
        expected = 200 if who == "secretary" else 403
        assert client.get(reverse(f"recognition:{name}")).status_code == expected, name
    for kind in ("criteria", "periods", "award-levels", "settings"):
        expected = 200 if who == "secretary" else 403
        assert client.get(reverse("recognition:setup", args=[kind])).status_code == expected
    sheet = client.get(reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk]))
    assert sheet.status_code == (403 if who == "worker" else 200)
    eligibility = client.get(reverse("recognition:eligibility"))
    assert eligibility.status_code == (403 if who == "worker" else 200)


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("recognition:suggestion_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nav_links_show_for_logged_in_people(client, org):
    client.force_login(org.worker_user)
    body = client.get(reverse("recognition:vision_board")).content.decode()
    for text in ("星级评定", "合理化建议", "你提我改", "愿景与承诺"):
        assert text in body


def test_other_branch_secretary_sees_nothing_of_ours(client, data, period):
    stranger = make_account(
        EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="other"))), role=roles.SECRETARY
    )
    client.force_login(stranger)
    assert "张正式" not in client.get(reverse("recognition:star_wall")).content.decode()
    assert client.get(reverse("recognition:star_wall"), {"period": period.pk}).status_code == 404
    assert client.get(reverse("recognition:fairness_period", args=[period.pk])).status_code == 404
    assert "张正式" not in client.get(reverse("recognition:eligibility")).content.decode()
    assert "建议" in client.get(reverse("recognition:suggestion_list")).content.decode()
    assert (
        client.get(reverse("recognition:setup_edit", args=["periods", period.pk])).status_code
        == 404
    )


def test_star_wall_per_team_and_branch(client, data, period, criteria):
    org = data
    rate(org, period, criteria, org.worker_b, 5, by=org.leader_b_user)
    services.rating_approve_team(period=period, team=org.team_b, by=org.secretary_user)
    client.force_login(org.worker_user)
    body = client.get(reverse("recognition:star_wall")).content.decode()
    assert body.count('data-testid="wall-card"') == 2
    assert body.index("修井一班") < body.index("修井二班")  # by team, never a ranking
    assert "正式工" not in body and "短期实习生" not in body  # no employment type in public
    team_body = client.get(
        reverse("recognition:team_star_wall", args=[org.team_a.pk])
    ).content.decode()
    assert "张正式" in team_body and "赵二班" not in team_body
    assert "王实习" not in body  # drafts never show


def test_star_wall_praises_in_public_and_never_shows_a_low_score(
    client, org, org2, period, criteria
):
    """Only people at or above the branch's threshold are on the wall or get a plaque; a low
    score is seen by the person, their leader and the secretary only."""
    services.rating_approve(
        rating=rate(org, period, criteria, org.worker, 5), by=org.secretary_user
    )
    low = services.rating_approve(
        rating=rate(org, period, criteria, org.contract_worker, 2), by=org.secretary_user
    )
    for user in (org.worker_user, org.worker_b_user, org.leader_user, org.secretary_user):
        client.force_login(user)
        body = client.get(reverse("recognition:star_wall")).content.decode()
        assert "张正式" in body and "李合同" not in body
        assert body.count('data-testid="wall-card"') == 1
    client.force_login(org.worker_user)
    assert client.get(reverse("recognition:plaque", args=[low.pk])).status_code == 404
    client.force_login(org.leader_user)  # the leader still sees the score on the team's sheet
    sheet = client.get(reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk]))
    assert "2.0 ★" in sheet.content.decode()
    # the branch lowers its threshold: the wall follows
    RecognitionSettings.objects.update_or_create(
        branch=org.branch, defaults={"wall_min_stars": "2.0"}
    )
    client.force_login(org.worker_b_user)
    assert "李合同" in client.get(reverse("recognition:star_wall")).content.decode()
    # the other branch's people never see ours
    client.force_login(org2.worker_user)
    assert "张正式" not in client.get(reverse("recognition:star_wall")).content.decode()


def test_star_wall_query_count_is_constant(client, org, period, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            person = EmployeeFactory(team=org.team_a)
            StarRating.objects.create(
                employee=person, period=period, team=org.team_a, status="approved", overall="4.2"
            )

    client.force_login(org.secretary_user)
    url = reverse("recognition:star_wall")
    build(20)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    build(40)
    with django_assert_max_num_queries(20) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_secretary_configures_criteria_periods_levels_and_rules(client, org):
    client.force_login(org.secretary_user)
    body = client.get(reverse("recognition:setup", args=["criteria"])).content.decode()
    assert body.index("品格") < body.index("人生价值观") < body.index("团队协作")
    criterion = RatingCriterion.objects.get(branch=org.branch, name="安全")
    client.post(
        reverse("recognition:setup_edit", args=["criteria", criterion.pk]),
        {"name": "安全", "weight": "4", "order": "30", "active": "on"},
    )
    criterion.refresh_from_db()
    assert criterion.weight == 4
    # duplicate name and zero weight are refused
    response = client.post(
        reverse("recognition:setup", args=["criteria"]),
        {"name": "品格", "weight": "1", "order": "1"},
    )
    assert (
        response.status_code == 200
        and RatingCriterion.objects.filter(branch=org.branch, name="品格").count() == 1
    )
    response = client.post(
        reverse("recognition:setup", args=["criteria"]),
        {"name": "新项", "weight": "0", "order": "1"},
    )
    assert response.status_code == 200 and not RatingCriterion.objects.filter(name="新项").exists()
    client.post(
        reverse("recognition:setup", args=["periods"]),
        {"kind": "monthly", "start": "2026-11-01", "end": "2026-11-30", "status": "open"},
    )
    response = client.post(
        reverse("recognition:setup", args=["periods"]),
        {"kind": "monthly", "start": "2026-11-01", "end": "2026-11-30", "status": "open"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("recognition:setup", args=["periods"]),
        {"kind": "monthly", "start": "2026-12-31", "end": "2026-12-01", "status": "open"},
    )
    assert response.status_code == 200
    assert RatingPeriod.objects.filter(branch=org.branch).count() == 1
    assert str(RatingPeriod.objects.get()) == "2026年11月"
    client.post(
        reverse("recognition:setup", args=["award-levels"]),
        {"name": "一等奖", "amount": "1000", "order": "1"},
    )
    response = client.post(
        reverse("recognition:setup", args=["award-levels"]),
        {"name": "负奖", "amount": "-1", "order": "2"},
    )
    assert response.status_code == 200
    assert list(org.branch.award_levels.values_list("name", flat=True)) == ["一等奖"]
    client.post(
        reverse("recognition:setup", args=["settings"]),
        {
            "rating_kind": "monthly",
            "response_days": "5",
            "eligibility_min_average": "4.5",
            "eligibility_periods": "3",
            "wall_min_stars": "3.5",
        },
    )
    rule = RecognitionSettings.objects.get(branch=org.branch)
    assert (rule.response_days, str(rule.eligibility_min_average), rule.eligibility_periods) == (
        5,
        "4.5",
        3,
    )
    assert str(rule.wall_min_stars) == "3.5"
    response = client.post(
        reverse("recognition:setup", args=["settings"]),
        {
            "rating_kind": "monthly",
            "response_days": "0",
            "eligibility_min_average": "6",
            "eligibility_periods": "3",
        },
    )
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.response_days == 5


def test_period_bounds():
    day = datetime.date(2026, 11, 25)
    assert services.period_bounds("monthly", day) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 30),
    )
    assert services.period_bounds("quarterly", day) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert services.period_bounds("yearly", day) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert services.period_bounds("monthly", datetime.date(2028, 2, 10))[1] == datetime.date(
        2028, 2, 29
    )


def test_period_unique_per_branch_start_kind(org):
    RatingPeriodFactory(branch=org.branch, start=datetime.date(2026, 1, 1), kind="monthly")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RatingPeriodFactory(branch=org.branch, start=datetime.date(2026, 1, 1), kind="monthly")
    RatingPeriodFactory(branch=org.branch, start=datetime.date(2026, 1, 1), kind="yearly")


def test_no_template_uses_inline_styles_that_the_csp_blocks():
    """The site's CSP allows styles from our stylesheet only; a style attribute is silently dropped."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for app in ("branch", "home", "care", "recognition", "templates")
        for path in (root / app).rglob("*.html")
        if "/admin/" not in str(path)
        and ('style="' in path.read_text() or "<style" in path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("value", ["²", "9223372036854775808", "-1", "abc"])
def test_period_and_team_filters_ignore_ids_that_are_not_ids(client, org, value):
    """A superscript digit or an id too large for the database is no id: the page still answers."""
    from branch import services as branch_services

    branch_services.branch_add_secretary(branch=org.branch, user=org.secretary_user)
    client.force_login(org.secretary_user)
    for url in ("recognition:star_wall", "recognition:fairness"):
        response = client.get(reverse(url), {"period": value, "team": value})
        assert response.status_code == 200, (url, value)
