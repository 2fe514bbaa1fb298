"""The study library, the study report and the stragglers list page (a few rows a page here,
50 / 10 in production): each page lists its own rows only, never another branch's, answers a bad
page number with a real page, and reads the same few queries however many materials."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branch import paging
from branch.factories import EmployeeFactory
from home import views
from home.factories import study_index, study_material

pytestmark = pytest.mark.django_db

BAD_PAGES = {"abc": 1, "-1": 3, "0": 3, "99999": 3, "1.5": 1, "": 1}


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 3)
    monkeypatch.setattr(views, "REPORT_PER_PAGE", 3)


@pytest.fixture
def library(org, org2, small_pages):
    """Seven materials in org's library (three pages of three), one in org2's."""
    org.index = study_index(org.branch)
    org.materials = [
        study_material(org.index, title=f"本支部资料{i}", required_for_all=True, slug=f"m{i}")
        for i in range(7)
    ]
    other = study_index(org2.branch, slug="study-other")
    study_material(other, title="外支部资料", required_for_all=True, slug="other-1")
    return org


def test_the_library_pages_its_own_materials(client, library):
    client.force_login(library.worker_user)
    seen = []
    for number in (1, 2, 3):
        body = client.get(library.index.url, {"page": number}).content.decode()
        assert f"第 {number} / 3 页" in body
        assert body.count('data-testid="material"') == (3 if number < 3 else 1)
        assert "外支部资料" not in body
        seen += [m.title for m in library.materials if f">{m.title}<" in body]
    assert sorted(seen) == sorted(m.title for m in library.materials)  # each once, none lost


@pytest.mark.parametrize(("bad", "number"), BAD_PAGES.items())
def test_a_bad_page_of_the_library_is_a_real_page(client, library, bad, number):
    client.force_login(library.worker_user)
    response = client.get(library.index.url + f"?page={bad}")
    assert response.status_code == 200
    assert f"第 {number} / 3 页" in response.content.decode()


def test_the_library_reads_a_few_queries_however_many_materials(
    client, library, django_assert_max_num_queries
):
    client.force_login(library.worker_user)
    client.get(library.index.url)
    # Wagtail's routing and view restrictions take a few of these; the list itself three
    # (the count, the page of materials, the reader's studied marks).
    with django_assert_max_num_queries(16) as small:
        client.get(library.index.url)
    for i in range(14):
        study_material(library.index, title=f"更多资料{i}", slug=f"more{i}")
    client.get(library.index.url + "?page=2")  # publishing made the site be read afresh
    with django_assert_max_num_queries(16) as large:
        client.get(library.index.url + "?page=2")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_study_report_pages_materials(client, library):
    EmployeeFactory(team=library.team_b, name="二班新人")
    client.force_login(library.secretary_user)
    first = client.get("/me/study/report/").content.decode()
    last = client.get("/me/study/report/?page=-1").content.decode()
    assert first.count('data-testid="completion"') == 3
    assert last.count('data-testid="completion"') == 1
    assert "第 3 / 3 页" in last and "外支部" not in first + last
    assert client.get("/me/study/report/?page=abc").status_code == 200


def test_stragglers_page(client, library):
    past = datetime.date(2020, 1, 1)
    for material in library.materials:
        material.due_on = past
        material.save_revision().publish()
    client.force_login(library.secretary_user)
    body = client.get("/me/study/stragglers/?page=99999").content.decode()
    assert "第 3 / 3 页" in body
    assert body.count('data-testid="straggler"') == 1
    assert "外支部" not in body


def test_the_admin_study_record_list_pages_newest_first_filtered_and_in_branch(client, study, org2):
    """The admin's study-record list reads a page's ids first, then those rows: the order,
    the page boundaries, the filter and the branch are what the secretary expects, and the
    queries do not grow with the rows."""
    from django.utils import timezone

    from home.models import StudyRecord

    start = timezone.now() - datetime.timedelta(days=30)
    people = [EmployeeFactory(team=study.team_a, name=f"学员{i:02d}") for i in range(25)]
    for i, person in enumerate(people):
        StudyRecord.objects.create(
            employee=person,
            page=study.oath,
            studied_at=start + datetime.timedelta(hours=i),
            method="meeting" if i % 5 == 0 else "self",
        )
    theirs = study_material(study_index(org2.branch, slug="study-jxdd"), title="外支部资料")
    StudyRecord.objects.create(employee=org2.worker, page=theirs, studied_at=timezone.now())
    client.force_login(study.secretary_user)
    url = "/admin/snippets/home/studyrecord/"

    def names(html):
        found = [(html.find(f"学员{i:02d}"), i) for i in range(25)]
        return [i for position, i in sorted(found) if position >= 0]

    first = client.get(url).content.decode()
    second = client.get(url + "?p=2").content.decode()
    assert names(first) == list(range(24, 4, -1))  # the newest twenty, newest first
    assert names(second) == [4, 3, 2, 1, 0]
    assert "外员工" not in first + second and "外支部资料" not in first + second
    meetings = client.get(url + "?method=meeting").content.decode()
    assert names(meetings) == [20, 15, 10, 5, 0]
    with CaptureQueriesContext(connection) as small:
        client.get(url + "?p=2")
    for _ in range(30):
        StudyRecord.objects.create(employee=EmployeeFactory(team=study.team_b), page=study.well)
    with CaptureQueriesContext(connection) as large:
        client.get(url + "?p=2")
    assert len(large.captured_queries) == len(small.captured_queries)
