"""The organisation in the Wagtail admin is scoped to the secretary's branches."""

import json

import pytest
from django.urls import reverse

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(org):
    """Someone in another branch, with that branch's secretary."""
    other_team = TeamFactory(branch=BranchFactory(code="other", name="其他支部"), name="外班")
    person = EmployeeFactory(team=other_team, name="外支部人", staff_no="X001")
    other_secretary = make_account(
        EmployeeFactory(team=other_team, name="外书记", staff_no="X000"), role=roles.SECRETARY
    )
    return person, other_secretary


def test_secretary_lists_only_their_branch(client, org, stranger):
    client.force_login(org.secretary_user)
    response = client.get(reverse("wagtailsnippets_branch_employee:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "王实习" in body and "赵二班" in body
    assert "外支部人" not in body


def test_secretary_cannot_open_another_branchs_person(client, org, stranger):
    person, _ = stranger
    client.force_login(org.secretary_user)
    for name in ("edit", "delete", "history", "inspect", "usage"):
        try:
            url = reverse(f"wagtailsnippets_branch_employee:{name}", args=[person.pk])
        except Exception:
            continue
        assert client.get(url).status_code == 404, name


def test_secretary_edits_their_own_person(client, org):
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:edit", args=[org.intern.pk])
    assert client.get(url).status_code == 200


def test_team_choice_limited_to_own_branch(client, org, stranger):
    person, _ = stranger
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:edit", args=[org.intern.pk])
    data = {
        "staff_no": org.intern.staff_no,
        "name": org.intern.name,
        "branch": org.branch.pk,
        "team": person.team.pk,  # a team of another branch
        "employment_type": "intern",
        "political_status": "league",
        "gender": "",
        "mobile": "",
        "birth_date": "2004-12-01",
        "birthday_calendar": "solar",
        "hired_on": "2026-07-01",
        "left_on": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # form redisplayed with an error
    org.intern.refresh_from_db()
    assert org.intern.team == org.team_a


def test_other_branch_secretary_sees_none_of_ours(client, org, stranger):
    _, other_secretary = stranger
    client.force_login(other_secretary)
    body = client.get(reverse("wagtailsnippets_branch_employee:list")).content.decode()
    assert "外支部人" in body and "王实习" not in body


def test_leader_and_worker_are_kept_out_of_the_admin(client, org):
    for user in (org.leader_user, org.worker_user):
        client.force_login(user)
        response = client.get(reverse("wagtailsnippets_branch_employee:list"))
        assert response.status_code == 302


def test_employee_listing_queries_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:list")
    EmployeeFactory.create_batch(10, team=org.team_b)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    EmployeeFactory.create_batch(40, team=org.team_b)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    assert Employee.objects.count() > 50


def test_naming_a_leader_in_the_admin_grants_the_leader_role(client, org):
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_team:edit", args=[org.team_b.pk])
    response = client.post(
        url,
        {
            "branch": org.branch.pk,
            "name": org.team_b.name,
            "leaders": [org.leader_b.pk, org.worker_b.pk],
        },
    )
    assert response.status_code == 302
    from branch import selectors

    org.worker_b_user.refresh_from_db()
    assert selectors.role_of(org.worker_b_user) == roles.LEADER
    visible = {e.name for e in selectors.employees_visible_to(org.worker_b_user)}
    assert "班长乙" in visible and "张正式" not in visible


def test_a_leader_from_another_branch_is_refused(client, org, stranger):
    person, _ = stranger
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_team:edit", args=[org.team_b.pk])
    response = client.post(
        url, {"branch": org.branch.pk, "name": org.team_b.name, "leaders": [person.pk]}
    )
    assert response.status_code == 200
    assert list(org.team_b.leaders.all()) == [org.leader_b]


def test_the_chooser_neither_lists_nor_confirms_another_branchs_person(client, org, stranger):
    person, _ = stranger
    client.force_login(org.secretary_user)
    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"wagtailsnippetchoosers_branch_employee:{name}"))
        assert response.status_code == 200
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            body = json.loads(body)["html"]
        assert "外支部人" not in body
        assert "王实习" in body
    chosen = reverse("wagtailsnippetchoosers_branch_employee:chosen", args=[person.pk])
    assert client.get(chosen).status_code == 404
    own = reverse("wagtailsnippetchoosers_branch_employee:chosen", args=[org.worker.pk])
    assert client.get(own).status_code == 200
    several = reverse("wagtailsnippetchoosers_branch_employee:chosen_multiple")
    response = client.get(several, {"id": [person.pk, org.worker.pk]})
    assert [item["id"] for item in json.loads(response.content)["result"]] == [str(org.worker.pk)]
