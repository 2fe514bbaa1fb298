"""Notification channels: the inbox copy is always written; e-mail and the group-chat webhook
are delivered by a task after commit, retried with backoff, and recorded."""

import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from branch import services
from branch.models import ChannelSettings, Delivery, DeliveryStatus, Notification
from branch.tasks import deliver_notification

# A self-signed certificate for "localhost", trusted only by these tests (WEBHOOK_CA_BUNDLE).
ROBOT_CERT = str(Path(__file__).with_name("robot-localhost.pem"))
ROBOT_KEY = str(Path(__file__).with_name("robot-localhost.key"))


@pytest.fixture(autouse=True)
def allow_local_robot(settings):
    """The local robot is an on-premises chat server named on the allow-list."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["localhost"]
    settings.WEBHOOK_CA_BUNDLE = ROBOT_CERT


class RobotServer:
    """A local group-chat robot: answers with the queued status codes, then 200."""

    def __init__(self, statuses=(), body=None):
        self.statuses = list(statuses)
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.received.append(json.loads(self.rfile.read(length)))
                status = outer.statuses.pop(0) if outer.statuses else 200
                reply = body or json.dumps({"errcode": 0 if status == 200 else 1, "errmsg": "ok"})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(reply.encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ROBOT_CERT, ROBOT_KEY)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://localhost:{self.server.server_port}/cgi-bin/webhook/send?key=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def eager_retries():
    """Eager tasks run their retries in place when errors are not propagated (as a worker
    would run them later)."""
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.fixture
def robot_settings(org):
    def configure(url):
        return services.channel_settings_save(
            branch=org.branch, email_enabled=True, webhook_url=url, webhook_enabled=True
        )

    return configure


def send(org, key="k1", channels=("email", "webhook")):
    return services.notification_send(
        recipient=org.worker_user,
        title="生日快乐",
        body="祝张正式生日快乐",
        url="/care/",
        key=key,
        branch=org.branch,
        channels=channels,
    )


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0)
def test_webhook_success_posts_wecom_text(org, robot_settings):
    with RobotServer() as robot:
        robot_settings(robot.url)
        send(org)
    assert robot.received == [
        {
            "msgtype": "text",
            "text": {"content": "生日快乐\n祝张正式生日快乐\nhttp://127.0.0.1:8000/care/"},
        }
    ]
    delivery = Delivery.objects.get(channel="webhook")
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0)
def test_webhook_500_then_success_is_retried(org, robot_settings):
    with RobotServer(statuses=[500, 500]) as robot:
        robot_settings(robot.url)
        send(org)
    assert len(robot.received) == 3
    delivery = Delivery.objects.get(channel="webhook")
    assert (delivery.status, delivery.attempts) == ("sent", 3)


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=4)
def test_webhook_permanent_failure_keeps_inbox_and_records_error(org, robot_settings):
    with RobotServer(statuses=[500] * 10) as robot:
        robot_settings(robot.url)
        note = send(org)
    assert len(robot.received) == 4
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 4
    assert "HTTP 500" in delivery.last_error
    assert Notification.objects.filter(pk=note.pk, recipient=org.worker_user).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=2)
def test_unreachable_webhook_fails_without_losing_email_or_inbox(org, robot_settings):
    robot_settings("https://localhost:9/nothing-listens")
    org.worker_user.email = "zhang@example.com"
    org.worker_user.save()
    send(org)
    assert Notification.objects.filter(recipient=org.worker_user).count() == 1
    assert Delivery.objects.get(channel="webhook").status == "failed"
    assert Delivery.objects.get(channel="email").status == "sent"
    assert mail.outbox[0].to == ["zhang@example.com"]
    assert mail.outbox[0].subject == "生日快乐"


@pytest.mark.django_db(transaction=True)
def test_email_only_when_address_set_and_enabled(org):
    send(org, key="a")
    assert mail.outbox == [] and not Delivery.objects.exists()
    org.worker_user.email = "zhang@example.com"
    org.worker_user.save()
    services.channel_settings_save(
        branch=org.branch, email_enabled=False, webhook_url="", webhook_enabled=False
    )
    send(org, key="b")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0)
def test_webhook_posts_once_per_key_and_repeats_send_nothing(org, robot_settings):
    with RobotServer() as robot:
        robot_settings(robot.url)
        send(org, key="same")
        services.notification_send(
            recipient=org.leader_user,
            title="生日快乐",
            key="same",
            branch=org.branch,
            channels=("webhook",),
        )
        assert send(org, key="same") is None
    assert len(robot.received) == 1
    assert Notification.objects.filter(key="same").count() == 2


@pytest.mark.django_db
def test_deliveries_wait_for_commit_and_rollback_sends_nothing(
    org, robot_settings, django_capture_on_commit_callbacks
):
    robot_settings("https://localhost:9/x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(org)
    # Nothing is sent before the commit; at commit the delivery is queued once and the
    # recipient's unread count is read afresh (a rollback runs neither).
    assert len(callbacks) == 2
    assert Delivery.objects.get().status == "pending"


@pytest.mark.django_db
def test_attempt_of_sent_delivery_does_nothing(org, robot_settings):
    robot_settings("https://localhost:9/x")
    note = send(org)
    delivery = note.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="sent", attempts=1)
    assert deliver_notification.apply(args=[delivery.pk]).get() == "sent"
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_channel_settings_reject_bad_url(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.channel_settings_save(
            branch=org.branch, email_enabled=True, webhook_url="not a url", webhook_enabled=True
        )
    assert not ChannelSettings.objects.exists()
