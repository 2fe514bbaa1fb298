"""Query counts of the study index, a study page and the completion report stay constant as
the number of materials and people grows (build N, measure, build 3N, same bound)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branch.factories import EmployeeFactory
from home.factories import study_material
from home.services import study_record_mark

pytestmark = pytest.mark.django_db


def _grow(study, n: int) -> None:
    for i in range(n):
        page = study_material(
            study.index,
            title=f"资料{i}",
            text="安全生产",
            required_for_all=i % 2 == 0,
            teams=[study.team_a] if i % 2 else [],
            points=["要点一", "要点二"],
        )
        for team in (study.team_a, study.team_b):
            person = EmployeeFactory(team=team)
            study_record_mark(employee=person, page=page)
    study_record_mark(employee=study.worker, page=study.oath)


def _count(client, url) -> int:
    client.get(url)  # warm up per-user caches (profiles, sessions) first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["worker", "leader", "secretary"])
def test_pages_constant_in_number_of_materials_and_people(client, study, who):
    client.force_login(getattr(study, f"{who}_user"))
    urls = [study.index.url, study.oath.url, "/me/", "/", "/me/study/search/?q=安全"]
    if who == "leader":
        urls += [f"/me/study/{study.well.pk}/attendance/"]
    if who == "secretary":
        urls += ["/me/study/report/", f"/me/study/{study.oath.pk}/report/"]
        urls += [f"/me/study/{study.oath.pk}/attendance/"]
    _grow(study, 3)
    small = {url: _count(client, url) for url in urls}
    _grow(study, 6)  # three times as many materials and people
    large = {url: _count(client, url) for url in urls}
    assert large == small
    print(who, small)


def test_report_bound(client, study, django_assert_max_num_queries):
    client.force_login(study.secretary_user)
    _grow(study, 3)
    with django_assert_max_num_queries(20):
        client.get("/me/study/report/")
    _grow(study, 6)
    with django_assert_max_num_queries(20):
        client.get("/me/study/report/")


def test_report_is_kept_until_a_study_changes_it(
    client, study, settings, django_assert_max_num_queries
):
    """The named readers are computed once per page of the report, then read from the cache
    until somebody studies, so the secretary's next look costs a few queries and is current."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    client.force_login(study.secretary_user)
    _grow(study, 3)
    client.get("/me/study/report/")
    with django_assert_max_num_queries(12):
        html = client.get("/me/study/report/").content.decode()
    assert study.worker.name in html
    missing = html.count('class="missing"')
    study_record_mark(employee=study.worker, page=study.well)
    fresh = client.get("/me/study/report/").content.decode()
    assert fresh.count('class="missing"') == missing - 1


def test_index_and_material_bound(client, study, settings, django_assert_max_num_queries):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    client.force_login(study.worker_user)
    _grow(study, 9)
    for url in (study.index.url, study.oath.url):
        client.get(url)  # warm up per-user caches (profiles, sessions) first
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_material_routing(client, study, org2):
    """A library is found by its slug and a material in it by its own, with its topic; an
    unknown slug or a path below a material is not found."""
    topical = study_material(study.index, title="安全月活动", topic="安全生产", slug="safety")
    client.force_login(study.worker_user)
    html = client.get(topical.url).content.decode()
    assert "安全月活动" in html and "安全生产" in html
    assert client.get(study.index.url + "no-such-material/").status_code == 404
    assert client.get("/no-such-library/").status_code == 404
    assert client.get(f"/no-such-library/{topical.slug}/").status_code == 404
    assert "安全月活动" in client.get(study.index.url).content.decode()
    assert client.get(study.oath.url + "more/").status_code == 404
