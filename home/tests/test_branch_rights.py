"""Every branch a closed house in the CMS: another branch's secretary (and author) gets 403 or
404, never the content, on this branch's study pages, their drafts, previews and revisions, its
images and documents, and finds nothing of it in choosers, reports, the admin API, page search
or the employee list's filters. Rights follow the organisation through ``branch.signals``."""

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from branch import roles, services
from branch.factories import CommitteeMemberFactory, EmployeeFactory, make_account
from branch.models import Branch, CommitteeMember, CommitteePost
from branch.signals import person_left
from home import rights
from home.factories import study_index, study_material
from home.models import StudyIndexPage, StudyMaterialPage

pytestmark = pytest.mark.django_db

SECRET_TITLE = "甲支部井控草稿"  # our draft's title
SECRET_TEXT = "甲支部草稿正文关井步骤"
LIVE_TITLE = "甲支部已发布安全资料"
IMAGE_TITLE = "甲支部党旗照片"
DOC_TITLE = "甲支部井控细则文件"
DOC_BYTES = b"%PDF-1.4 zydd well control rules"
THEIR_TITLE = "乙支部自己的资料"


@pytest.fixture
def media(settings, tmp_path):
    from django.core.cache import caches

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    yield tmp_path
    # Wagtail caches renditions by image id: none of ours may outlive this test's files.
    for alias in ("renditions", "default"):
        if alias in settings.CACHES:
            caches[alias].clear()


def _png(name="flag.png") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


@pytest.fixture
def houses(org, org2, media, django_capture_on_commit_callbacks):
    """Both branches with a library, a live material and a draft; ours with an image and a
    document in its own collection; each branch's worker holds the 宣传委员 post."""
    org.index = study_index(org.branch)
    org2.index = study_index(org2.branch, slug="jxdd")
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeMemberFactory(employee=org.worker, post=CommitteePost.PUBLICITY)
        CommitteeMemberFactory(employee=org2.worker, post=CommitteePost.PUBLICITY)
    org.live = study_material(org.index, title=LIVE_TITLE, text="甲支部安全正文")
    org.draft = study_material(org.index, title=SECRET_TITLE, text=SECRET_TEXT, publish=False)
    org2.live = study_material(org2.index, title=THEIR_TITLE, text="乙支部正文")
    org.collection = rights.branch_collection(org.branch)
    org.image = Image.objects.create(title=IMAGE_TITLE, file=_png(), collection=org.collection)
    org.document = Document.objects.create(
        title=DOC_TITLE,
        file=ContentFile(DOC_BYTES, name="zydd-rules.pdf"),
        collection=org.collection,
    )
    # Something in the site history: our secretary edits a person of ours in the admin.
    PageLogEntry.objects.log_action(org.live, "wagtail.edit", user=org.secretary_user)
    org.author = org.worker_user
    return org


def _forbidden(response) -> bool:
    """403 or 404; a redirect counts only when it leads away from the object (the login or
    the admin's home), and the body never carries our content."""
    body = response.content.decode(errors="ignore") if not response.streaming else ""
    leaked = any(s in body for s in (SECRET_TITLE, SECRET_TEXT, IMAGE_TITLE, DOC_TITLE))
    return response.status_code in (403, 404) and not leaked


def _object_urls(org) -> list[str]:
    draft, live, index = org.draft, org.live, org.index
    revision = live.latest_revision
    return [
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/pages/{live.pk}/edit/",
        f"/admin/pages/{index.pk}/add_subpage/",
        f"/admin/pages/add/home/studymaterialpage/{index.pk}/",
        f"/admin/pages/{draft.pk}/edit/preview/",
        f"/admin/pages/{draft.pk}/view_draft/",
        f"/admin/pages/{live.pk}/revisions/",
        f"/admin/pages/{live.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{live.pk}/history/",
        f"/admin/pages/{live.pk}/unpublish/",
        f"/admin/pages/{live.pk}/delete/",
        f"/admin/pages/{live.pk}/move/",
        f"/admin/pages/{live.pk}/copy/",
        f"/admin/images/{org.image.pk}/",
        f"/admin/images/{org.image.pk}/delete/",
        f"/admin/documents/edit/{org.document.pk}/",
        f"/admin/documents/delete/{org.document.pk}/",
        f"/admin/api/main/pages/{draft.pk}/",
        f"/admin/api/main/pages/{live.pk}/",
        f"/admin/images/chooser/{org.image.pk}/",
        f"/admin/documents/chooser/{org.document.pk}/",
    ]


def test_other_secretary_and_author_are_refused_every_object_url(client, houses, org2):
    for user in (org2.secretary_user, org2.worker_user):  # their secretary and 宣传委员
        client.force_login(user)
        for url in _object_urls(houses):
            response = client.get(url)
            assert _forbidden(response), (user.username, url, response.status_code)


def test_own_secretary_opens_the_same_urls(client, houses):
    client.force_login(houses.secretary_user)
    assert client.get(f"/admin/pages/{houses.index.pk}/add_subpage/")["Location"] == (
        f"/admin/pages/add/home/studymaterialpage/{houses.index.pk}/"
    )
    for url in [
        f"/admin/pages/{houses.draft.pk}/edit/",
        f"/admin/pages/add/home/studymaterialpage/{houses.index.pk}/",
        f"/admin/pages/{houses.live.pk}/history/",
        f"/admin/pages/{houses.live.pk}/revisions/{houses.live.latest_revision.pk}/view/",
        f"/admin/images/{houses.image.pk}/",
        f"/admin/documents/edit/{houses.document.pk}/",
        f"/admin/api/main/pages/{houses.draft.pk}/",
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(houses.author)
    assert client.get(f"/admin/pages/{houses.draft.pk}/edit/").status_code == 200


def test_own_author_edits_and_other_author_cannot(client, houses, org2):
    author = houses
    client.force_login(author.author)
    assert client.get(f"/admin/pages/{author.draft.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{org2.index.pk}/add_subpage/").status_code in (403, 404)
    client.force_login(org2.worker_user)  # jxdd's 宣传委员
    add = f"/admin/pages/add/home/studymaterialpage/{org2.index.pk}/"
    assert client.get(add).status_code == 200
    assert _forbidden(client.get(f"/admin/pages/{author.draft.pk}/edit/"))


def test_other_secretary_cannot_publish_or_save_our_page_by_post(client, houses, org2):
    client.force_login(org2.secretary_user)
    data = nested_form_data(
        {
            "title": "被外支部改写",
            "slug": houses.live.slug,
            "summary": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{houses.live.pk}/edit/", data)
    assert response.status_code in (403, 404)
    response = client.post(f"/admin/pages/add/home/studymaterialpage/{houses.index.pk}/", data)
    assert response.status_code in (403, 404)
    assert StudyMaterialPage.objects.get(pk=houses.live.pk).title == LIVE_TITLE
    assert not StudyMaterialPage.objects.filter(title="被外支部改写").exists()
    response = client.post(f"/admin/pages/{houses.live.pk}/unpublish/")
    assert response.status_code in (403, 404)
    assert StudyMaterialPage.objects.get(pk=houses.live.pk).live


def test_documents_are_served_to_their_branch_only(client, houses, org2):
    url = houses.document.url
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (org2.secretary_user, org2.worker_user):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    for user in (houses.secretary_user, houses.worker_b_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == DOC_BYTES


def _lists(org, org2) -> list[str]:
    return [
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/images/chooser/results/",
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/",
        "/admin/choose-page/",
        f"/admin/choose-page/{org.index.get_parent().pk}/",
        f"/admin/choose-page/{org.index.pk}/",
        "/admin/choose-page/search/?q=甲支部",
        "/admin/pages/search/?q=甲支部",
        "/admin/pages/search/?q=井控",
        f"/admin/pages/{org.index.get_parent().pk}/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/?child_of={org.index.pk}",
        f"/admin/api/main/pages/?descendant_of={org.index.get_parent().pk}",
        "/admin/api/main/pages/?search=甲支部",
        "/admin/",
    ]


def test_lists_choosers_reports_api_and_search_show_only_own_branch(client, houses, org2):
    urls = _lists(houses, org2)
    client.force_login(org2.secretary_user)
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 302, 400, 403, 404), url
        for secret in (SECRET_TITLE, LIVE_TITLE, IMAGE_TITLE, DOC_TITLE, SECRET_TEXT):
            assert secret not in body, (url, secret)
        assert not re.search(rf'"id":\s*{houses.live.pk}\b', body), url
    # The same lists do show our things to our secretary (the checks above can fail).
    client.force_login(houses.secretary_user)
    seen = "".join(client.get(url).content.decode() for url in urls)
    for thing in (SECRET_TITLE, LIVE_TITLE, IMAGE_TITLE, DOC_TITLE):
        assert thing in seen, thing
    client.force_login(org2.secretary_user)
    seen = "".join(client.get(url).content.decode() for url in urls)
    assert THEIR_TITLE in seen


def test_employee_list_team_filter_offers_own_teams_only(client, houses, org2):
    client.force_login(org2.secretary_user)
    html = client.get("/admin/snippets/branch/employee/").content.decode()
    assert "井下一班" in html
    assert "修井一班" not in html and "修井二班" not in html
    # Filtering by our team's id gives nothing and no error page.
    response = client.get(f"/admin/snippets/branch/employee/?team={houses.team_a.pk}")
    assert response.status_code == 200
    assert "张正式" not in response.content.decode()
    client.force_login(houses.secretary_user)
    html = client.get("/admin/snippets/branch/employee/").content.decode()
    assert "修井一班" in html and "井下一班" not in html


def test_site_history_names_no_person_of_another_branch(client, houses, org2):
    from wagtail.log_actions import log

    log(houses.worker, "wagtail.edit", user=houses.secretary_user)
    log(org2.worker, "wagtail.edit", user=org2.secretary_user)
    client.force_login(org2.secretary_user)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "外员工" in html and "张正式" not in html
    client.force_login(houses.secretary_user)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "张正式" in html and "外员工" not in html


# -- rights follow the organisation --------------------------------------------------------------


def _group_members(name):
    return set(Group.objects.filter(name=name).values_list("user__username", flat=True)) - {None}


def test_creating_a_branch_creates_its_library_collection_and_groups(
    org, django_capture_on_commit_callbacks
):
    study_index(org.branch)  # the site's home page exists
    with django_capture_on_commit_callbacks(execute=True):
        branch = services.branch_create(code="ylxd", name="油料巡检党支部")
    library = StudyIndexPage.objects.get(branch=branch)
    groups = {name: Group.objects.get(name=f"ylxd {name}") for name in rights.BRANCH_ROLES}
    collection = Collection.objects.get(name="ylxd 学习资料")
    grants = set(
        GroupPagePermission.objects.filter(page=library).values_list(
            "group__name", "permission__codename"
        )
    )
    assert ("ylxd 支部书记", "publish_page") in grants
    assert ("ylxd 宣传委员", "change_page") in grants
    assert ("ylxd 宣传委员", "publish_page") not in grants
    assert not any(name.startswith("zydd") or name in roles.ROLE_GROUPS for name, _ in grants)
    assert GroupCollectionPermission.objects.filter(
        group=groups["支部书记"], collection=collection, permission__codename="add_image"
    ).exists()
    # The first branch's groups have nothing on the new library.
    assert not GroupPagePermission.objects.filter(
        group__name__startswith="zydd", page=library
    ).exists()


def test_secretaries_moving_in_and_out_move_group_membership(
    org, org2, django_capture_on_commit_callbacks
):
    study_index(org.branch)
    newcomer = EmployeeFactory(team=org.team_b, staff_no="S002", name="新书记")
    user = make_account(newcomer)
    assert "S002@zydd" not in _group_members("zydd 支部书记")
    with django_capture_on_commit_callbacks(execute=True):
        services.branch_add_secretary(branch=org.branch, user=user)
    assert "S002@zydd" in _group_members("zydd 支部书记")
    assert "S002@zydd" not in _group_members("jxdd 支部书记")
    with django_capture_on_commit_callbacks(execute=True):
        org.branch.secretaries.remove(user)
    assert "S002@zydd" not in _group_members("zydd 支部书记")
    # The reverse side of the relation is announced too.
    with django_capture_on_commit_callbacks(execute=True):
        user.administered_branches.add(org2.branch)
    assert "S002@zydd" in _group_members("jxdd 支部书记")


def test_the_publicity_post_moves_people_into_and_out_of_the_authors_group(
    org, django_capture_on_commit_callbacks
):
    import datetime

    study_index(org.branch)
    with django_capture_on_commit_callbacks(execute=True):
        seat = CommitteeMemberFactory(employee=org.leader, post=CommitteePost.PUBLICITY)
        CommitteeMemberFactory(employee=org.worker, post=CommitteePost.ORGANISATION)
    assert _group_members("zydd 宣传委员") == {"L001@zydd"}  # the other post gives nothing
    with django_capture_on_commit_callbacks(execute=True):
        seat.end_on = datetime.date.today()
        seat.save()
    assert _group_members("zydd 宣传委员") == set()
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeMember.objects.create(
            branch=org.branch,
            employee=org.worker,
            post=CommitteePost.PUBLICITY,
            start_on=datetime.date(2025, 1, 1),
        )
    assert _group_members("zydd 宣传委员") == {"W001@zydd"}
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeMember.objects.filter(employee=org.worker, post=CommitteePost.PUBLICITY).delete()
    assert _group_members("zydd 宣传委员") == set()


def test_a_person_who_left_leaves_every_branch_group(org, django_capture_on_commit_callbacks):
    study_index(org.branch)
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeMemberFactory(employee=org.worker, post=CommitteePost.PUBLICITY)
    assert "W001@zydd" in _group_members("zydd 宣传委员")
    person_left.send(sender=type(org.worker), employee=org.worker, user_id=org.worker.user_id)
    assert "W001@zydd" not in _group_members("zydd 宣传委员")
    assert org.worker_user.groups.filter(name=roles.WORKER).exists()  # the role stays


def test_site_wide_role_groups_hold_no_page_or_collection_rights(houses):
    for name in roles.ROLE_GROUPS:
        assert not GroupPagePermission.objects.filter(group__name=name).exists(), name
        assert not GroupCollectionPermission.objects.filter(group__name=name).exists(), name


# -- the data migration -------------------------------------------------------------------------


def test_migration_moves_a_pre_existing_installation(org, org2, media):
    """Before: the site-wide 支部书记 group had rights on every library and on the shared
    collection 学习资料, where every branch's files lay. After: per-branch groups and
    collections, files moved to their branch, the site-wide group holds nothing."""
    from home.services import study_collection

    migration = importlib.import_module("home.migrations.0009_per_branch_rights")
    ours, theirs = study_index(org.branch), study_index(org2.branch, slug="jxdd")
    shared = study_collection()
    used = Image.objects.create(title="甲用图", file=_png("a.png"), collection=shared)
    uploaded = Document.objects.create(
        title="乙上传",
        file=ContentFile(b"%PDF-1.4", name="b.pdf"),
        collection=shared,
        uploaded_by_user=org2.secretary_user,
    )
    orphan = Document.objects.create(
        title="无主文件", file=ContentFile(b"%PDF-1.4", name="c.pdf"), collection=shared
    )
    material = StudyMaterialPage(
        title="用图资料", slug="uses-image", body=[{"type": "image", "value": {"image": used.pk}}]
    )
    ours.add_child(instance=material)
    material.save_revision().publish()
    # Undo what today's code did and rebuild the old, site-wide setup.
    Group.objects.filter(name__regex=r" (支部书记|宣传委员)$").delete()
    Collection.objects.filter(name__endswith=" 学习资料").delete()
    secretary = Group.objects.get(name=roles.SECRETARY)
    for index in (ours, theirs):
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=secretary, page=index, permission=Permission.objects.get(codename=codename)
            )
    GroupCollectionPermission.objects.create(
        group=secretary, collection=shared, permission=Permission.objects.get(codename="add_image")
    )
    CommitteeMemberFactory(employee=org.worker, post=CommitteePost.PUBLICITY)

    migration.forwards(django_apps, None)
    migration.forwards(django_apps, None)  # a second run changes nothing

    assert not GroupPagePermission.objects.filter(group=secretary).exists()
    assert not GroupCollectionPermission.objects.filter(group=secretary).exists()
    assert _group_members("zydd 支部书记") == {"S001@zydd"}
    assert _group_members("jxdd 支部书记") == {"S001@jxdd"}
    assert _group_members("zydd 宣传委员") == {"W001@zydd"}
    assert set(
        GroupPagePermission.objects.filter(group__name="zydd 支部书记").values_list(
            "page_id", flat=True
        )
    ) == {ours.pk}
    assert Collection.objects.filter(name="zydd 学习资料").count() == 1
    used.refresh_from_db(), uploaded.refresh_from_db(), orphan.refresh_from_db()
    assert used.collection.name == "zydd 学习资料"  # used by one of our pages
    assert uploaded.collection.name == "jxdd 学习资料"  # uploaded by their secretary
    assert orphan.collection_id == shared.pk  # nobody's: the administrator decides
    Collection.fix_tree()  # the tree the migration built is sound
    assert Collection.get_first_root_node().get_children().filter(name="jxdd 学习资料").exists()
    # And the result works in the admin: their secretary opens their library, not ours.
    from django.test import Client

    client = Client()
    client.force_login(org2.secretary_user)
    add = "/admin/pages/add/home/studymaterialpage/{}/"
    assert client.get(add.format(theirs.pk)).status_code == 200
    assert client.get(add.format(ours.pk)).status_code == 404


def test_branch_of_collection_reads_the_code(org, org2):
    assert rights.branch_of_collection(rights.branch_collection(org2.branch)) == org2.branch
    assert rights.branch_of_collection(Collection.get_first_root_node()) is None
    assert Branch.objects.count() == 2
    assert Page.objects.filter(depth=1).exists()


def test_the_daily_job_applies_a_post_that_begins_later(org, django_capture_on_commit_callbacks):
    import datetime

    from home.tasks import branch_rights_sync_task

    study_index(org.branch)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        seat = CommitteeMemberFactory(
            employee=org.leader, post=CommitteePost.PUBLICITY, start_on=tomorrow
        )
    assert _group_members("zydd 宣传委员") == set()  # not yet
    CommitteeMember.objects.filter(pk=seat.pk).update(start_on=datetime.date.today())
    assert branch_rights_sync_task() == 1
    assert _group_members("zydd 宣传委员") == {"L001@zydd"}


def test_uploaded_files_under_media_follow_their_branch(client, houses, org2):
    """The files themselves (/media/…): an image, its rendition and a document of our
    collection are served to our members and answer 404 to the other branch."""
    rendition = houses.image.get_rendition("width-19")
    urls = [houses.image.file.url, rendition.url, houses.document.file.url]
    assert all(url.startswith("/media/") for url in urls)
    for user in (org2.secretary_user, org2.worker_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
    client.force_login(houses.worker_b_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


def test_page_rights_policy_finds_what_wagtails_finds_with_one_condition_per_page(houses, org2):
    """The pages each person may explore, edit or publish are exactly those of Wagtail's own
    policy (secretaries and authors of both branches, people without rights, a superuser, a
    person holding rights on both libraries), with one condition per page they hold rights on
    instead of one per right (which made PostgreSQL read every branch's search index)."""
    from django.contrib.auth import get_user_model
    from wagtail.permission_policies.pages import PagePermissionPolicy
    from wagtail.permissions import policy_registry

    from home.page_policy import EXPLORE_ACTIONS, OneConditionPerPagePolicy

    ours = policy_registry.get_by_type(StudyMaterialPage)
    assert isinstance(ours, OneConditionPerPagePolicy)
    adder = get_user_model().objects.create_user("add-only")  # Wagtail: changes what they own
    adders = Group.objects.create(name="只能新建")
    GroupPagePermission.objects.create(
        group=adders, page=houses.index, permission=Permission.objects.get(codename="add_page")
    )
    adder.groups.add(adders)
    StudyMaterialPage.objects.filter(pk=houses.draft.pk).update(owner=adder)
    both = get_user_model().objects.create_user("both-libraries")
    group = Group.objects.create(name="两个支部的资料")
    for index in (houses.index, org2.index):
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=index, permission=Permission.objects.get(codename=codename)
            )
    both.groups.add(group)
    superuser = get_user_model().objects.create_superuser("root-of-all")
    people = [
        houses.secretary_user,
        houses.author,
        houses.leader_user,
        houses.worker_user,
        org2.secretary_user,
        org2.worker_user,
        both,
        adder,
        superuser,
    ]
    for user in people:
        user = get_user_model().objects.get(pk=user.pk)  # no permission cache of before
        wagtails = PagePermissionPolicy(Page)
        pks = lambda pages: set(pages.values_list("pk", flat=True))  # noqa: E731
        assert pks(ours.explorable_instances(user)) == pks(wagtails.explorable_instances(user))
        for actions in (EXPLORE_ACTIONS, {"change"}, {"publish"}, {"add"}):
            assert pks(ours.instances_user_has_any_permission_for(user, actions)) == pks(
                wagtails.instances_user_has_any_permission_for(user, actions)
            ), (user.username, actions)

    secretary = get_user_model().objects.get(pk=houses.secretary_user.pk)
    explorable = ours.explorable_instances(secretary)
    assert pks(explorable) >= {houses.index.pk, houses.live.pk, houses.draft.pk}
    assert not pks(explorable) & {org2.index.pk, org2.live.pk}
    sql = str(explorable.query)
    assert sql.count(f"{houses.index.path}%") == 1, sql  # one "under the library", not three
    adder = get_user_model().objects.get(pk=adder.pk)
    assert pks(ours.instances_user_has_any_permission_for(adder, {"change"})) == {houses.draft.pk}
