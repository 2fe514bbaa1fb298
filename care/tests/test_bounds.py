"""Values that cannot be true are refused with a Chinese form error, never stored and never a
500: campaign and distribution dates, quantities, follow-ups and visits, the answer deadline,
and the calendar feed keeps answering whatever one record holds."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from branch.validators import LATEST_STORED
from care import feed, services
from care.factories import CampaignFactory, CampaignItemFactory
from care.models import CareSettings, Distribution, HardshipCase, Visit, WelfareCampaign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_modules_today")]
D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def campaign(org):
    today = timezone.localdate()
    c = CampaignFactory(
        branch=org.branch,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
    )
    CampaignItemFactory(campaign=c, name="绿豆汤", unit="碗", default_quantity=1)
    return c


def _campaign_post(**dates):
    return {"season": "summer", "occasion": "送清凉", "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(), **dates}  # fmt: skip


@pytest.mark.parametrize(
    "dates",
    [
        {"starts_on": "0001-01-01"},
        {"ends_on": "9999-12-31"},
        {"starts_on": "1899-12-31", "ends_on": "1899-12-31"},
        {"ends_on": (TODAY + datetime.timedelta(days=6 * 366)).isoformat()},
        {"starts_on": (TODAY - datetime.timedelta(days=400)).isoformat()},
        {"starts_on": "2026-02-30"},
        {"starts_on": "99999-01-01"},
    ],
)
def test_campaign_with_silly_dates_is_a_form_error(client, org, org2, dates):
    client.force_login(org.secretary_user)
    response = client.post(reverse("care:campaign_create"), _campaign_post(**dates))
    assert response.status_code == 200
    assert not WelfareCampaign.objects.exists()
    assert "has-error" in response.content.decode()


def test_campaign_with_sensible_dates_is_saved(client, org):
    client.force_login(org.secretary_user)
    response = client.post(reverse("care:campaign_create"), _campaign_post())
    assert response.status_code == 302
    assert WelfareCampaign.objects.get().branch == org.branch


def test_database_refuses_a_year_9999_campaign(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFactory(branch=org.branch, starts_on=D(2026, 1, 1), ends_on=D(9999, 12, 31))


def test_distribution_must_lie_inside_its_campaign(org, campaign):
    item = campaign.items.get()
    for day in (
        campaign.starts_on - datetime.timedelta(days=1),
        campaign.ends_on + datetime.timedelta(days=1),
    ):  # noqa: E501
        with pytest.raises(ValidationError) as exc:
            services.distribution_record(
                campaign=campaign, employee=org.worker, item=item, quantity=1,
                received_on=day, recorded_by=org.leader_user,
            )  # fmt: skip
        assert "received_on" in exc.value.message_dict
        with pytest.raises(ValidationError):
            services.distribution_record_all(
                campaign=campaign, employees=[org.worker], received_on=day,
                recorded_by=org.leader_user,
            )  # fmt: skip
    assert not Distribution.objects.exists()
    services.distribution_record(
        campaign=campaign, employee=org.worker, item=item, quantity=2,
        received_on=campaign.starts_on, recorded_by=org.leader_user,
    )  # fmt: skip
    row = Distribution.objects.get()
    assert row.received_on == campaign.starts_on
    assert row.history.count() == 1  # distributions keep their history now


def test_campaign_dates_cannot_move_away_from_its_distributions(org, campaign):
    services.distribution_record_all(
        campaign=campaign, employees=[org.worker], received_on=campaign.starts_on,
        recorded_by=org.leader_user,
    )  # fmt: skip
    campaign.starts_on += datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.campaign_save(campaign=campaign)


@pytest.mark.parametrize("received_on", ["not-a-date", "", "2026-13-01", "0000-01-01", "²"])
def test_an_invalid_receipt_date_is_an_error_not_today(client, org, org2, campaign, received_on):
    client.force_login(org.leader_user)
    url = reverse("care:campaign_detail", args=[campaign.pk])
    response = client.post(
        url, {"action": "all", "employee": [org.worker.pk], "received_on": received_on}, follow=True
    )
    assert response.status_code == 200
    assert not Distribution.objects.exists()
    assert "请输入有效的领取日期" in response.content.decode()


@pytest.mark.parametrize(
    "quantity", ["0", "-1", "1001", "99999999999999999999", "１", "²", "1e3", "NaN"]
)
def test_quantity_beyond_the_bound_is_an_error(client, org, campaign, quantity):
    client.force_login(org.leader_user)
    item = campaign.items.get()
    response = client.post(
        reverse("care:campaign_detail", args=[campaign.pk]),
        {"action": "one", "employee_id": org.worker.pk, "item_id": item.pk, "quantity": quantity},
    )
    assert response.status_code == 302
    assert not Distribution.objects.exists()


@pytest.mark.parametrize("ids", [{"employee_id": "99999999999999999999999"}, {"item_id": "²"}])
def test_ids_beyond_the_database_range_are_not_found(client, org, campaign, ids):
    client.force_login(org.leader_user)
    item = campaign.items.get()
    data = {"action": "one", "employee_id": org.worker.pk, "item_id": item.pk, **ids}
    response = client.post(reverse("care:campaign_detail", args=[campaign.pk]), data)
    assert response.status_code == 404


def test_a_chip_tap_after_the_campaign_is_dated_on_its_last_day(client, org, campaign):
    campaign.starts_on, campaign.ends_on = (
        TODAY - datetime.timedelta(days=60),
        TODAY - datetime.timedelta(days=30),
    )  # noqa: E501
    campaign.save()
    client.force_login(org.leader_user)
    item = campaign.items.get()
    client.post(reverse("care:campaign_detail", args=[campaign.pk]),
                {"action": "one", "employee_id": org.worker.pk, "item_id": item.pk})  # fmt: skip
    assert Distribution.objects.get().received_on == campaign.ends_on


@pytest.mark.parametrize(
    ("days", "ok"), [("0", False), ("1", True), ("365", True), ("366", False),
                     ("4294967296", False), ("-3", False)],
)  # fmt: skip
def test_answer_deadline_is_one_day_to_a_year(client, org, org2, days, ok):
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("care:settings"),
        {"care-greeting_template": "祝{姓名}生日快乐", "care-answer_days": days,
         "care-talk_ack_hours": "48", "care-heads_up_days": "3"},
    )  # fmt: skip
    saved = CareSettings.objects.filter(branch=org.branch).values_list("answer_days", flat=True)
    if ok:
        assert response.status_code == 302 and list(saved) == [int(days)]
    else:
        assert response.status_code == 200
        assert int(days) not in list(saved)
    assert not CareSettings.objects.filter(branch=org2.branch, answer_days=int(days)).exists()


def test_database_refuses_an_answer_deadline_of_billions_of_days(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        CareSettings.objects.create(branch=org.branch, answer_days=400)


@pytest.mark.parametrize(
    ("visited_on", "follow_up_on"),
    [("0001-01-01", ""), ((TODAY + datetime.timedelta(days=1)).isoformat(), ""),
     (TODAY.isoformat(), "9999-12-31"), (TODAY.isoformat(), "1900-01-01"),
     (TODAY.isoformat(), (TODAY - datetime.timedelta(days=1)).isoformat())],
)  # fmt: skip
def test_visit_dates_are_bounded(client, org, visited_on, follow_up_on):
    case = services.case_create(
        branch=org.branch, employee=org.worker, category="illness", description="住院",
        created_by=org.secretary_user, handlers=[], follow_up_on=None,
    )  # fmt: skip
    client.force_login(org.secretary_user)
    client.post(
        reverse("care:case_detail", args=[case.pk]),
        {
            "action": "visit",
            "visited_on": visited_on,
            "notes": "走访",
            "follow_up_on": follow_up_on,
        },
    )
    assert not Visit.objects.exists()
    case.refresh_from_db()
    assert case.follow_up_on is None


@pytest.mark.parametrize("follow_up_on", ["0001-01-01", "9999-12-31", "2199-12-31"])
def test_case_follow_up_is_a_plan_date(client, org, follow_up_on):
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("care:case_create"),
        {"employee": org.worker.pk, "category": "housing", "description": "租房",
         "follow_up_on": follow_up_on},
    )  # fmt: skip
    assert response.status_code == 200
    assert not HardshipCase.objects.exists()


# ---------------------------------------------------------------- the calendar feed


def _feed(client, user):
    token = services.feed_token_regenerate(user=user)
    return client.get(reverse("care:feed", args=[token.token]))


def test_feed_survives_a_campaign_at_the_end_of_the_calendar(client, org, org2):
    # Rows older than the bounds may still hold such a date until the migration clamps them.
    bad = CampaignFactory(branch=org.branch, starts_on=TODAY, ends_on=TODAY)
    WelfareCampaign.objects.filter(pk=bad.pk).update(ends_on=LATEST_STORED)
    assert feed._event("x", "x", D(9999, 12, 31)) is None
    good = CampaignFactory(branch=org.branch, starts_on=TODAY, ends_on=TODAY)
    response = _feed(client, org.worker_user)
    assert response.status_code == 200
    uids = {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"campaign-{good.pk}@zhibu" in uids


def test_feed_event_is_skipped_when_its_dates_cannot_be_written(client, org, monkeypatch):
    good = CampaignFactory(branch=org.branch, starts_on=TODAY, ends_on=TODAY)
    bad = CampaignFactory(branch=org.branch, starts_on=TODAY, ends_on=TODAY)
    real = feed._event

    def at_the_end(uid, summary, start, end=None, *, record=None):
        if uid == f"campaign-{bad.pk}":
            start = end = D(9999, 12, 31)
        return real(uid, summary, start, end, record=record)

    monkeypatch.setattr(feed, "_event", at_the_end)
    response = _feed(client, org.worker_user)
    assert response.status_code == 200
    uids = {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"campaign-{good.pk}@zhibu" in uids and f"campaign-{bad.pk}@zhibu" not in uids


def test_feed_carries_the_records_own_timestamps(client, org, org2):
    campaign = CampaignFactory(branch=org.branch, starts_on=TODAY, ends_on=TODAY)
    created = timezone.now() - datetime.timedelta(days=3, hours=5)
    WelfareCampaign.objects.filter(pk=campaign.pk).update(created_at=created)
    org.worker.birth_date = D(1990, 5, 17)
    org.worker.save()
    response = _feed(client, org.leader_user)
    found = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    event = found[f"campaign-{campaign.pk}@zhibu"]
    assert event["dtstamp"].dt == created.replace(microsecond=0).astimezone(datetime.UTC)
    assert event["last-modified"].dt == event["dtstamp"].dt
    birthday = found[f"birthday-{org.worker.pk}@zhibu"]
    org.worker.refresh_from_db()
    assert birthday["dtstamp"].dt == org.worker.updated_at.replace(microsecond=0).astimezone(
        datetime.UTC
    )
    # Stable: asking again gives the same stamps (no now()).
    again = {
        str(e["uid"]): e
        for e in Calendar.from_ical(_feed(client, org.leader_user).content).walk("VEVENT")
    }  # noqa: E501
    assert again[f"campaign-{campaign.pk}@zhibu"]["dtstamp"].dt == event["dtstamp"].dt
    assert f"campaign-{CampaignFactory(branch=org2.branch).pk}@zhibu" not in found
