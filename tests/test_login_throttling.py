"""Login throttling (django-axes) on every login path: the site's 工号 login, the Wagtail admin
login and private-page login share ONE failure counter per account (five failures from anywhere
lock it for 30 minutes, or until the branch secretary unlocks it), and each client address has a
higher ceiling (100 failures an hour over all names)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"  # branch.factories.make_account's default


def site_login(client, staff_no, password, ip="10.0.0.1", branch=""):
    return client.post(
        reverse("login"),
        {"staff_no": staff_no, "password": password, "branch": branch},
        REMOTE_ADDR=ip,
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
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 100
    assert settings.LOGIN_ADDRESS_WINDOW_MINUTES == 60


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
    assert "登录已暂时锁定" in page and "30 分钟" in page and "书记" in page
    assert "_auth_user_id" not in client.session


def test_site_lockout_is_per_account_whatever_the_address(client, org, org2):
    for ip in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]:
        site_login(client, "W001", "wrong-password", ip=ip, branch="zydd")
    # Locked from every address, the one the failures came from and a new one.
    assert site_login(client, "W001", PASSWORD, branch="zydd", ip="10.0.0.1").status_code == 429
    assert site_login(client, "W001", PASSWORD, branch="zydd", ip="10.0.0.9").status_code == 429
    # Another person from the same address logs in.
    assert site_login(client, "W101", PASSWORD, branch="zydd", ip="10.0.0.1").status_code == 302


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
    # Another address is locked too: the counter is the account's.
    assert admin_login(client, username, PASSWORD, ip="10.0.0.9").status_code == 429
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


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


def test_alternating_forms_count_together(client, org, org2):
    """工号 on the site and the username in the admin are one account, one counter."""
    username = org.worker_user.username  # w001@zydd
    site_login(client, "W001", "wrong", branch="zydd", ip="10.0.0.1")
    admin_login(client, username, "wrong", ip="10.0.0.2")
    site_login(client, "w001", "wrong", branch="zydd", ip="10.0.0.3")
    admin_login(client, username.upper(), "wrong", ip="10.0.0.4")
    assert admin_login(client, username, "wrong", ip="10.0.0.5").status_code == 429
    assert site_login(client, "W001", PASSWORD, branch="zydd", ip="10.0.0.6").status_code == 429
    assert admin_login(client, username, PASSWORD, ip="10.0.0.7").status_code == 429
    # The other branch's W001 is another account: not locked.
    assert site_login(client, "W001", PASSWORD, branch="jxdd", ip="10.0.0.6").status_code == 302


def test_four_failures_over_two_forms_do_not_lock(client, org):
    site_login(client, "W001", "wrong")
    admin_login(client, org.worker_user.username, "wrong")
    site_login(client, "W001", "wrong")
    admin_login(client, org.worker_user.username, "wrong")
    assert site_login(client, "W001", PASSWORD).status_code == 302


def test_an_unknown_name_counts_under_what_was_typed(client, org):
    for _ in range(5):
        site_login(client, "NOBODY", "wrong")
    response = site_login(client, "nobody", "wrong", ip="10.0.0.2")
    assert response.status_code == 429
    assert site_login(client, "W001", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_address_ceiling_stops_spraying_but_not_other_addresses(client, org, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8  # the default is 100; same rule, fewer requests
    for n in range(8):  # eight names, one failure each: no account is locked
        site_login(client, f"X{n:03d}", "wrong", ip="10.0.0.1")
    response = site_login(client, "W001", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 429
    page = response.content.decode()
    assert "网络地址" in page and "分钟" in page
    # The same person from another address gets in: their account was never locked.
    assert site_login(client, "W001", PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_crew_behind_one_address_survives_one_persons_typos(client, org, org2):
    for _ in range(5):
        site_login(client, "W001", "wrong", branch="zydd", ip="10.0.0.1")
    assert site_login(client, "W001", PASSWORD, branch="zydd").status_code == 429
    for staff_no, branch in [("W101", "zydd"), ("L001", "zydd"), ("W001", "jxdd")]:
        assert site_login(Client(), staff_no, PASSWORD, branch=branch).status_code == 302


def test_the_address_ceiling_lifts_after_the_window(client, org, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    start = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(6):
            site_login(client, f"X{n:03d}", "wrong")
        assert site_login(client, "W001", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert site_login(client, "W001", PASSWORD).status_code == 302


def lock(client, staff_no="W001", branch="zydd"):
    for _ in range(5):
        site_login(client, staff_no, "wrong", branch=branch)
    assert site_login(client, staff_no, PASSWORD, branch=branch).status_code == 429


def test_the_secretary_unlocks_a_person_of_their_branch(client, org, org2):
    lock(client)
    lock(client, branch="jxdd")  # the other branch's W001 is locked too
    admin = Client()
    admin.force_login(org.secretary_user)
    url = reverse("employee_login_unlock", args=[org.worker.pk])
    page = admin.get(url)
    assert page.status_code == 200 and "已锁定" in page.content.decode()
    assert admin.post(url).status_code == 302
    assert site_login(client, "W001", PASSWORD, branch="zydd").status_code == 302
    # Only that account: the other branch's W001 stays locked.
    assert site_login(Client(), "W001", PASSWORD, branch="jxdd").status_code == 429


def test_the_unlock_button_is_in_the_employee_list(client, org):
    client.force_login(org.secretary_user)
    body = client.get(reverse("wagtailsnippets_branch_employee:list")).content.decode()
    assert reverse("employee_login_unlock", args=[org.worker.pk]) in body


def test_another_branchs_secretary_cannot_unlock(client, org, org2):
    lock(client)
    admin = Client()
    admin.force_login(org2.secretary_user)
    url = reverse("employee_login_unlock", args=[org.worker.pk])
    assert admin.get(url).status_code == 404
    assert admin.post(url).status_code == 404
    assert site_login(client, "W001", PASSWORD, branch="zydd").status_code == 429


def test_a_leader_or_worker_cannot_unlock(client, org):
    lock(client, staff_no="W101")
    url = reverse("employee_login_unlock", args=[org.worker_b.pk])
    for user in (org.leader_user, org.worker_user):
        other = Client()
        other.force_login(user)
        assert other.post(url).status_code in (302, 403, 404)
    assert site_login(client, "W101", PASSWORD, branch="zydd").status_code == 429


def test_the_unlock_service_refuses_another_branchs_secretary(org, org2):
    from django.core.exceptions import PermissionDenied

    from branch import services

    with pytest.raises(PermissionDenied):
        services.employee_login_unlock(employee=org.worker, by=org2.secretary_user)


def test_old_failed_logins_are_pruned_and_recent_ones_still_count(client, org, settings):
    from axes.models import AccessFailureLog

    from branch import tasks

    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    start = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(4):
            site_login(client, f"X{n:03d}", "wrong", ip="10.0.0.9")
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        for n in range(6):
            site_login(client, f"Y{n:03d}", "wrong", ip="10.0.0.9")
        assert AccessFailureLog.objects.count() == 10
        assert tasks.prune_login_failures.delay().get() == 4
        assert tasks.prune_login_failures.delay().get() == 0  # idempotent
        assert AccessFailureLog.objects.count() == 6
        # The recent six still close the address.
        assert site_login(client, "W001", PASSWORD, ip="10.0.0.9").status_code == 429
