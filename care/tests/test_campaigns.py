"""Welfare campaigns: targets, leaders' checklists, coverage and the .xlsx ledger."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from branch.factories import EmployeeFactory
from care import selectors, services
from care.factories import CampaignFactory, CampaignItemFactory
from care.models import Distribution, WelfareCampaign

D = datetime.date


@pytest.fixture
def campaign(org):
    campaign = CampaignFactory(branch=org.branch, occasion="2026年夏季送清凉")
    CampaignItemFactory(campaign=campaign, name="绿豆汤", unit="碗", default_quantity=2)
    CampaignItemFactory(campaign=campaign, name="矿泉水", unit="瓶", default_quantity=6)
    return campaign


def test_whole_branch_is_the_default_target_with_every_employment_type(org, campaign):
    names = set(selectors.campaign_targets(campaign).values_list("name", flat=True))
    assert {"张正式", "李合同", "王实习", "赵二班", "班长甲", "班长乙", "书记"} == names


def test_chosen_teams_and_excluded_types(org, campaign):
    campaign.teams.set([org.team_a])
    campaign.excluded_types = ["intern"]
    campaign.exclusion_reason = "实习生由实习单位统一发放"
    services.campaign_save(campaign=campaign)
    names = set(selectors.campaign_targets(campaign).values_list("name", flat=True))
    assert "王实习" not in names and "赵二班" not in names and "李合同" in names


def test_exclusion_needs_a_reason_and_known_types(org):
    campaign = WelfareCampaign(
        branch=org.branch, season="winter", occasion="送温暖", starts_on=D(2026, 12, 1),
        ends_on=D(2027, 1, 31), excluded_types=["contract"],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="原因"):
        services.campaign_save(campaign=campaign)
    campaign.excluded_types = ["nobody"]
    campaign.exclusion_reason = "x"
    with pytest.raises(ValidationError):
        services.campaign_save(campaign=campaign)


def test_end_before_start_is_refused_by_form_and_database(org):
    campaign = WelfareCampaign(
        branch=org.branch, season="summer", occasion="x", starts_on=D(2026, 8, 1),
        ends_on=D(2026, 7, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.campaign_save(campaign=campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        campaign.save()


def test_quantity_must_be_positive_in_the_database(org, campaign):
    item = campaign.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Distribution.objects.create(
            campaign=campaign, employee=org.worker, item=item, quantity=0,
            received_on=D(2026, 7, 2), recorded_by=org.leader_user,
        )  # fmt: skip


def test_leader_records_one_by_one_and_correction_updates(org, campaign):
    item = campaign.items.first()
    services.distribution_record(
        campaign=campaign, employee=org.intern, item=item, quantity=1,
        received_on=D(2026, 7, 2), recorded_by=org.leader_user,
    )  # fmt: skip
    services.distribution_record(
        campaign=campaign, employee=org.intern, item=item, quantity=3,
        received_on=D(2026, 7, 3), recorded_by=org.leader_user,
    )  # fmt: skip
    row = Distribution.objects.get()
    assert (row.quantity, row.received_on, row.recorded_by) == (3, D(2026, 7, 3), org.leader_user)
    with pytest.raises(ValidationError):
        services.distribution_record(
            campaign=campaign, employee=org.intern, item=item, quantity=0,
            received_on=D(2026, 7, 3), recorded_by=org.leader_user,
        )  # fmt: skip


def test_leader_cannot_record_for_another_team(org, campaign):
    item = campaign.items.first()
    with pytest.raises(PermissionDenied):
        services.distribution_record(
            campaign=campaign, employee=org.worker_b, item=item, quantity=1,
            received_on=D(2026, 7, 2), recorded_by=org.leader_user,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.distribution_record_all(
            campaign=campaign, employees=[org.worker, org.worker_b],
            received_on=D(2026, 7, 2), recorded_by=org.leader_user,
        )  # fmt: skip
    assert not Distribution.objects.exists()


def test_leader_cannot_record_for_someone_outside_the_target(org, campaign):
    campaign.excluded_types = ["intern"]
    campaign.exclusion_reason = "另行发放"
    campaign.save()
    with pytest.raises(ValidationError, match="不在本次活动"):
        services.distribution_record(
            campaign=campaign, employee=org.intern, item=campaign.items.first(), quantity=1,
            received_on=D(2026, 7, 2), recorded_by=org.leader_user,
        )  # fmt: skip


def test_worker_cannot_record(org, campaign):
    with pytest.raises(PermissionDenied):
        services.distribution_record(
            campaign=campaign, employee=org.worker, item=campaign.items.first(), quantity=1,
            received_on=D(2026, 7, 2), recorded_by=org.worker_user,
        )  # fmt: skip


def test_bulk_all_received_from_the_phone_checklist(client, org, campaign):
    client.force_login(org.leader_user)
    url = reverse("care:campaign_detail", args=[campaign.pk])
    response = client.get(url)
    names = [r["employee"].name for r in response.context["rows"]]
    assert set(names) == {"班长甲", "书记", "张正式", "李合同", "王实习"}  # team A only
    ids = [org.worker.pk, org.contract_worker.pk, org.intern.pk]
    response = client.post(url, {"action": "all", "employee": ids, "received_on": "2026-07-02"})
    assert response.status_code == 302
    assert Distribution.objects.count() == 6
    assert set(Distribution.objects.values_list("quantity", flat=True)) == {2, 6}
    # again: nothing new
    client.post(url, {"action": "all", "employee": ids, "received_on": "2026-07-02"})
    assert Distribution.objects.count() == 6


def test_bulk_post_for_another_team_is_refused(client, org, campaign):
    client.force_login(org.leader_user)
    url = reverse("care:campaign_detail", args=[campaign.pk])
    response = client.post(url, {"action": "all", "employee": [org.worker_b.pk]})
    assert response.status_code == 403
    response = client.post(
        url, {"action": "one", "employee_id": org.worker_b.pk,
              "item_id": campaign.items.first().pk},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Distribution.objects.exists()


def test_one_by_one_and_undo_from_the_checklist(client, org, campaign):
    client.force_login(org.leader_user)
    url = reverse("care:campaign_detail", args=[campaign.pk])
    item = campaign.items.first()
    client.post(url, {"action": "one", "employee_id": org.intern.pk, "item_id": item.pk})
    assert Distribution.objects.get().quantity == 2
    client.post(url, {"action": "remove", "employee_id": org.intern.pk, "item_id": item.pk})
    assert not Distribution.objects.exists()


def test_other_branch_campaign_is_not_found(client, org):
    other = CampaignFactory()
    client.force_login(org.leader_user)
    assert client.get(reverse("care:campaign_detail", args=[other.pk])).status_code == 404


def test_coverage_report_by_team_and_type_lists_who_got_nothing(client, org, campaign):
    campaign.excluded_types = ["intern"]
    campaign.exclusion_reason = "实习生由学校发放"
    campaign.save()
    services.distribution_record_all(
        campaign=campaign, employees=[org.worker, org.contract_worker],
        received_on=D(2026, 7, 2), recorded_by=org.leader_user,
    )  # fmt: skip
    client.force_login(org.secretary_user)
    response = client.get(reverse("care:campaign_report", args=[campaign.pk]))
    coverage = response.context["coverage"]
    by_team = {r["team__name"]: (r["covered"], r["total"]) for r in coverage["by_team"]}
    assert by_team == {"修井一班": (2, 4), "修井二班": (0, 2)}
    by_type = {r["employment_type"]: (r["covered"], r["total"]) for r in coverage["by_type"]}
    assert by_type == {"contract": (1, 1), "formal": (1, 5)}
    assert {p.name for p in coverage["missing"]} == {"书记", "班长甲", "班长乙", "赵二班"}
    body = response.content.decode()
    assert "实习生由学校发放" in body and "短期实习生" in body


def test_report_is_for_the_secretary(client, org, campaign):
    client.force_login(org.leader_user)
    assert client.get(reverse("care:campaign_report", args=[campaign.pk])).status_code == 403
    assert client.get(reverse("care:campaign_ledger", args=[campaign.pk])).status_code == 403


def test_ledger_exports_xlsx(client, org, campaign):
    org.worker.name = "=HYPERLINK(1)"
    org.worker.save()
    services.distribution_record_all(
        campaign=campaign, employees=[org.worker], received_on=D(2026, 7, 2),
        recorded_by=org.leader_user,
    )  # fmt: skip
    client.force_login(org.secretary_user)
    response = client.get(reverse("care:campaign_ledger", args=[campaign.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    ledger = list(book["发放台账"].values)
    assert ledger[0][:6] == ("班组", "工号", "姓名", "用工性质", "物品", "数量")
    assert ledger[1][:6] == ("修井一班", "W001", "=HYPERLINK(1)", "正式工", "绿豆汤", 2)
    assert ledger[1][8] == "班长甲"
    missing = [row[2] for row in book["未领取"].values][1:]
    assert "王实习" in missing


def test_secretary_creates_campaign_with_items_on_the_front_end(client, org):
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("care:campaign_create"),
        {"season": "winter", "occasion": "2026年冬季送温暖", "starts_on": "2026-12-01",
         "ends_on": "2027-01-31", "teams": [org.team_b.pk], "items_text": "棉手套 副 1\n暖宝宝 盒 2"},
    )  # fmt: skip
    assert response.status_code == 302
    campaign = WelfareCampaign.objects.get(occasion="2026年冬季送温暖")
    assert [(i.name, i.unit, i.default_quantity) for i in campaign.items.all()] == [
        ("棉手套", "副", 1), ("暖宝宝", "盒", 2)
    ]  # fmt: skip
    assert list(campaign.teams.all()) == [org.team_b]
    response = client.post(
        reverse("care:campaign_create"),
        {"season": "winter", "occasion": "bad", "starts_on": "2026-12-01",
         "ends_on": "2026-11-01", "items_text": "棉手套"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not WelfareCampaign.objects.filter(occasion="bad").exists()


def test_leader_cannot_create_campaigns(client, org):
    client.force_login(org.leader_user)
    assert client.get(reverse("care:campaign_create")).status_code == 403


def _grow(org, campaign, n):
    for _ in range(n):
        person = EmployeeFactory(team=org.team_a)
        services.distribution_record_all(
            campaign=campaign, employees=[person], received_on=D(2026, 7, 2),
            recorded_by=org.secretary_user,
        )  # fmt: skip
        EmployeeFactory(team=org.team_b)


@pytest.mark.parametrize(
    "name", ["campaign_detail", "campaign_report", "campaign_list", "campaign_ledger"]
)
def test_campaign_pages_query_count_is_constant(
    client, org, campaign, name, django_assert_max_num_queries
):
    client.force_login(org.secretary_user)
    args = [] if name == "campaign_list" else [campaign.pk]
    _grow(org, campaign, 4)
    with django_assert_max_num_queries(22):
        assert client.get(reverse(f"care:{name}", args=args)).status_code == 200
    _grow(org, campaign, 12)
    for _ in range(2):
        CampaignItemFactory(campaign=CampaignFactory(branch=org.branch))
    with django_assert_max_num_queries(22):
        assert client.get(reverse(f"care:{name}", args=args)).status_code == 200
