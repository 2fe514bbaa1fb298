"""Who sees whom: DESIGN.md §3 scope rules, checked through the selectors and the pages."""

import pytest
from django.urls import reverse

from branch import roles, selectors
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account

pytestmark = pytest.mark.django_db


def names(qs):
    return {e.name for e in qs}


def test_leader_sees_only_their_own_team(org):
    visible = names(selectors.employees_visible_to(org.leader_user))
    assert {"班长甲", "张正式", "李合同", "王实习"} <= visible
    assert "赵二班" not in visible and "班长乙" not in visible


def test_worker_sees_only_themself(org):
    assert names(selectors.employees_visible_to(org.worker_user)) == {"张正式"}


def test_secretary_sees_their_branch_but_not_another(org):
    other = EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="other")), name="外支部")
    visible = names(selectors.employees_visible_to(org.secretary_user))
    assert {"张正式", "赵二班", "王实习"} <= visible
    assert other.name not in visible


def test_anonymous_sees_nobody(org):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.employees_visible_to(AnonymousUser()).exists()


def test_people_page_for_leader_lists_only_their_team(client, org):
    client.force_login(org.leader_user)
    response = client.get(reverse("people_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "王实习" in body and "赵二班" not in body
    assert "开通账号" not in body  # only a secretary manages accounts


def test_people_page_refuses_a_worker(client, org):
    client.force_login(org.worker_user)
    assert client.get(reverse("people_list")).status_code == 403


def test_worker_cannot_reach_the_admin(client, org):
    client.force_login(org.worker_user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_secretary_reaches_the_admin(client, org):
    client.force_login(org.secretary_user)
    assert client.get("/admin/").status_code == 200


def test_leader_of_another_team_gets_404_for_account_page(client, org):
    client.force_login(org.leader_b_user)
    assert client.get(reverse("employee_account", args=[org.worker.pk])).status_code == 404


def test_role_of_each_person(org):
    assert selectors.role_of(org.secretary_user) == roles.SECRETARY
    assert selectors.role_of(org.leader_user) == roles.LEADER
    assert selectors.role_of(org.worker_user) == roles.WORKER
    lone = make_account(EmployeeFactory(team=org.team_b))
    assert selectors.role_of(lone) == roles.WORKER
