"""Party dues: rates at their thresholds, who pays from when, the sheet, arrears, the year,
and who sees amounts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from branch.models import PoliticalStatus
from partylife import services
from partylife.models import Development, DuesCategory, DuesPayment, DuesRate, Stage

d = datetime.date
TABLE = services.DEFAULT_RATES


@pytest.mark.parametrize(
    ("base", "amount"),
    [
        ("0", "0.00"),
        ("2999.99", "15.00"),  # 0.5 %: 14.99995 rounds half up to 15.00
        ("3000", "15.00"),  # bound inclusive: still 0.5 %
        ("3000.01", "30.00"),  # 1 % on the whole base
        ("5000", "50.00"),
        ("5000.01", "75.00"),  # 1.5 %: 75.00015
        ("10000", "150.00"),
        ("10000.01", "200.00"),  # 2 %
        ("3001", "30.01"),
        ("4321.50", "43.22"),  # 43.215 → 43.22 (half up)
    ],
)
def test_one_rate_on_the_whole_base_at_the_thresholds(base, amount):
    result = services.dues_amount(base=Decimal(base), category=DuesCategory.WAGE, table=TABLE)
    assert result == Decimal(amount) and isinstance(result, Decimal)


def test_fixed_amounts_and_a_branch_table(party):
    assert services.dues_amount(base=Decimal("0"), category="retired", table=TABLE) == Decimal(
        "2.00"
    )
    assert services.dues_amount(base=Decimal("0"), category="no_wage", table=TABLE) == Decimal(
        "0.20"
    )
    DuesRate.objects.create(branch=party.branch, category="wage", up_to=None, percent=Decimal("1"))
    table = services.rate_table(party.branch)
    assert services.dues_amount(base=Decimal("8000"), category="wage", table=table) == Decimal(
        "80.00"
    )
    with pytest.raises(ValidationError):
        services.dues_amount(base=Decimal("-1"), category="wage", table=TABLE)


def test_probationary_members_pay_from_the_month_of_the_vote(party):
    person = party.contract_worker
    person.political_status = PoliticalStatus.PROBATIONARY
    person.save()
    Development.objects.create(
        branch=party.branch, employee=person, stage=Stage.PROBATIONARY,
        applied_on=d(2023, 1, 1), admitted_on=d(2026, 3, 31),
    )  # fmt: skip
    assert person not in services.payers(party.branch, d(2026, 2, 1))
    assert person in services.payers(party.branch, d(2026, 3, 1))
    assert party.intern not in services.payers(party.branch, d(2026, 3, 1))  # 群众


def test_sheet_carries_the_base_flags_arrears_and_exports_the_year(party, org2, client):
    client.force_login(party.secretary_user)
    url = reverse("partylife:dues_sheet")
    client.post(url, {"action": "prepare", "month": "2026-01"})
    line = DuesPayment.objects.get(employee=party.worker, month=d(2026, 1, 1))
    client.post(url, {"month": "2026-01", "line": line.pk, "base": "4000", "category": "wage",
                      "paid": "1"})  # fmt: skip
    line.refresh_from_db()
    assert line.amount == Decimal("40.00") and line.paid_on is not None
    for bad in ("abc", "-5", "NaN", "1e12"):
        client.post(url, {"month": "2026-01", "line": line.pk, "base": bad})
        line.refresh_from_db()
        assert line.base == Decimal("4000.00")
    for month in range(2, 8):
        client.post(url, {"action": "prepare", "month": f"2026-{month:02d}"})
    assert DuesPayment.objects.get(employee=party.worker, month=d(2026, 2, 1)).base == Decimal(
        "4000.00"
    )
    page = client.get(url, {"month": "2026-06"}).content.decode()
    assert page.count('data-testid="arrears"') == 7  # the 8 payers but the worker owe Jan–Jun
    response = client.get(reverse("partylife:dues_year"), {"year": "2026", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "张正式" in names and "外员工" not in names
    client.force_login(org2.secretary_user)
    assert "张正式" not in client.get(url, {"month": "2026-01"}).content.decode()
    assert client.post(url, {"month": "2026-01", "line": line.pk, "paid": "0"}).status_code == 302
    line.refresh_from_db()
    assert line.paid_on is not None


def test_amounts_only_for_the_secretary_the_group_leader_and_the_member(party, client):
    client.force_login(party.secretary_user)
    client.post(reverse("partylife:dues_sheet"), {"action": "prepare", "month": "2026-01"})
    from partylife.selectors import dues_visible_to

    in_group = {p.employee_id for p in dues_visible_to(party.leader_user)}
    assert in_group == {party.leader.pk, party.worker.pk, party.members[1].pk}
    assert {p.employee_id for p in dues_visible_to(party.worker_user)} == {party.worker.pk}
    assert not dues_visible_to(party.leader_b_user).exclude(employee=party.leader_b).exists()
    client.force_login(party.leader_user)
    page = client.get(reverse("partylife:dues_sheet"), {"month": "2026-01"}).content.decode()
    assert page.count('data-testid="dues-line"') == 3
    assert (
        client.post(
            reverse("partylife:dues_sheet"), {"action": "prepare", "month": "2026-02"}
        ).status_code
        == 403
    )
    assert client.get(reverse("partylife:dues_year")).status_code == 403
    client.force_login(party.worker_user)
    assert client.get(reverse("partylife:dues_sheet")).status_code == 403


def test_dues_sheet_queries_stay_constant(party, client, django_assert_max_num_queries):
    from ..factories import make_party_members

    client.force_login(party.secretary_user)
    url = reverse("partylife:dues_sheet")
    client.post(url, {"action": "prepare", "month": "2026-01"})
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"month": "2026-01"})
    first = len(few.captured_queries)
    make_party_members(party.team_a, 16, staff_prefix="D")
    client.post(url, {"action": "prepare", "month": "2026-01"})
    with django_assert_max_num_queries(first):
        page = client.get(url, {"month": "2026-01"}).content.decode()
    assert page.count('data-testid="dues-line"') == 24


def _rates_post(lines, prefix="rates"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(lines)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "30"}  # fmt: skip
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


WAGE_TABLE = [
    {"category": "wage", "up_to": "4000", "percent": "0.5"},
    {"category": "wage", "up_to": "", "percent": "1"},
    {"category": "retired", "fixed_amount": "3"},
    {"category": "no_wage", "fixed_amount": "0.5"},
]


def test_the_secretary_sets_the_branch_dues_table_and_unpaid_lines_follow(party, org2, client):
    from django.utils import timezone

    url = reverse("partylife:dues_rates")
    month = timezone.localdate().replace(day=1)
    services.dues_month_prepare(branch=party.branch, month=month, user=party.secretary_user)
    line = DuesPayment.objects.filter(branch=party.branch, month=month).first()
    services.dues_payment_set(payment=line, user=party.secretary_user, base=Decimal("3500"))
    client.force_login(party.secretary_user)
    page = client.get(url).content.decode()
    assert page.count('data-testid="rate-line"') == len(services.DEFAULT_RATES) + 2
    response = client.post(url, _rates_post(WAGE_TABLE), follow=True)
    assert "已重算 1 条" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("17.50")  # 0.5 % up to ¥4,000 (the default said 1 %)
    assert DuesRate.objects.filter(branch=party.branch).count() == 4
    assert not DuesRate.objects.filter(branch=org2.branch).exists()
    # Other branches keep the default table.
    assert services.rate_table(org2.branch) == list(services.DEFAULT_RATES)


@pytest.mark.parametrize(
    "lines, message",
    [
        ([{"category": "wage", "up_to": "4000", "percent": "0.5"}, *WAGE_TABLE[2:]],
         "没有上限"),
        ([{"category": "wage", "up_to": "", "percent": "1"},
          {"category": "wage", "up_to": "", "percent": "2"}, *WAGE_TABLE[2:]], "没有上限"),
        ([{"category": "wage", "up_to": "", "fixed_amount": "5"}, *WAGE_TABLE[2:]], "比例"),
        ([{"category": "wage", "up_to": "", "percent": "101"}, *WAGE_TABLE[2:]], "100"),
        ([{"category": "wage", "up_to": "", "percent": "1"},
          {"category": "wage", "up_to": "99999999999", "percent": "1"}, *WAGE_TABLE[2:]], ""),
        ([{"category": "wage", "up_to": "", "percent": "abc"}, *WAGE_TABLE[2:]], ""),
        (WAGE_TABLE[:2], "需要"),
        ([{"category": "gift", "up_to": "", "percent": "1"}, *WAGE_TABLE[2:]], ""),
    ],
)  # fmt: skip
def test_a_dues_table_that_cannot_be_right_is_refused_whole(party, client, lines, message):
    client.force_login(party.secretary_user)
    response = client.post(reverse("partylife:dues_rates"), _rates_post(lines))
    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert not DuesRate.objects.filter(branch=party.branch).exists()


def test_only_the_secretary_edits_the_dues_table(party, org2, client):
    url = reverse("partylife:dues_rates")
    for user in (party.worker_user, party.leader_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _rates_post(WAGE_TABLE)).status_code == 403
    client.force_login(org2.secretary_user)
    client.post(url, _rates_post(WAGE_TABLE))
    assert not DuesRate.objects.filter(branch=party.branch).exists()
    assert DuesRate.objects.filter(branch=org2.branch).count() == 4
