import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from recognition import services
from recognition.factories import AwardLevelFactory, SuggestionFactory
from recognition.models import Award, SuggestionStatus

S = SuggestionStatus


def _submitted_before(suggestion, when=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
    type(suggestion).objects.filter(pk=suggestion.pk).update(submitted_at=when)
    suggestion.submitted_at = when


@pytest.fixture
def level(org):
    return AwardLevelFactory(branch=org.branch, name="二等奖", amount=Decimal("500"))


def grant(org, suggestion, level, **kwargs):
    # The award dates below are in early 2026: the suggestions were submitted before them.
    _submitted_before(suggestion)
    return services.award_grant(
        suggestion=suggestion,
        level=level,
        awarded_on=kwargs.pop("awarded_on", datetime.date(2026, 5, 1)),
        by=org.secretary_user,
        **kwargs,
    )


@pytest.mark.parametrize("status", [S.ADOPTED, S.PARTLY_ADOPTED, S.IMPLEMENTED])
def test_adopted_suggestions_can_be_awarded_once(org, level, status):
    suggestion = SuggestionFactory(employee=org.worker, status=status)
    award = grant(org, suggestion, level)
    assert award.amount == Decimal("500")
    with pytest.raises(ValidationError):
        grant(org, suggestion, level)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            suggestion=suggestion, level=level, amount=1, awarded_on=datetime.date(2026, 1, 1)
        )


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED, S.REJECTED])
def test_suggestions_not_adopted_cannot_be_awarded(client, org, level, status):
    suggestion = SuggestionFactory(employee=org.worker, status=status)
    with pytest.raises(ValidationError):
        grant(org, suggestion, level)
    client.force_login(org.secretary_user)
    client.post(
        reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        {"action": "award", "level": level.pk, "awarded_on": "2026-05-01"},
    )
    assert not Award.objects.exists()


def test_negative_amount_refused_by_service_and_database(org, level):
    suggestion = SuggestionFactory(employee=org.worker, status=S.ADOPTED)
    with pytest.raises(ValidationError):
        grant(org, suggestion, level, amount=Decimal("-1"))
    award = grant(org, suggestion, level, amount=Decimal("300"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(amount=Decimal("-5"))


def test_only_own_branch_secretary_awards_with_own_levels(org, level):
    suggestion = SuggestionFactory(employee=org.worker, status=S.ADOPTED)
    with pytest.raises(PermissionDenied):
        services.award_grant(
            suggestion=suggestion,
            level=level,
            awarded_on=datetime.date(2026, 5, 1),
            by=org.leader_user,
        )
    foreign_level = AwardLevelFactory(branch=BranchFactory(code="other"))
    with pytest.raises(ValidationError):
        grant(org, suggestion, foreign_level)


def test_award_via_page_notifies_and_keeps_history(client, org, level):
    suggestion = SuggestionFactory(employee=org.worker, status=S.ADOPTED)
    _submitted_before(suggestion)
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        {
            "action": "award",
            "level": level.pk,
            "awarded_on": "2026-05-01",
            "amount": "",
            "note": "推广",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.amount == Decimal("500") and award.history.count() == 1
    assert org.worker_user.notifications.filter(key__startswith="recognition:award").exists()


def test_ledger_exports_the_years_awards_to_xlsx(client, org, level):
    first = SuggestionFactory(employee=org.worker, status=S.ADOPTED, title='=HYPERLINK("x")')
    second = SuggestionFactory(employee=org.intern, status=S.IMPLEMENTED, title="快换卡槽")
    old = SuggestionFactory(employee=org.worker_b, status=S.ADOPTED, title="去年的")
    grant(org, first, level, awarded_on=datetime.date(2026, 3, 1))
    grant(
        org, second, level, amount=Decimal("800"), awarded_on=datetime.date(2026, 6, 1), note="推广"
    )
    grant(org, old, level, awarded_on=datetime.date(2025, 12, 31))
    client.force_login(org.secretary_user)
    response = client.get(reverse("recognition:award_ledger_xlsx"), {"year": "2026"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("颁奖日期", "工号", "姓名")
    assert [(r[2], r[5], r[8]) for r in rows[1:]] == [
        ("张正式", '=HYPERLINK("x")', 500),
        ("王实习", "快换卡槽", 800),
    ]
    page = client.get(reverse("recognition:award_ledger"), {"year": "2026"}).content.decode()
    assert "1300" in page and "去年的" not in page


def test_ledger_is_secretary_only_and_branch_scoped(client, org, level):
    grant(org, SuggestionFactory(employee=org.worker, status=S.ADOPTED, title="本支部"), level)
    for user in (org.worker_user, org.leader_user):
        client.force_login(user)
        assert client.get(reverse("recognition:award_ledger_xlsx")).status_code == 403
    stranger = make_account(
        EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="other"))), role=roles.SECRETARY
    )
    client.force_login(stranger)
    response = client.get(reverse("recognition:award_ledger_xlsx"), {"year": "2026"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1


def test_benefit_and_implementers_are_recorded_and_shown_beside_the_award(client, org, org2, level):
    suggestion = SuggestionFactory(employee=org.worker, status=S.IMPLEMENTED, title="改进丈量尺")
    grant(org, suggestion, level)
    url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
    client.force_login(org.secretary_user)
    response = client.post(url, {"action": "benefit", "benefit_unit": "yuan",
                                 "estimated_benefit": "-5", "realised_benefit": ""})  # fmt: skip
    suggestion.refresh_from_db()
    assert suggestion.estimated_benefit is None  # negative refused
    client.post(url, {"action": "benefit", "benefit_unit": "yuan", "estimated_benefit": "12000",
                      "realised_benefit": "13580.50",
                      "implemented_by": [org.worker.pk, org.contract_worker.pk]})  # fmt: skip
    suggestion.refresh_from_db()
    assert suggestion.realised_benefit == Decimal("13580.50")
    body = client.get(reverse("recognition:award_ledger"), {"year": 2026}).content.decode()
    assert "13580.50" in body and "李合同" in body
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("recognition:award_ledger_xlsx"), {"year": 2026}).content)
    ).active
    assert "实际效益" in [c.value for c in sheet[1]]
    assert "13580.50 元" in [c.value for c in sheet[2]]
    with pytest.raises(ValidationError):
        services.suggestion_benefit_save(
            suggestion=suggestion, by=org.secretary_user, benefit_unit="hours",
            estimated_benefit=None, realised_benefit=Decimal("3"), implemented_by=[org2.worker],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.suggestion_benefit_save(
            suggestion=suggestion, by=org2.secretary_user, benefit_unit="hours",
            estimated_benefit=None, realised_benefit=Decimal("3"), implemented_by=[],
        )  # fmt: skip
    assert response.status_code == 302 or response.status_code == 200


def test_award_date_is_prefilled_in_the_date_pickers_format(client, org, org2, level):
    """A browser's date picker only shows an ISO value: the award form (and every date field of
    the app) offers today as YYYY-MM-DD, not the locale's 2026/12/01, which shows as empty and
    made "颁奖" fail with "必需字段"."""
    from django.utils import timezone

    suggestion = SuggestionFactory(employee=org.worker, status=S.ADOPTED)
    client.force_login(org.secretary_user)
    html = client.get(reverse("recognition:suggestion_detail", args=[suggestion.pk])).content
    html = html.decode()
    field = (
        html.split('name="awarded_on"')[0].rsplit("<input", 1)[1]
        + html.split('name="awarded_on"')[1].split(">")[0]
    )
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in field
    assert "/" not in field.split("value=")[1]
    assert org2.branch.name not in html


def test_an_award_cannot_be_dated_before_the_suggestion(client, org, org2, level):
    suggestion = SuggestionFactory(employee=org.worker, status=S.ADOPTED)
    _submitted_before(suggestion, datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError) as exc:
        services.award_grant(
            suggestion=suggestion, level=level, awarded_on=datetime.date(2026, 5, 31),
            by=org.secretary_user,
        )  # fmt: skip
    assert "awarded_on" in exc.value.message_dict
    client.force_login(org.secretary_user)
    url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
    for bad in ("2026-05-31", "0001-01-01", "9999-12-31", "2026-02-30"):
        response = client.post(url, {"action": "award", "level": level.pk, "awarded_on": bad})
        assert response.status_code == 200
    assert not Award.objects.exists()
    services.award_grant(
        suggestion=suggestion, level=level, awarded_on=datetime.date(2026, 6, 1),
        by=org.secretary_user,
    )  # fmt: skip
    assert Award.objects.count() == 1


@pytest.mark.parametrize("year", ["²", "99999999999999999999", "1999", "-1", "abc"])
def test_award_ledger_with_a_year_that_is_not_one_says_so(client, org, org2, year):
    client.force_login(org.secretary_user)
    client.raise_request_exception = False
    response = client.get(reverse("recognition:award_ledger"), {"year": year})
    assert response.status_code == 200
    assert "不是有效的年份" in response.content.decode()
