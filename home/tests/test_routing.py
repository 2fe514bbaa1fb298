"""The site's pages routed from what earlier requests found (home/routing.py): fewer queries,
and never a page that is no longer at its address, no longer published, or no longer open to
the reader."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from home.factories import study_index, study_material

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_a_material_read_again_costs_four_queries_fewer_and_shows_the_same(client, study):
    client.force_login(study.worker_user)
    first, routed = _get(client, study.oath.url)
    again, remembered = _get(client, study.oath.url)
    assert first.status_code == again.status_code == 200
    assert remembered <= routed - 4  # no site, root page, library or ancestors read
    assert "重温誓词，牢记初心" in again.content.decode()
    # The way back to the library is still there, without reading the library.
    assert f'href="{study.index.url}"' in again.content.decode()
    index_first, index_routed = _get(client, study.index.url)
    index_again, index_remembered = _get(client, study.index.url)
    assert index_again.status_code == 200 and "重温入党誓词" in index_again.content.decode()
    assert index_remembered < index_routed


def test_a_renamed_material_is_found_at_its_new_address_only_the_old_one_redirects(client, study):
    client.force_login(study.worker_user)
    old_url = study.oath.url
    assert client.get(old_url).status_code == 200
    page = Page.objects.get(pk=study.oath.pk).specific
    page.slug = "oath-2026"
    page.save_revision().publish()
    new_url = Page.objects.get(pk=study.oath.pk).url
    assert new_url.endswith("/oath-2026/")
    old = client.get(old_url)  # not the page: gone, or a redirect to its new address
    assert old.status_code == 404 or (old.status_code == 301 and old["Location"] == new_url)
    assert "重温誓词" not in old.content.decode()
    response = client.get(new_url)
    assert response.status_code == 200 and "重温誓词" in response.content.decode()


def test_an_unpublished_or_deleted_material_is_not_served_from_memory(client, study):
    client.force_login(study.worker_user)
    assert client.get(study.oath.url).status_code == 200
    assert client.get(study.well.url).status_code == 200
    Page.objects.get(pk=study.oath.pk).specific.unpublish()
    assert client.get(study.oath.url).status_code == 404
    well_url = study.well.url
    Page.objects.get(pk=study.well.pk).delete()
    assert client.get(well_url).status_code == 404


def test_a_material_moved_to_another_library_is_served_at_its_new_address(client, study):
    client.force_login(study.secretary_user)
    assert client.get(study.oath.url).status_code == 200
    other = study_index(study.branch, title="第二学习园地", slug="study-second")
    old_url = study.oath.url
    Page.objects.get(pk=study.oath.pk).move(other, pos="last-child")
    new_url = "/study-second/" + old_url.rstrip("/").rsplit("/", 1)[1] + "/"
    old = client.get(old_url)  # Wagtail's automatic redirect to the new address, not the page
    assert old.status_code == 301 and old["Location"] == new_url
    response = client.get(new_url)
    assert response.status_code == 200
    assert 'href="/study-second/"' in response.content.decode()  # back to its new library


def test_a_restriction_added_later_is_enforced_on_a_remembered_page(client, study):
    client.force_login(study.worker_user)
    assert client.get(study.well.url).status_code == 200
    assert client.get(study.well.url).status_code == 200  # now routed from memory
    committee = Group.objects.create(name="支委会传阅")
    restriction = PageViewRestriction.objects.create(
        page=study.well, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(committee)
    response = client.get(study.well.url)
    assert response.status_code in (302, 403)
    assert "发现溢流立即关井" not in response.content.decode()
    study.worker_user.groups.add(committee)
    assert client.get(study.well.url).status_code == 200


def test_another_branch_is_refused_a_page_our_members_made_remembered(client, study, org2):
    client.force_login(study.worker_user)
    assert client.get(study.oath.url).status_code == 200
    assert client.get(study.oath.url).status_code == 200
    client.force_login(org2.worker_user)
    response = client.get(study.oath.url)
    assert response.status_code == 404
    assert "重温誓词" not in response.content.decode()
    theirs = study_index(org2.branch, slug="study-jxdd")
    foreign = study_material(theirs, title="井下大队资料", slug="foreign")
    assert client.get(foreign.url).status_code == 200
    client.force_login(study.worker_user)
    assert client.get(foreign.url).status_code == 404


def test_a_new_site_root_is_seen_at_once(client, study):
    client.force_login(study.worker_user)
    assert client.get(study.oath.url).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = Page.objects.get(pk=study.index.pk)
    site.save()
    # The library is now the site's root: the material is one step up the address.
    assert client.get(study.oath.url).status_code == 404
    response = client.get("/" + study.oath.slug + "/")
    assert response.status_code == 200 and "重温誓词" in response.content.decode()


def test_the_home_is_the_workplace_for_members_and_the_welcome_page_for_visitors(client, study):
    response = client.get("/")
    assert response.status_code == 200
    assert 'data-testid="todos"' not in response.content.decode()
    client.force_login(study.worker_user)
    response, queries = _get(client, "/")
    assert response.status_code == 200
    assert 'data-testid="todos"' in response.content.decode()


def test_an_unknown_address_is_404_and_is_not_remembered(client, study):
    client.force_login(study.worker_user)
    for _ in range(2):
        assert client.get("/study-zydd/no-such-material/").status_code == 404
    assert client.get("/no-such-library/").status_code == 404
