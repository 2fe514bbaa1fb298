"""Login throttling (django-axes) on every login path: the site's 工号 login and the Wagtail
admin login. Five failures for one name from one address lock that pair out for 30 minutes."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"  # branch.factories.make_account's default


def site_login(client, staff_no, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"staff_no": staff_no, "password": password}, REMOTE_ADDR=ip
    )


def admin_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_settings_lock_after_five_failures_for_thirty_minutes():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_site_login_locks_after_five_failures_and_shows_a_chinese_page(client, org):
    for _ in range(4):
        response = site_login(client, "W001", "wrong-password")
        assert response.status_code == 200
        assert "工号或密码不正确" in response.content.decode()
    response = site_login(client, "W001", "wrong-password")  # the fifth failure locks
    assert response.status_code == 429
    # Now even the right password is refused, with a clear Chinese explanation.
    response = site_login(client, "W001", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "30 分钟" in page
    assert "_auth_user_id" not in client.session


def test_site_lockout_is_per_name_and_address(client, org):
    for _ in range(5):
        site_login(client, "W001", "wrong-password", ip="10.0.0.1")
    assert site_login(client, "W001", PASSWORD, ip="10.0.0.1").status_code == 429
    # The same person from another address, and another person from the same address, log in.
    assert site_login(client, "W001", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert site_login(client, "W101", PASSWORD, ip="10.0.0.1").status_code == 302


def test_staff_number_case_does_not_bypass_the_count(client, org):
    for staff_no in ["W001", "w001", " W001", "w001", "W001 "]:
        site_login(client, staff_no, "wrong-password")
    assert site_login(client, "W001", PASSWORD).status_code == 429


def test_site_lockout_ends_after_the_cool_off(client, org):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(5):
            site_login(client, "W001", "wrong-password")
        assert site_login(client, "W001", PASSWORD).status_code == 429
    with time_machine.travel(datetime.datetime(2026, 5, 1, 8, 31, tzinfo=datetime.UTC), tick=False):
        assert site_login(client, "W001", PASSWORD).status_code == 302


def test_four_failures_then_success_resets_the_count(client, org):
    for _ in range(4):
        site_login(client, "W001", "wrong-password")
    assert site_login(client, "W001", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        site_login(client, "W001", "wrong-password")
    assert site_login(client, "W001", PASSWORD).status_code == 302


def test_admin_login_locks_after_five_failures(client, org):
    username = org.secretary_user.username
    for _ in range(4):
        assert admin_login(client, username, "wrong-password").status_code == 200
    assert admin_login(client, username, "wrong-password").status_code == 429
    response = admin_login(client, username, PASSWORD)
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still anonymous
    # Another address is not affected.
    assert admin_login(client, username, PASSWORD, ip="10.0.0.9").status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_admin_login_with_the_right_password_works(client, org):
    response = admin_login(client, org.secretary_user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_wagtail_private_page_login_is_throttled_too(client, org):
    url = reverse("wagtailcore_login")
    username = org.worker_user.username
    for _ in range(5):
        client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        url, {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
