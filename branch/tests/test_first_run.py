"""A real deployment's first run: setup_branch creates the branch and its secretary, the
secretary opens accounts in bulk with a printable sheet, and every printed password must be
changed at first login."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from branch import roles
from branch.factories import EmployeeFactory
from branch.models import Branch, Employee
from branch.selectors import is_secretary

pytestmark = pytest.mark.django_db


def setup(**options):
    out = io.StringIO()
    call_command(
        "setup_branch",
        code=options.get("code", "jxdd"),
        name=options.get("name", "井下作业大队党支部"),
        secretary_staff_no=options.get("staff_no", "60001"),
        secretary_name=options.get("secretary", "王书记"),
        password=options.get("password"),
        stdout=out,
    )
    return out.getvalue()


def log_in(client, staff_no: str, password: str) -> bool:
    """Through the real login page (django-axes needs the request)."""
    response = client.post(reverse("login"), {"staff_no": staff_no, "password": password})
    return response.status_code == 302


def test_setup_branch_creates_the_branch_and_a_secretary_who_must_change_the_password(client):
    output = setup(password="Chuci-mima-2026")
    branch = Branch.objects.get(code="jxdd")
    secretary = Employee.objects.get(branch=branch, staff_no="60001")
    assert secretary.name == "王书记" and secretary.password_change_required
    assert is_secretary(secretary.user, branch)
    assert "Chuci-mima-2026" in output and "60001" in output

    assert log_in(client, "60001", "Chuci-mima-2026")
    response = client.get(reverse("home:me"))
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))
    assert client.get("/").status_code == 302
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "message warning" in page.content.decode()
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": "Chuci-mima-2026",
            "new_password1": "Ziji-xuan-de-2026!",
            "new_password2": "Ziji-xuan-de-2026!",
        },
    )
    assert changed.status_code == 302
    secretary.refresh_from_db()
    assert not secretary.password_change_required
    assert client.get("/").status_code == 200
    # Logging in again does not ask again.
    client.logout()
    assert log_in(client, "60001", "Ziji-xuan-de-2026!")
    assert client.get("/").status_code == 200


def test_setup_branch_generates_a_password_when_none_is_given(client):
    output = setup()
    secretary = Employee.objects.get(staff_no="60001")
    password = output.strip().splitlines()[-2].split(": ")[-1]
    assert log_in(client, "60001", password)
    assert client.session["_auth_user_id"] == str(secretary.user.pk)


@pytest.mark.parametrize(
    "options",
    [{"code": "zydd"}, {"staff_no": "工号 1"}, {"staff_no": ""}, {"code": "bad code!"}],
)
def test_setup_branch_refuses_bad_input_and_writes_nothing(org, options):
    before = (Branch.objects.count(), Employee.objects.count())
    with pytest.raises(CommandError):
        setup(**options)
    assert (Branch.objects.count(), Employee.objects.count()) == before


def without_accounts(org, n=3):
    return [
        EmployeeFactory(team=org.team_a, name=f"新员工{i}", staff_no=f"N{i:03d}") for i in range(n)
    ]


def test_the_secretary_opens_a_team_and_prints_the_sheet(client, org):
    people = without_accounts(org)
    org.team_a.leaders.add(people[0])
    client.force_login(org.secretary_user)
    page = client.get(reverse("accounts_open")).content.decode()
    assert org.team_a.name in page
    response = client.post(reverse("accounts_open"), {"who": str(org.team_a.pk)})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheet = response.content.decode()
    opened = [*people, org.intern]
    for person in opened:
        person.refresh_from_db()
        assert person.user is not None and person.password_change_required
        assert person.name in sheet and person.staff_no in sheet
    assert people[0].user.groups.filter(name=roles.LEADER).exists()
    assert not people[1].user.groups.filter(name=roles.LEADER).exists()
    # The printed password works, once, and must then be changed.
    password = (
        sheet.split(f"{people[1].staff_no}</span>")[1].split('class="mono">')[1].split("<")[0]
    )
    client.logout()
    assert log_in(client, people[1].staff_no, password)
    assert client.get(reverse("home:me")).status_code == 302
    # Opening again opens nobody twice.
    client.force_login(org.secretary_user)
    again = client.post(reverse("accounts_open"), {"who": str(org.team_a.pk)}).content.decode()
    assert people[1].name not in again


def test_team_leaders_can_be_opened_across_teams(client, org):
    leader = EmployeeFactory(team=org.team_b, name="新班长", staff_no="N900")
    org.team_b.leaders.add(leader)
    without_accounts(org)
    client.force_login(org.secretary_user)
    sheet = client.post(reverse("accounts_open"), {"who": "leaders"}).content.decode()
    leader.refresh_from_db()
    assert "新班长" in sheet and leader.user.groups.filter(name=roles.LEADER).exists()
    assert "新员工0" not in sheet


def test_another_branch_and_other_roles_open_nothing(client, org, org2):
    without_accounts(org)
    client.force_login(org2.secretary_user)
    response = client.post(reverse("accounts_open"), {"who": str(org.team_a.pk)})
    assert response.status_code == 400
    assert "新员工" not in response.content.decode()
    for user in (org.worker_user, org.leader_user):
        client.force_login(user)
        assert client.post(reverse("accounts_open"), {"who": "leaders"}).status_code == 403
    assert not Employee.objects.filter(staff_no__startswith="N", user__isnull=False).exists()


@pytest.mark.parametrize("who", ["", "abc", "²", "99999999999999999999", "-1"])
def test_a_bad_choice_is_refused_with_a_message(client, org, who):
    client.force_login(org.secretary_user)
    response = client.post(reverse("accounts_open"), {"who": who})
    assert response.status_code == 400
    assert "error" in response.content.decode()


def test_the_opening_page_queries_stay_constant(client, org, django_assert_max_num_queries):
    from branch.factories import TeamFactory

    client.force_login(org.secretary_user)
    for n in (2, 6):
        while org.branch.teams.count() < n:
            team = TeamFactory(branch=org.branch)
            EmployeeFactory(team=team)
        with django_assert_max_num_queries(18):
            assert client.get(reverse("accounts_open")).status_code == 200
