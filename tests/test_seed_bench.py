"""``manage.py seed_bench``: a synthetic company whose counts scale with ``--employees``, with a
valid Wagtail page tree, working bench logins, and every branch its own secretary, leaders and
workers. Small N on the default test database; no timing is asserted."""

import io
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import GroupPagePermission, Page

from branch import bench, roles
from branch.models import Branch, Employee, Notification, Team
from home.models import StudyIndexPage, StudyMaterialPage, StudyRecord
from partylife.models import Meeting
from recognition.models import StarRating, StarScore, Suggestion, SuggestionResponse
from training.models import Exam

EMPLOYEES = 1000  # two branches of 500, 20 teams of 50
SCALE = EMPLOYEES / 100_000

pytestmark = pytest.mark.django_db


def _seed(employees: int = EMPLOYEES) -> str:
    out = io.StringIO()
    call_command("seed_bench", employees=employees, stdout=out)
    return out.getvalue()


def _login(staff_no: str, password: str = bench.BENCH_PASSWORD) -> Client:
    client = Client()
    answer = client.post("/accounts/login/", {"staff_no": staff_no, "password": password})
    assert answer.status_code == 302, f"login of {staff_no} refused"
    return client


def test_counts_scale_with_the_number_of_employees():
    output = _seed()
    assert "000001 / " + bench.BENCH_PASSWORD in output

    assert Branch.objects.count() == 2
    assert Team.objects.count() == 20
    assert Employee.objects.count() == EMPLOYEES
    assert set(Counter(Team.objects.values_list("members__branch", flat=True)).values()) == {500}
    people = Employee.objects.all()
    assert set(people.values_list("employment_type", flat=True)) == {"formal", "contract", "intern"}
    assert set(people.values_list("political_status", flat=True)) == {
        "member",
        "probationary",
        "league",
        "masses",
    }
    assert set(people.values_list("birthday_calendar", flat=True)) == {"solar", "lunar"}
    assert len({d.month for d in people.values_list("birth_date", flat=True)}) == 12
    names = list(people.values_list("name", flat=True))
    assert all(2 <= len(n) <= 3 for n in names) and len(set(names)) > EMPLOYEES / 2

    assert StudyMaterialPage.objects.count() == round(5000 * SCALE)
    records = StudyRecord.objects.count()
    assert 0.9 * 200_000 * SCALE <= records <= 1.1 * 200_000 * SCALE
    assert StarRating.objects.filter(status="approved").count() == EMPLOYEES
    assert StarScore.objects.count() == EMPLOYEES * 5
    assert Suggestion.objects.count() == round(50_000 * SCALE)
    answered = Suggestion.objects.exclude(status="submitted").count()
    assert answered > Suggestion.objects.count() / 2
    assert SuggestionResponse.objects.count() >= answered
    notifications = Notification.objects.count()
    assert 0.5 * 10 * EMPLOYEES <= notifications <= 1.5 * 10 * EMPLOYEES

    # The bench branch: its share of materials, a 50-question exam, a meeting with its list.
    branch = Branch.objects.get(code=bench.BENCH_CODE)
    library = StudyIndexPage.objects.get(branch=branch)
    assert (
        library.get_children().live().count()
        == StudyMaterialPage.objects.filter(branch=branch).count()
    )
    exam = Exam.objects.get(branch=branch)
    assert exam.questions.count() == 50
    meeting = Meeting.objects.get(branch=branch)
    assert (
        meeting.attendances.count()
        == people.filter(branch=branch, political_status__in=["member", "probationary"]).count()
    )

    # The page tree is valid: treebeard finds no problem and every library's numchild is right.
    assert all(not problems for problems in Page.find_problems())
    for index in StudyIndexPage.objects.all():
        assert index.numchild == index.get_children().count()
    material = StudyMaterialPage.objects.filter(branch=branch).first()
    assert material.get_parent().specific == library
    assert material.url_path.startswith(library.url_path)

    # The materials are in the admin's search index.
    assert StudyMaterialPage.objects.filter(branch=branch).search("井控").count() > 0

    # A second run refuses the database that now holds data.
    with pytest.raises(CommandError):
        _seed()

    # The bench logins work, and each role reaches its home page and pages.
    for role, staff_no in (
        (roles.SECRETARY, bench.staff_no(0, 1)),
        (roles.LEADER, bench.staff_no(0, 0)),
        (roles.WORKER, bench.staff_no(0, 2)),
    ):
        client = _login(staff_no)
        assert client.get("/").status_code == 200, role
        assert client.get(library.url).status_code == 200, role
    assert _login(bench.staff_no(0, 1)).get("/admin/").status_code == 200
    assert _login(bench.staff_no(0, 2)).get("/admin/").status_code in (302, 403)

    # The second branch has its own secretary, leaders and workers, and its own library rights.
    other = Branch.objects.exclude(pk=branch.pk).get()
    secretary = other.secretaries.get()
    assert secretary.employee.branch == other
    assert secretary.groups.filter(name=roles.SECRETARY).exists()
    assert Team.objects.filter(branch=other, leaders__isnull=False).distinct().count() == 10
    workers = Employee.objects.filter(branch=other, user__groups__name=roles.WORKER)
    assert workers.count() > 10
    assert _login(secretary.employee.staff_no).get("/").status_code == 200
    assert _login(bench.staff_no(1, 0)).get("/").status_code == 200
    group = Group.objects.get(name=f"{other.code} 支部书记")
    assert secretary in group.user_set.all()
    other_library = StudyIndexPage.objects.get(branch=other)
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True)
    ) == {other_library.pk}


def test_refuses_a_database_with_data_and_a_bad_number():
    Branch.objects.create(code="zydd", name="作业大队党支部")
    with pytest.raises(CommandError):
        _seed(10)
    with pytest.raises(CommandError):
        call_command("seed_bench", employees=0, flush=True, stdout=io.StringIO())
