"""The inbox: messages, unread counts, and reaching people without an account."""

import pytest
from django.urls import reverse

from branch import services
from branch.models import Notification

pytestmark = pytest.mark.django_db


def test_message_to_a_worker_with_an_account(org):
    sent = services.notify_employee(employee=org.worker, title="生日快乐", key="greeting:1")
    assert [n.recipient for n in sent] == [org.worker_user]


def test_person_without_account_is_reached_through_their_leader(org):
    sent = services.notify_employee(employee=org.intern, title="生日快乐", key="greeting:2")
    assert [n.recipient for n in sent] == [org.leader_user]
    assert "王实习" in sent[0].title and sent[0].about == org.intern


def test_same_key_is_delivered_once(org):
    services.notify_employee(employee=org.worker, title="提醒", key="k")
    services.notify_employee(employee=org.worker, title="提醒", key="k")
    assert Notification.objects.filter(recipient=org.worker_user).count() == 1


def test_messages_without_key_are_not_deduplicated(org):
    services.notification_send(recipient=org.worker_user, title="甲")
    services.notification_send(recipient=org.worker_user, title="甲")
    assert Notification.objects.filter(recipient=org.worker_user).count() == 2


def test_unread_badge_and_mark_read(client, org):
    services.notification_send(recipient=org.worker_user, title="第一条")
    services.notification_send(recipient=org.worker_user, title="第二条")
    client.force_login(org.worker_user)
    page = client.get(reverse("inbox")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    first = Notification.objects.get(title="第一条")
    client.post(reverse("inbox_mark_read"), {"id": [first.pk]})
    assert 'data-testid="unread-count">1<' in client.get(reverse("inbox")).content.decode()
    client.post(reverse("inbox_mark_read"))
    assert "unread-count" not in client.get(reverse("inbox")).content.decode()


def _badge(client) -> str | None:
    import re

    page = client.get("/me/").content.decode()
    found = re.search(r'data-testid="unread-count">(\d+)<', page)
    return found.group(1) if found else None


def test_the_badge_is_read_once_and_follows_every_change_at_once(client, org):
    """The header's unread count is kept between pages (no query for it on the next page),
    and every way a message is written, read or deleted shows on the very next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.worker_user)
    assert _badge(client) is None
    services.notification_send(recipient=org.worker_user, title="一条")
    assert _badge(client) == "1"
    with CaptureQueriesContext(connection) as ctx:
        assert _badge(client) == "1"
    assert not [q for q in ctx.captured_queries if "branch_notification" in q["sql"]]
    services.notifications_send_bulk(
        notifications=[
            Notification(recipient=org.worker_user, title=f"批量{i}", key=f"bulk:{i}")
            for i in range(3)
        ]
    )
    assert _badge(client) == "4"
    note = Notification.objects.get(title="一条")
    client.get(reverse("inbox_open", args=[note.pk]))
    assert _badge(client) == "3"
    Notification.objects.filter(title="批量0").get().delete()
    assert _badge(client) == "2"
    # Another person's messages leave this count alone, and theirs is their own.
    services.notification_send(recipient=org.worker_b_user, title="别人的")
    assert _badge(client) == "2"
    client.post(reverse("inbox_mark_read"))
    assert _badge(client) is None
    client.force_login(org.worker_b_user)
    assert _badge(client) == "1"


def test_nobody_reads_or_marks_another_persons_messages(client, org):
    note = services.notification_send(recipient=org.worker_user, title="私信")
    client.force_login(org.worker_b_user)
    assert "私信" not in client.get(reverse("inbox")).content.decode()
    client.post(reverse("inbox_mark_read"), {"id": [note.pk]})
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_read_ignores_garbage_ids(client, org):
    client.force_login(org.worker_user)
    response = client.post(reverse("inbox_mark_read"), {"id": ["abc", "", "1;drop"]})
    assert response.status_code == 302


def test_inbox_queries_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.worker_user)
    for i in range(5):
        services.notification_send(recipient=org.worker_user, title=f"消息{i}")
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("inbox"))
    for i in range(25):
        services.notification_send(recipient=org.worker_user, title=f"更多{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("inbox"))


def test_people_list_queries_constant(client, org, django_assert_max_num_queries):
    from branch.factories import EmployeeFactory

    client.force_login(org.secretary_user)
    EmployeeFactory.create_batch(5, team=org.team_a)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("people_list"))
    EmployeeFactory.create_batch(40, team=org.team_b)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("people_list"))
    assert len(response.context["page"]) == 50
