"""The secretary's page explorer of their study library (Wagtail's listing of the library's
materials): its query count stays the same as materials and branches are added, and it lists
this branch's materials only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from home.factories import study_index, study_material
from home.models import StudyMaterialPage

pytestmark = pytest.mark.django_db


def _explore(client, library):
    url = reverse("wagtailadmin_explore", args=[library.pk])
    client.get(url)  # warm per-user caches (profile, session) first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def _branch_with_library(code: str, materials: int):
    branch = BranchFactory(code=code, name=f"{code}党支部")
    team = TeamFactory(branch=branch, name=f"{code}一班")
    make_account(EmployeeFactory(team=team, staff_no=f"{code}S"), role=roles.SECRETARY)
    library = study_index(branch)
    for n in range(materials):
        study_material(library, title=f"{code}资料{n}")
    return library


def test_explorer_queries_constant_in_materials_and_branches(client, study, org2):
    their_library = study_index(org2.branch)
    study_material(their_library, title="乙支部自己的资料")
    client.force_login(study.secretary_user)
    response, few = _explore(client, study.index)
    assert response.status_code == 200
    for n in range(6):
        study_material(study.index, title=f"新资料{n}")
    for code in ("aa01", "aa02", "aa03"):
        _branch_with_library(code, materials=2)
    response, many = _explore(client, study.index)
    assert response.status_code == 200
    assert many == few, (few, many)
    assert few <= 40
    page = response.content.decode()
    assert "新资料5" in page and "井控安全操作要点" in page
    assert "乙支部自己的资料" not in page and "aa01资料0" not in page
    url = reverse("wagtailadmin_explore", args=[study.index.pk])
    for query in ("?has_child_pages=false", "?has_child_pages=false&search_all=1"):
        page = client.get(url + query).content.decode()
        assert "新资料5" in page, query
        assert "乙支部自己的资料" not in page and "aa01资料0" not in page, query


def test_explorer_pages_the_library_20_materials_at_a_time(client, study):
    for n in range(21):
        study_material(study.index, title=f"分页资料{n}")
    total = StudyMaterialPage.objects.child_of(study.index).count()
    client.force_login(study.secretary_user)
    url = reverse("wagtailadmin_explore", args=[study.index.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?p=2").content.decode()
    rows = re.compile(r"data-listing-page-title")
    assert len(rows.findall(first)) == 20
    assert f"1-20，共 {total} 个学习资料" in first
    assert len(rows.findall(second)) == total - 20


def test_another_branchs_secretary_cannot_explore_our_library(client, study, org2):
    study_index(org2.branch)
    client.force_login(org2.secretary_user)
    response = client.get(reverse("wagtailadmin_explore", args=[study.index.pk]))
    assert response.status_code == 404


def _choices(page: str, name: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf'name="{name}" value="(\d+)"', page)}


def test_explorer_filters_name_only_people_of_our_library(client, study, org2):
    """The owner and "edited by" filters offer the people of our own materials, never another
    branch's secretary (Wagtail's own lists name whoever owns or edited any page)."""
    from wagtail.log_actions import log

    their_library = study_index(org2.branch)
    theirs = study_material(their_library, title="乙支部自己的资料")
    StudyMaterialPage.objects.filter(pk=theirs.pk).update(owner=org2.secretary_user)
    log(instance=theirs, action="wagtail.edit", user=org2.secretary_user)
    StudyMaterialPage.objects.filter(pk=study.oath.pk).update(owner=study.secretary_user)
    log(instance=study.well, action="wagtail.edit", user=study.secretary_user)
    client.force_login(study.secretary_user)
    page = client.get(reverse("wagtailadmin_explore", args=[study.index.pk])).content.decode()
    assert _choices(page, "owner") == {study.secretary_user.pk}
    assert _choices(page, "edited_by") == {study.secretary_user.pk}


def _search(client, query: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("wagtailadmin_pages:search") + query)
    assert response.status_code == 200
    matches = [q["sql"] for q in ctx.captured_queries if "indexentry" in q["sql"].lower()]
    return response.content.decode(), len(matches)


def test_page_search_counts_its_matches_once_and_only_ours(client, study, org2):
    """The admin's page search: the number of matches, the pages of results and the page-type
    filter agree, count this branch's materials only, and the full-text match runs twice (the
    page-type counts and the page of results), whatever the number of matches."""
    for n in range(23):
        study_material(study.index, title=f"防喷演练记录{n}")
    their_library = study_index(org2.branch)
    for n in range(3):
        study_material(their_library, title=f"防喷演练乙支部{n}")
    client.force_login(study.secretary_user)
    client.get(reverse("wagtailadmin_pages:search") + "?q=热身")  # per-user caches

    page, matching = _search(client, "?q=防喷演练")
    assert "共有 23 个匹配的页面" in re.search(r"<h2 role=\"alert\">(.*?)</h2>", page, re.S).group(
        1
    )
    assert "1-20，共 23 个页面" in page  # in Chinese, naming what it counts (not "None")
    assert len(set(re.findall(r"防喷演练记录\d+", page))) == 20  # the first page of 20
    assert "乙支部" not in page
    assert re.search(r"学习资料\s*\(23\)", page), "the page-type count"
    assert matching == 2, matching

    page, _ = _search(client, "?q=防喷演练&p=2")
    assert len(set(re.findall(r"防喷演练记录\d+", page))) == 3 and "乙支部" not in page

    page, matching = _search(client, "?q=防喷演练&content_type=home.studymaterialpage")
    assert "23" in re.search(r"<h2 role=\"alert\">(.*?)</h2>", page, re.S).group(1)
    assert matching == 2, matching
    page, _ = _search(client, "?q=防喷演练&content_type=home.studyindexpage")
    assert "防喷演练记录" not in page
    assert re.search(r"所有\s*\(23\)", page), "All still counts every match"

    page, _ = _search(client, "?q=没有这样的资料")
    assert "防喷演练记录" not in page and "没有这样的资料" in page
