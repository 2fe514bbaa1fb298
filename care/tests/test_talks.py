"""Private talks (谈心): a worker asks, the listener acknowledges in time or is reminded (and the
secretary told), schedules and records; the note is read only by the talker and the secretary,
every read logged; nothing crosses to the other branch."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from branch.models import Notification
from care import services
from care.models import CareSettings, ConfidentialAccessLog, TalkStatus
from home.registries import collect_todos, ledger_sections


def ask(org, with_whom="leader", **kw):
    return services.talk_request(requested_by=org.worker_user, with_whom=with_whom, **kw)


def test_worker_asks_their_leader_who_acknowledges_schedules_and_records(client, org):
    CareSettings.objects.create(branch=org.branch, talk_ack_hours=24)
    talk = ask(org, topic="家里老人生病，想请几天假", confidential=True)
    assert talk.listener == org.leader_user
    assert talk.acknowledge_by > timezone.now() + datetime.timedelta(hours=23)
    note = Notification.objects.get(recipient=org.leader_user, key__contains=":requested")
    assert "老人" not in note.title + note.body  # a confidential topic stays out of messages
    services.talk_acknowledge(talk=talk, by=org.leader_user)
    when = timezone.now() + datetime.timedelta(days=1)
    services.talk_schedule(talk=talk, by=org.leader_user, scheduled_at=when, place="值班室")
    assert Notification.objects.filter(recipient=org.worker_user, key__contains="scheduled")
    services.talk_record(
        talk=talk, by=org.leader_user, held_on=timezone.localdate(), note="已协调调班三天"
    )
    talk.refresh_from_db()
    assert talk.status == TalkStatus.HELD and talk.talker == org.leader_user
    url = reverse("care:talk_detail", args=[talk.pk])
    # the note: the talker and the secretary, each read logged; the worker sees the status only
    for user, sees in (
        (org.leader_user, True),
        (org.secretary_user, True),
        (org.worker_user, False),
    ):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert ("已协调调班三天" in body) is sees, user
    assert ConfidentialAccessLog.objects.filter(talk=talk).count() == 2
    for user in (org.leader_b_user, org.worker_b_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_list_never_shows_a_confidential_topic(client, org):
    ask(org, topic="感情问题", confidential=True)
    ask(org, with_whom="secretary", topic="住房申请")
    client.force_login(org.secretary_user)
    body = client.get(reverse("care:talk_list")).content.decode()
    assert "感情问题" not in body and "住房申请" in body
    assert body.count('data-testid="talk"') == 2


def test_only_the_listener_or_secretary_handles_and_only_the_asker_withdraws(org):
    talk = ask(org)
    for user in (org.worker_user, org.leader_b_user):
        with pytest.raises(PermissionDenied):
            services.talk_acknowledge(talk=talk, by=user)
    with pytest.raises(PermissionDenied):
        services.talk_withdraw(talk=talk, by=org.leader_user)
    with pytest.raises(ValidationError):
        services.talk_record(
            talk=talk,
            by=org.secretary_user,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            note="",
        )
    services.talk_withdraw(talk=talk, by=org.worker_user)
    with pytest.raises(ValidationError):
        services.talk_acknowledge(talk=talk, by=org.leader_user)


def test_bad_requests_are_refused_in_chinese(client, org):
    with pytest.raises(ValidationError):
        services.talk_request(requested_by=org.leader_user, with_whom="leader")  # own leader
    client.force_login(org.worker_user)
    response = client.post(reverse("care:talk_list"), {"with_whom": "boss", "topic": "x"})
    assert response.status_code == 200 and "有效的选项" in response.content.decode()


def test_unacknowledged_requests_remind_the_listener_and_tell_the_secretary_once(org, org2):
    talk = ask(org)
    ask_other = services.talk_request(requested_by=org2.worker_user, with_whom="secretary")
    later = timezone.now() + datetime.timedelta(days=5)
    sent = services.talks_remind_unacknowledged(later)
    assert sent == 3  # our leader, our secretary; the other branch's secretary is its listener
    assert Notification.objects.filter(recipient=org.leader_user, key__endswith="reminder")
    assert Notification.objects.filter(recipient=org.secretary_user, key__endswith="escalated")
    assert not Notification.objects.filter(
        recipient=org.secretary_user, key__contains=f"talk:{ask_other.pk}:"
    )
    assert services.talks_remind_unacknowledged(later) == 0  # once
    todos = {t.key: t for t in collect_todos(org.secretary_user, later.date())}
    assert todos["care.talks_to_acknowledge"].count == 1
    talk.refresh_from_db()
    assert talk.escalated_at is not None


def test_ledger_counts_talks_without_any_detail(org):
    talk = ask(org, topic="家里的事")
    services.talk_record(talk=talk, by=org.leader_user, held_on=timezone.localdate(), note="秘密")
    text = " ".join(
        p for s in ledger_sections(org.branch, timezone.localdate().year) for p in s.paragraphs
    )
    assert "1" in text and "家里的事" not in text and "秘密" not in text
