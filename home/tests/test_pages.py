"""Study pages: members only, moderated publishing, the 我已学习 button."""

import pytest
from wagtail.models import PageViewRestriction, Workflow

from home.factories import study_index, study_material
from home.models import StudyIndexPage, StudyMaterialPage, StudyRecord, StudyTopic

pytestmark = pytest.mark.django_db


def test_topics_seeded_and_page_tree_rules():
    assert set(StudyTopic.objects.values_list("name", flat=True)) >= {
        "党章党规",
        "形势任务",
        "安全生产",
        "岗位技能",
    }
    assert StudyMaterialPage.parent_page_types == ["home.StudyIndexPage"]
    assert "home.StudyIndexPage" in __import__("home.models").models.HomePage.subpage_types


def test_every_new_study_index_is_members_only(org):
    index = study_index(org.branch)
    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == PageViewRestriction.LOGIN
    index.save()  # saving again adds nothing
    assert PageViewRestriction.objects.filter(page=index).count() == 1


def test_material_inherits_branch_of_its_index(study):
    assert study.oath.branch == study.branch


def test_anonymous_is_sent_to_login_for_index_and_material(client, study):
    for url in (study.index.url, study.oath.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_member_reads_material_and_marks_it_studied(client, study):
    client.force_login(study.worker_user)
    response = client.get(study.oath.url)
    assert response.status_code == 200
    assert "重温誓词，牢记初心" in response.content.decode()
    assert "我已学习" in response.content.decode()
    response = client.post(f"/me/study/{study.oath.pk}/done/")
    assert response.status_code == 302
    assert StudyRecord.objects.filter(employee=study.worker, page=study.oath).count() == 1
    client.post(f"/me/study/{study.oath.pk}/done/")  # twice: still one record
    assert StudyRecord.objects.filter(employee=study.worker, page=study.oath).count() == 1
    page = client.get(study.oath.url).content.decode()
    assert 'data-testid="studied"' in page


def test_study_done_refuses_get_and_other_branch(client, study):
    from branch.factories import BranchFactory

    other = study_index(BranchFactory(code="other"), slug="other")
    foreign = study_material(other, title="外支部资料")
    client.force_login(study.worker_user)
    assert client.get(f"/me/study/{study.oath.pk}/done/").status_code == 405
    assert client.post(f"/me/study/{foreign.pk}/done/").status_code == 404
    assert not StudyRecord.objects.filter(page=foreign).exists()


def test_another_branchs_library_and_materials_are_not_found_by_address(client, study, org2):
    """The library and its materials belong to the branch: another branch's secretary, leader
    and worker get 404 at their addresses (as for a page that does not exist), while our own
    people read them and a superuser reads every branch's."""
    theirs = study_index(org2.branch, slug="study-jxdd")
    foreign = study_material(theirs, title="井下大队资料", text="外支部正文。", slug="foreign")
    for user in (study.secretary_user, study.leader_user, study.worker_user):
        client.force_login(user)
        assert client.get(theirs.url).status_code == 404
        response = client.get(foreign.url)
        assert response.status_code == 404
        assert "外支部正文" not in response.content.decode()
        assert client.get(study.oath.url).status_code == 200
    for user in (org2.secretary_user, org2.leader_user, org2.worker_user):
        client.force_login(user)
        assert client.get(study.index.url).status_code == 404
        assert client.get(study.oath.url).status_code == 404
        assert "外支部正文" in client.get(foreign.url).content.decode()
        assert "井下大队资料" in client.get(theirs.url).content.decode()
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x-Long-enough-9")
    client.force_login(admin)
    assert client.get(foreign.url).status_code == 200
    assert client.get(study.oath.url).status_code == 200


def test_draft_is_not_visible_and_published_is(client, study):
    draft = study_material(study.index, title="草稿资料", publish=False, slug="draft")
    client.force_login(study.worker_user)
    assert client.get("/study-zydd/draft/").status_code == 404
    index_html = client.get(study.index.url).content.decode()
    assert "草稿资料" not in index_html
    draft.get_latest_revision().publish()
    assert client.get("/study-zydd/draft/").status_code == 200
    assert "草稿资料" in client.get(study.index.url).content.decode()


def test_worker_has_no_admin(client, study):
    client.force_login(study.worker_user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"] or "login" in response["Location"]
    response = client.get(f"/admin/pages/{study.index.pk}/add_subpage/")
    assert response.status_code in (302, 403)


def test_secretary_submits_and_alone_publishes_with_the_fact_recorded(client, study):
    """Through the admin: the branch approval step is on the library; a secretary whose branch
    has no other committee member submits, and the material is published with a record that
    they approved their own draft (tests/test_approval.py covers the other paths)."""
    from home.models import StudyApproval, StudyApprovalTask

    workflow = Workflow.objects.get(name="学习资料审核")
    assert study.index.get_workflow() == workflow
    assert isinstance(workflow.tasks.get().specific, StudyApprovalTask)
    assert not Workflow.objects.get(name="支部书记审核").active

    client.force_login(study.secretary_user)
    response = client.post(
        f"/admin/pages/add/home/studymaterialpage/{study.index.pk}/",
        {
            "title": "安全生产月学习",
            "slug": "",
            "summary": "",
            "body-count": "0",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StudyMaterialPage.objects.get(title="安全生产月学习")
    assert page.slug.startswith("material-")  # made for the Chinese title
    assert page.live and page.branch_id == study.branch.pk
    approval = StudyApproval.objects.get(page=page)
    assert approval.self_approved and approval.approved_by == study.secretary_user
    assert client.get(f"{study.index.url}{page.slug}/").status_code == 200


def test_index_page_lists_materials(client, study):
    client.force_login(study.worker_user)
    html = client.get(study.index.url).content.decode()
    assert "重温入党誓词" in html and "井控安全操作要点" in html
    assert isinstance(study.index, StudyIndexPage)


def test_admin_forms_offer_only_the_secretarys_branch_and_teams(client, study):
    from branch.factories import BranchFactory, TeamFactory

    other_branch = BranchFactory(code="other", name="外支部")
    TeamFactory(branch=other_branch, name="外支部一班")
    client.force_login(study.secretary_user)
    html = client.get(f"/admin/pages/add/home/studymaterialpage/{study.index.pk}/").content.decode()
    assert "修井一班" in html and "外支部一班" not in html
    html = client.get(f"/admin/pages/{study.index.pk}/edit/").content.decode()
    assert "作业大队党支部" in html and "外支部" not in html


def test_secretary_can_upload_images_to_the_study_collection(client, study):
    client.force_login(study.secretary_user)
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200
    client.force_login(study.leader_user)
    assert client.get("/admin/images/").status_code in (302, 403)


def test_secretary_lists_study_records_and_topics_in_admin(client, study):
    from branch.factories import BranchFactory, EmployeeFactory, TeamFactory
    from home.services import study_record_mark

    study_record_mark(employee=study.intern, page=study.oath)
    other = study_index(BranchFactory(code="other"), slug="other")
    stranger = EmployeeFactory(team=TeamFactory(branch=other.branch), name="外人")
    study_record_mark(employee=stranger, page=study_material(other, title="外支部资料"))
    client.force_login(study.secretary_user)
    html = client.get("/admin/snippets/home/studyrecord/").content.decode()
    assert "王实习" in html and "外人" not in html
    assert client.get("/admin/snippets/home/studytopic/").status_code == 200
    response = client.post(
        "/admin/snippets/home/studytopic/add/", {"name": "廉洁教育", "sort_order": 50}
    )
    assert response.status_code == 302
    assert StudyTopic.objects.filter(name="廉洁教育").exists()
    client.force_login(study.worker_user)
    assert client.get("/admin/snippets/home/studyrecord/").status_code in (302, 403)
