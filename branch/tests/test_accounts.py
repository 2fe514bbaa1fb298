"""Logging in with 工号, and the secretary creating or resetting a worker's account."""

import pytest
from django.urls import reverse

from branch import roles, services
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Employee

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


def login(client, staff_no, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"staff_no": staff_no, "password": password, **extra})


def test_worker_logs_in_with_staff_number(client, org):
    response = login(client, "W001")
    assert response.status_code == 302
    assert client.get(reverse("inbox")).status_code == 200


def test_staff_number_is_case_and_space_tolerant(client, org):
    assert login(client, "  w001 ").status_code == 302


def test_wrong_password_shows_chinese_error(client, org):
    response = login(client, "W001", "wrong-password")
    assert response.status_code == 200
    assert "工号或密码不正确" in response.content.decode()


def test_unknown_staff_number_is_refused(client, org):
    response = login(client, "NOPE")
    assert "工号或密码不正确" in response.content.decode()


def test_person_without_account_cannot_log_in(client, org):
    assert "工号或密码不正确" in login(client, org.intern.staff_no).content.decode()


def test_someone_who_left_cannot_log_in(client, org):
    import datetime

    services.employee_mark_left(employee=org.worker, left_on=datetime.date(2026, 11, 1))
    assert login(client, "W001").status_code == 200


def test_same_staff_number_in_two_branches_asks_for_the_branch(client, org):
    other = BranchFactory(code="other", name="第二支部")
    twin = EmployeeFactory(team=TeamFactory(branch=other), staff_no="W001", name="同号人")
    make_account(twin)
    response = login(client, "W001")
    assert "请选择您的党支部" in response.content.decode()
    assert login(client, "W001", branch="other").status_code == 302
    assert client.get(reverse("inbox")).wsgi_request.user == twin.user


def test_login_page_is_phone_friendly_and_chinese(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'name="viewport"' in body and "工号" in body and "密码" in body
    assert 'lang="zh-Hans"' in body


def test_secretary_opens_an_account_and_the_worker_can_log_in(client, org):
    client.force_login(org.secretary_user)
    response = client.post(reverse("employee_account", args=[org.intern.pk]), {"password": ""})
    assert response.status_code == 200
    password = response.context["new_password"]
    assert password and password in response.content.decode()
    client.logout()
    assert login(client, org.intern.staff_no, password).status_code == 302


def test_secretary_resets_a_password(client, org):
    client.force_login(org.secretary_user)
    client.post(reverse("employee_account", args=[org.worker.pk]), {"password": "new-secret-77"})
    client.logout()
    assert login(client, "W001").status_code == 200
    assert login(client, "W001", "new-secret-77").status_code == 302


def test_weak_password_is_refused_with_a_message(client, org):
    client.force_login(org.secretary_user)
    response = client.post(reverse("employee_account", args=[org.intern.pk]), {"password": "123"})
    assert response.context["new_password"] is None
    assert Employee.objects.get(pk=org.intern.pk).user is None


def test_leader_cannot_manage_accounts(client, org):
    client.force_login(org.leader_user)
    response = client.post(reverse("employee_account", args=[org.intern.pk]), {"password": ""})
    assert response.status_code == 403
    assert Employee.objects.get(pk=org.intern.pk).user is None


def test_generated_passwords_are_valid_and_distinct():
    passwords = {services.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) == 10 and not set(p) & set("0O1lI") for p in passwords)


def test_account_for_someone_who_left_is_refused(org):
    import datetime

    from django.core.exceptions import ValidationError

    services.employee_mark_left(employee=org.intern, left_on=datetime.date(2026, 11, 1))
    with pytest.raises(ValidationError):
        services.employee_account_set(employee=org.intern)


def test_roles_exist_after_migrate(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_GROUPS)
    secretary = Group.objects.get(name=roles.SECRETARY)
    assert secretary.permissions.filter(codename="access_admin").exists()
    assert (
        not Group.objects.get(name=roles.WORKER)
        .permissions.filter(codename="access_admin")
        .exists()
    )


def test_interface_stays_chinese_for_an_english_browser(client, org):
    client.force_login(org.secretary_user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "控制面板" in response.content.decode()
    client.logout()
    assert "工号" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_roles_are_read_with_the_session_user_and_follow_a_change_at_the_next_page(client, org):
    """The user's groups come with the user's own row (no query of their own on a page), and a
    role given or taken away shows on the very next page."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branch.auth import UsernameBackend
    from branch.selectors import role_of, user_group_names

    user = UsernameBackend().get_user(org.leader_user.pk)
    with CaptureQueriesContext(connection) as ctx:
        names = user_group_names(user)
        role = role_of(user)
    assert not [q for q in ctx.captured_queries if "auth_user_groups" in q["sql"]]
    assert names == set(org.leader_user.groups.values_list("name", flat=True))
    assert role == roles.LEADER
    # A group whose name holds commas and spaces, and a user in no group at all.
    odd = Group.objects.create(name="宣传, 委员 (兼)")
    org.leader_user.groups.add(odd)
    assert odd.name in user_group_names(UsernameBackend().get_user(org.leader_user.pk))
    org.worker_user.groups.clear()
    assert user_group_names(UsernameBackend().get_user(org.worker_user.pk)) == set()

    client.force_login(org.leader_user)
    assert client.get(reverse("people_list")).status_code == 200
    org.leader_user.groups.remove(Group.objects.get(name=roles.LEADER))
    assert client.get(reverse("people_list")).status_code in (302, 403)
