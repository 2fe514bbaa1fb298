"""Every list and dashboard page reads a constant number of queries, however many rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branch.factories import EmployeeFactory
from recognition.factories import AwardLevelFactory, RatingPeriodFactory, SuggestionFactory
from recognition.models import Award, Commitment, CommitmentCheckIn, RatingPeriod, StarRating


def build_eligibility(org, n):
    periods = list(RatingPeriod.objects.filter(branch=org.branch, status="closed"))
    if not periods:
        periods = [
            RatingPeriodFactory(branch=org.branch, start=datetime.date(2025, m, 1), status="closed")
            for m in (1, 4)
        ]
    for _ in range(n):
        person = EmployeeFactory(team=org.team_a)
        for period in periods:
            StarRating.objects.create(
                employee=person,
                period=period,
                team=org.team_a,
                status="approved",
                overall=Decimal("4.3"),
            )


def build_board(org, n):
    for _ in range(n):
        SuggestionFactory(employee=org.worker, status="implemented")


def build_ledger(org, n):
    level = AwardLevelFactory(branch=org.branch)
    for _ in range(n):
        suggestion = SuggestionFactory(employee=org.intern, status="adopted")
        Award.objects.create(
            suggestion=suggestion, level=level, amount=100, awarded_on=datetime.date.today()
        )


def build_vision(org, n):
    for _ in range(n):
        commitment = Commitment.objects.create(
            employee=EmployeeFactory(team=org.team_a),
            role="安全员",
            promise="我负责",
            start_on=datetime.date.today() - datetime.timedelta(days=5),
        )
        for days in range(1, 4):
            CommitmentCheckIn.objects.create(
                commitment=commitment,
                date=datetime.date.today() - datetime.timedelta(days=days),
                kept=True,
            )


def build_home(org, n):
    period = RatingPeriod.objects.filter(
        branch=org.branch, status="open"
    ).first() or RatingPeriodFactory(branch=org.branch)
    for _ in range(n):
        person = EmployeeFactory(team=org.team_a)
        StarRating.objects.create(
            employee=person, period=period, team=org.team_a, status="draft", overall=Decimal("3.0")
        )


CASES = [
    ("eligibility", "secretary_user", build_eligibility),
    ("suggestion_board", "worker_user", build_board),
    ("award_ledger", "secretary_user", build_ledger),
    ("vision_board", "leader_user", build_vision),
    ("ratings_home", "secretary_user", build_home),
]


@pytest.mark.parametrize(("name", "who", "build"), CASES, ids=[c[0] for c in CASES])
def test_page_query_count_is_constant(client, org, django_assert_max_num_queries, name, who, build):
    client.force_login(getattr(org, who))
    url = reverse(f"recognition:{name}")
    build(org, 5)
    client.get(url)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    build(org, 10)
    with django_assert_max_num_queries(25) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
