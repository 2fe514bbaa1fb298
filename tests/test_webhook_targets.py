"""The group-chat webhook may only point at public https hosts (or hosts an administrator
names on WEBHOOK_ALLOWED_HOSTS): refused at save time with a Chinese form error, and again at
send time after DNS resolution, connecting only to a checked address; the robot's reply body
is never kept or shown."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from branch import channels, services
from branch.models import ChannelSettings, Delivery, DeliveryStatus
from branch.tests.test_channels import RobotServer, allow_local_robot, send  # noqa: F401

pytestmark = pytest.mark.django_db

PUBLIC = "203.0.113.10"  # stands for a public address in these tests (resolution is faked)


def fake_dns(monkeypatch, *addresses):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, 1, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(channels.socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def public_dns(monkeypatch):
    monkeypatch.setattr(channels, "_address_is_public", _public_for_tests)
    fake_dns(monkeypatch, PUBLIC)


def _public_for_tests(address):
    # 203.0.113.0/24 is a documentation range (not global); count it as public here only.
    if address == PUBLIC:
        return True
    return _real_is_public(address)


_real_is_public = channels._address_is_public


REFUSED = [
    "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",  # not https
    "ftp://qyapi.weixin.qq.com/x",
    "https://127.0.0.1/x",
    "https://127.1.2.3:8443/x",
    "https://10.0.0.5/robot",
    "https://172.16.0.1/robot",
    "https://192.168.1.1/robot",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/x",  # carrier-grade NAT
    "https://0.0.0.0/x",
    "https://224.0.0.1/x",
    "https://240.0.0.1/x",
    "https://[::1]/x",
    "https://[fe80::1]/x",
    "https://[fd00::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://localhost/x",
    "https://robot.localhost/x",
    "https://user:secret@qyapi.weixin.qq.com/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_the_service_refuses_unsafe_targets(org, url, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError):
        services.channel_settings_save(
            branch=org.branch, email_enabled=True, webhook_url=url, webhook_enabled=True
        )
    assert not ChannelSettings.objects.exists()


def post_settings(client, url):
    return client.post(
        reverse("care:settings"),
        {
            "care-greeting_template": "祝{姓名}生日快乐",
            "care-answer_days": "5",
            "care-talk_ack_hours": "48",
            "care-heads_up_days": "3",
            "ch-email_enabled": "on",
            "ch-webhook_enabled": "on",
            "ch-webhook_url": url,
        },
    )


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "https://"),
        ("https://192.168.1.20/robot", "内部"),
        ("https://169.254.169.254/latest/meta-data/", "内部"),
    ],
)
def test_the_settings_page_shows_a_chinese_form_error(client, org, org2, url, message, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    services.channel_settings_save(
        branch=org2.branch, email_enabled=True, webhook_url="", webhook_enabled=True
    )
    client.force_login(org.secretary_user)
    response = post_settings(client, url)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChannelSettings.objects.filter(branch=org.branch).exists()
    assert ChannelSettings.objects.get(branch=org2.branch).webhook_url == ""


def test_a_name_that_resolves_to_a_private_address_is_refused(client, org, monkeypatch, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    fake_dns(monkeypatch, "10.1.2.3")
    client.force_login(org.secretary_user)
    response = post_settings(client, "https://robot.example.com/send?key=1")
    assert response.status_code == 200
    assert "内部" in response.content.decode()
    assert not ChannelSettings.objects.filter(branch=org.branch).exists()


def test_one_private_address_among_public_ones_is_refused(org, monkeypatch, settings, public_dns):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    fake_dns(monkeypatch, PUBLIC, "127.0.0.1")
    with pytest.raises(ValidationError):
        services.channel_settings_save(
            branch=org.branch,
            email_enabled=True,
            webhook_url="https://robot.example.com/x",
            webhook_enabled=True,
        )


def test_a_host_named_on_the_allow_list_may_be_private(client, org, monkeypatch, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["chat.corp.example"]
    fake_dns(monkeypatch, "10.20.30.40")
    client.force_login(org.secretary_user)
    assert post_settings(client, "https://chat.corp.example/hook").status_code == 302
    assert org.branch.channel_settings.webhook_url == "https://chat.corp.example/hook"
    # The allow-list names hosts, not addresses: another name on the same network is refused.
    response = post_settings(client, "https://other.corp.example/hook")
    assert response.status_code == 200


@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=1)
def test_send_time_check_catches_a_name_re_pointed_inside(
    org, monkeypatch, settings, public_dns, django_capture_on_commit_callbacks
):
    """DNS rebinding: the name was public when saved, points inside when the message goes."""
    settings.WEBHOOK_ALLOWED_HOSTS = []
    services.channel_settings_save(
        branch=org.branch,
        email_enabled=False,
        webhook_url="https://robot.example.com/send?key=1",
        webhook_enabled=True,
    )
    connections = []
    monkeypatch.setattr(channels, "_post_pinned", lambda **kw: connections.append(kw))
    fake_dns(monkeypatch, "127.0.0.1")
    with django_capture_on_commit_callbacks(execute=True):
        send(org, channels=("webhook",))
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.FAILED
    assert "内部" in delivery.last_error
    assert connections == []


@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0)
def test_the_connection_goes_to_the_checked_address(
    org, monkeypatch, settings, public_dns, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    services.channel_settings_save(
        branch=org.branch,
        email_enabled=False,
        webhook_url="https://robot.example.com/send?key=1",
        webhook_enabled=True,
    )

    class Reply:
        status = 200
        data = b'{"errcode": 0}'

    connections = []

    def pinned(**kwargs):
        connections.append(kwargs)
        return Reply()

    monkeypatch.setattr(channels, "_post_pinned", pinned)
    with django_capture_on_commit_callbacks(execute=True):
        send(org, channels=("webhook",))
    assert Delivery.objects.get(channel="webhook").status == DeliveryStatus.SENT
    assert [(c["address"], c["host"], c["port"], c["path"]) for c in connections] == [
        (PUBLIC, "robot.example.com", 443, "/send?key=1")
    ]


@pytest.mark.django_db
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=1)
def test_the_reply_body_is_never_kept_or_shown(client, org, django_capture_on_commit_callbacks):
    secret = "INTERNAL-SECRET-PAGE root:x:0:0"
    with RobotServer(statuses=[500], body=secret) as robot:
        services.channel_settings_save(
            branch=org.branch, email_enabled=False, webhook_url=robot.url, webhook_enabled=True
        )
        with django_capture_on_commit_callbacks(execute=True):
            send(org, channels=("webhook",))
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "HTTP 500"
    client.force_login(org.secretary_user)
    page = client.get(reverse("care:settings")).content.decode()
    assert "HTTP 500" in page
    assert "INTERNAL-SECRET" not in page


@pytest.mark.django_db
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=1)
def test_an_error_code_reply_keeps_only_the_code(org, django_capture_on_commit_callbacks):
    body = '{"errcode": 93000, "errmsg": "invalid webhook url, hint: INTERNAL-DETAIL"}'
    with RobotServer(statuses=[200], body=body) as robot:
        services.channel_settings_save(
            branch=org.branch, email_enabled=False, webhook_url=robot.url, webhook_enabled=True
        )
        with django_capture_on_commit_callbacks(execute=True):
            send(org, channels=("webhook",))
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.last_error == "errcode 93000"
