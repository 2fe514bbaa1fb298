import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branch.factories import EmployeeFactory
from branch.models import EmploymentType
from recognition import selectors, services
from recognition.factories import RatingPeriodFactory
from recognition.models import RecognitionSettings, StarRating

from .helpers import rate


@pytest.fixture
def periods(org):
    return [
        RatingPeriodFactory(
            branch=org.branch, start=datetime.date(2026, m, 1), end=datetime.date(2026, m + 2, 28)
        )
        for m in (1, 4, 7)
    ]


def approve_all(org, period, criteria, values: dict):
    """Rate and approve ``values`` {employee: stars or {criterion: stars}}, then close."""
    for employee, value in values.items():
        by = org.leader_user if employee.team == org.team_a else org.leader_b_user
        rate(org, period, criteria, employee, value, by=by)
    for team in (org.team_a, org.team_b):
        if StarRating.objects.filter(period=period, team=team, status="submitted").exists():
            services.rating_approve_team(period=period, team=team, by=org.secretary_user)
    services.period_close(period=period)


def test_default_rule_average_of_last_two_closed_periods(org, criteria, periods):
    old, previous, last = periods
    approve_all(org, old, criteria, {org.worker: 1, org.intern: 5})
    approve_all(
        org,
        previous,
        criteria,
        {org.worker: 4, org.contract_worker: 5, org.intern: 4, org.worker_b: 5},
    )
    approve_all(org, last, criteria, {org.worker: 4, org.contract_worker: 3, org.intern: 4})
    rows = {r.employee: r for r in selectors.eligibility_for_branch(org.branch)}
    assert rows[org.worker].eligible and rows[org.worker].average == Decimal(
        "4.00"
    )  # old period ignored
    assert rows[org.intern].eligible
    assert rows[org.contract_worker].average == Decimal("4.00")
    # (5 + 3) / 2 = 4.0: exactly the threshold counts
    assert rows[org.contract_worker].eligible
    # both periods needed: worker_b has 5 stars but only one of the two
    assert not rows[org.worker_b].eligible and rows[org.worker_b].average is None
    assert [v for _p, v in rows[org.worker_b].values] == [None, Decimal("5.0")]
    assert selectors.is_priority_eligible(org.worker)
    assert not selectors.is_priority_eligible(org.worker_b)
    assert set(selectors.eligible_employees(org.branch)) == {
        org.worker,
        org.intern,
        org.contract_worker,
    }


def test_just_below_threshold_is_not_eligible(org, criteria, periods):
    stars = {
        c.pk: v for c, v in zip(criteria, [4, 4, 4, 3, 3], strict=True)
    }  # (12+12+8+6+3)/11 = 3.73 -> 3.7
    approve_all(org, periods[1], criteria, {org.worker: 5})
    approve_all(org, periods[2], criteria, {org.worker: stars})
    row = selectors.eligibility_for_branch(
        org.branch, org.branch.employees.filter(pk=org.worker.pk)
    )[0]
    assert row.average == Decimal("4.35") and row.eligible
    RecognitionSettings.objects.create(branch=org.branch, eligibility_min_average=Decimal("4.4"))
    row = selectors.eligibility_for_branch(
        org.branch, org.branch.employees.filter(pk=org.worker.pk)
    )[0]
    assert not row.eligible


def test_secretary_sets_a_different_rule(org, criteria, periods):
    RecognitionSettings.objects.create(
        branch=org.branch, eligibility_periods=1, eligibility_min_average=Decimal("3.0")
    )
    approve_all(org, periods[2], criteria, {org.worker: 3})
    assert selectors.is_priority_eligible(org.worker)


def test_open_period_does_not_count(org, criteria, periods):
    approve_all(org, periods[0], criteria, {org.worker: 5})
    rate(org, periods[1], criteria, org.worker, 5)
    services.rating_approve_team(period=periods[1], team=org.team_a, by=org.secretary_user)
    # periods[1] is still open: only one closed period, so nobody qualifies yet
    assert not selectors.is_priority_eligible(org.worker)


def test_dashboard_lists_who_and_why(client, org, criteria, periods):
    approve_all(org, periods[1], criteria, {org.worker: 5, org.worker_b: 5})
    approve_all(org, periods[2], criteria, {org.worker: 4, org.worker_b: 2})
    client.force_login(org.secretary_user)
    body = client.get(reverse("recognition:eligibility")).content.decode()
    assert "4.50" in body and "3.50" in body and "优先" in body
    client.force_login(org.leader_user)
    body = client.get(reverse("recognition:eligibility")).content.decode()
    assert "张正式" in body and "赵二班" not in body
    client.force_login(org.worker_user)
    assert client.get(reverse("recognition:eligibility")).status_code == 403


def test_fairness_report_spreads_over_types_and_teams(
    client, org, criteria, periods, django_assert_max_num_queries
):
    period = periods[2]
    approve_all(
        org,
        period,
        criteria,
        {org.worker: 5, org.contract_worker: 4, org.intern: 3, org.worker_b: 4},
    )
    report = selectors.fairness_report(period)
    by_type = {row["key"]: row for row in report["by_type"]}
    assert by_type[EmploymentType.FORMAL]["count"] == 2
    assert by_type[EmploymentType.FORMAL]["average"] == Decimal("4.50")
    assert by_type[EmploymentType.FORMAL]["high_share"] == Decimal("100.0")
    assert by_type[EmploymentType.INTERN]["high_share"] == Decimal("0.0")
    assert by_type[EmploymentType.CONTRACT]["average"] == Decimal("4.00")
    by_team = {row["label"]: row for row in report["by_team"]}
    assert by_team["修井一班"]["count"] == 3 and by_team["修井一班"]["high_share"] == Decimal(
        "66.7"
    )
    assert by_team["修井二班"]["average"] == Decimal("4.00")
    client.force_login(org.secretary_user)
    url = reverse("recognition:fairness_period", args=[period.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert "66.7%" in client.get(url).content.decode()
    for _ in range(30):
        person = EmployeeFactory(team=org.team_b, employment_type=EmploymentType.CONTRACT)
        StarRating.objects.create(
            employee=person,
            period=period,
            team=org.team_b,
            status="approved",
            overall=Decimal("4.5"),
        )
    with django_assert_max_num_queries(20) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
    client.force_login(org.leader_user)
    assert client.get(url).status_code == 403
