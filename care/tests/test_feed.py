"""The personal calendar feed, parsed with the icalendar package."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from care import birthdays, services
from care.factories import CampaignFactory
from care.models import FeedToken

D = datetime.date


def events(response):
    cal = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def feed_url(client, org):
    def make(user):
        token = services.feed_token_regenerate(user=user)
        return reverse("care:feed", args=[token.token])

    return make


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_leader_feed_has_team_birthdays_as_yearly_events(client, org, feed_url):
    org.worker.birth_date = D(1990, 11, 28)
    org.worker.save()
    response = client.get(feed_url(org.leader_user))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    event = found[f"birthday-{org.worker.pk}@zhibu"]
    assert str(event["summary"]) == "张正式 生日"
    assert event["rrule"]["FREQ"] == ["YEARLY"]
    assert event["dtstart"].dt == D(1991, 11, 28)
    assert f"birthday-{org.worker_b.pk}@zhibu" not in found  # other team


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_29_february_uses_last_day_of_february(client, org, feed_url):
    org.worker.birth_date = D(1988, 2, 29)
    org.worker.save()
    event = events(client.get(feed_url(org.leader_user)))[f"birthday-{org.worker.pk}@zhibu"]
    assert event["rrule"]["BYMONTH"] == [2] and event["rrule"]["BYMONTHDAY"] == [-1]
    assert event["dtstart"].dt == D(1989, 2, 28)


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_lunar_birthdays_expanded_per_year(client, org, feed_url):
    org.worker.birth_date = D(1990, 5, 17)  # 四月廿三
    org.worker.birthday_calendar = "lunar"
    org.worker.save()
    found = events(client.get(feed_url(org.secretary_user)))
    lunar = {
        uid: e for uid, e in found.items() if uid.startswith(f"birthday-{org.worker.pk}-lunar")
    }
    dates = sorted(e["dtstart"].dt for e in lunar.values())
    assert dates == [birthdays.lunar_birthday(D(1990, 5, 17), y) for y in (2027, 2028, 2029)]
    assert all("rrule" not in e for e in lunar.values())
    assert any("农历四月廿三" in str(e["summary"]) for e in lunar.values())


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_campaigns_and_follow_ups_only_for_handlers(client, org, feed_url):
    campaign = CampaignFactory(branch=org.branch, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31))
    case = services.case_create(
        branch=org.branch, employee=org.intern, category="family", description="x",
        created_by=org.secretary_user, handlers=[org.leader_user], follow_up_on=D(2026, 12, 3),
    )  # fmt: skip
    leader = events(client.get(feed_url(org.leader_user)))
    assert leader[f"campaign-{campaign.pk}@zhibu"]["dtend"].dt == D(2027, 1, 1)
    follow_up = leader[f"case-{case.pk}-follow-up@zhibu"]
    assert str(follow_up["summary"]) == "帮扶回访"  # no name, no category
    leader_b = events(client.get(feed_url(org.leader_b_user)))
    assert f"case-{case.pk}-follow-up@zhibu" not in leader_b
    worker = events(client.get(feed_url(org.worker_user)))
    assert not any(uid.startswith(("birthday", "case")) for uid in worker)


def test_revoked_regenerated_and_unknown_tokens_are_404(client, org, feed_url):
    url = feed_url(org.leader_user)
    assert client.get(url).status_code == 200
    new_url = feed_url(org.leader_user)
    assert client.get(url).status_code == 404
    assert client.get(new_url).status_code == 200
    services.feed_token_revoke(user=org.leader_user)
    assert client.get(new_url).status_code == 404
    assert client.get(reverse("care:feed", args=["guess"])).status_code == 404


def test_feed_of_deactivated_user_is_404(client, org, feed_url):
    url = feed_url(org.leader_user)
    org.leader_user.is_active = False
    org.leader_user.save()
    assert client.get(url).status_code == 404


def test_manage_page_generates_and_revokes(client, org):
    client.force_login(org.worker_user)
    client.post(reverse("care:feed_manage"), {"action": "regenerate"})
    token = FeedToken.objects.get(user=org.worker_user)
    assert token.token in client.get(reverse("care:feed_manage")).content.decode()
    client.post(reverse("care:feed_manage"), {"action": "revoke"})
    assert not FeedToken.objects.exists()


def test_feed_query_count_is_constant(client, org, feed_url, django_assert_max_num_queries):
    from branch.factories import EmployeeFactory

    url = feed_url(org.secretary_user)
    for _ in range(3):
        EmployeeFactory(team=org.team_a, birthday_calendar="lunar")
    with django_assert_max_num_queries(14):
        client.get(url)
    for _ in range(9):
        EmployeeFactory(team=org.team_a, birthday_calendar="lunar")
        CampaignFactory(branch=org.branch)
    with django_assert_max_num_queries(14):
        client.get(url)
