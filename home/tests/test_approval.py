"""The approval step (支部审核): an author submits, the secretary approves or sends back with a
comment, the author is told; a secretary's own draft goes to another committee member, or is
published with the fact recorded when the branch has nobody else. Drafts stay hidden from
workers and from other branches."""

import pytest
from wagtail.models import WorkflowState

from branch.factories import CommitteeMemberFactory
from branch.models import CommitteeMember, CommitteePost, Notification
from home.factories import study_index, study_material
from home.models import StudyApproval, StudyMaterialPage
from home.selectors import completion_report, materials_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def lib(org, org2, django_capture_on_commit_callbacks):
    """Each branch's 宣传委员 is its worker: holding the post puts them in the branch's authors'
    group (home.rights, through branch.signals.committee_changed)."""
    org.index = study_index(org.branch)
    org2.index = study_index(org2.branch, slug="jxdd")
    with django_capture_on_commit_callbacks(execute=True):
        CommitteeMemberFactory(employee=org.worker, post=CommitteePost.PUBLICITY)
        CommitteeMemberFactory(employee=org2.worker, post=CommitteePost.PUBLICITY)
    org.author, org2.author = org.worker_user, org2.worker_user
    assert org.author.groups.filter(name="zydd 宣传委员").exists()
    assert not org.author.groups.filter(name="jxdd 宣传委员").exists()
    return org


def _submit(page, user):
    page.save_revision(user=user)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "学习资料审核"
    workflow.start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state, page.current_workflow_task


def _draft(lib, title="井控演练通知"):
    return study_material(lib.index, title=title, text="周五开展井控演练。", publish=False)


def _titles_for(user):
    return [n.title for n in Notification.objects.filter(recipient=user)]


def test_author_submits_secretary_approves(lib, org2):
    page = _draft(lib)
    state, task = _submit(page, lib.author)
    assert state.status == "in_progress"
    assert any("待审批" in t or "井控演练通知" in t for t in _titles_for(lib.secretary_user))
    # Only the branch's secretary may act; the author waits, others see nothing to do.
    assert task.get_actions(page, lib.secretary_user)
    assert task.locked_for_user(page, lib.author)
    for user in (lib.author, lib.leader_user, org2.secretary_user, org2.author):
        assert task.get_actions(page, user) == []
        assert not task.user_can_access_editor(page, user)
    assert list(task.get_task_states_user_can_moderate(lib.secretary_user)) == [state]
    assert list(task.get_task_states_user_can_moderate(org2.secretary_user)) == []

    task.on_action(state, lib.secretary_user, "approve", comment="")
    page = StudyMaterialPage.objects.get(pk=page.pk)
    assert page.live
    approval = StudyApproval.objects.get(page=page)
    assert approval.approved_by == lib.secretary_user and not approval.self_approved
    assert approval.requested_by == lib.author
    assert Notification.objects.filter(
        recipient=lib.author, key=f"study-decision:{state.pk}"
    ).exists()


def test_secretary_sends_back_with_a_comment(lib):
    page = _draft(lib)
    state, task = _submit(page, lib.author)
    task.on_action(state, lib.secretary_user, "reject", comment="请补充关井步骤")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    message = Notification.objects.get(recipient=lib.author, key=f"study-decision:{state.pk}")
    assert message.body == "请补充关井步骤"
    assert not StudyApproval.objects.exists()


def test_secretary_draft_goes_to_the_deputy(lib):
    CommitteeMemberFactory(employee=lib.leader, post=CommitteePost.DEPUTY_SECRETARY)
    page = _draft(lib, "书记起草的学习资料")
    state, task = _submit(page, lib.secretary_user)
    assert state.status == "in_progress"
    assert task.get_actions(page, lib.secretary_user) == []  # not their own
    assert task.get_actions(page, lib.leader_user)
    assert _titles_for(lib.leader_user)
    task.on_action(state, lib.leader_user, "approve", comment="同意")
    page = StudyMaterialPage.objects.get(pk=page.pk)
    assert page.live
    approval = StudyApproval.objects.get(page=page)
    assert approval.approved_by == lib.leader_user and not approval.self_approved


def test_secretary_alone_publishes_and_it_is_recorded(client, lib):
    from wagtail.models import TaskState

    CommitteeMember.objects.filter(branch=lib.branch).delete()  # nobody else on the committee
    page = _draft(lib, "书记自批的学习资料")
    _submit(page, lib.secretary_user)
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk))
    assert state.status == "approved" and state.finished_by == lib.secretary_user
    page = StudyMaterialPage.objects.get(pk=page.pk)
    assert page.live
    approval = StudyApproval.objects.get(page=page)
    assert approval.self_approved and approval.approved_by == lib.secretary_user
    assert completion_report(lib.branch)[0].self_approved
    client.force_login(lib.secretary_user)
    html = client.get("/me/study/report/").content.decode()
    assert 'data-testid="self-approved"' in html


def test_drafts_hidden_from_workers_and_other_branches(client, lib, org2):
    page = _draft(lib, "保密草稿标题")
    _submit(page, lib.author)
    for user in (lib.worker_b_user, org2.worker_user, org2.author, org2.secretary_user):
        assert materials_search(user, "保密草稿")[1] == []
        client.force_login(user)
        assert "周五开展井控演练" not in client.get("/me/study/").content.decode()
        assert client.get(f"/me/study/{page.pk}/attendance/").status_code in (403, 404)
    # In the admin: a worker without admin access is sent away, the other branch's secretary
    # and author find no such page (home.rights, home.admin_scope).
    for user in (lib.worker_b_user, org2.worker_user, org2.author, org2.secretary_user):
        client.force_login(user)
        edit = client.get(f"/admin/pages/{page.pk}/edit/")
        assert edit.status_code == (302 if user == lib.worker_b_user else 404), user
        assert "保密草稿标题" not in edit.content.decode()
        preview = client.get(f"/admin/pages/{page.pk}/edit/preview/")
        assert "周五开展井控演练" not in preview.content.decode()
        assert "保密草稿标题" not in client.get("/admin/").content.decode()


def test_author_cannot_publish_directly(client, lib):
    page = _draft(lib, "想直接发布")
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(lib.author)
    data = nested_form_data(
        {
            "title": "想直接发布",
            "slug": page.slug,
            "summary": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert not StudyMaterialPage.objects.get(pk=page.pk).live
    assert response.status_code in (200, 302, 403)


def test_admin_home_shows_the_branch_study_work(client, lib, org2):
    page = _draft(lib, "待审核的井控资料")
    _submit(page, lib.author)
    client.force_login(lib.secretary_user)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="study-work"' in html and "待审核的井控资料" in html
    client.force_login(org2.secretary_user)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="study-work"' in html and "待审核的井控资料" not in html


def test_the_cms_user_bar_shows_to_those_who_may_edit_and_costs_a_reader_nothing(client, lib, org2):
    """Wagtail's user bar on a live material: the secretary and the branch's 宣传委员 get it; a
    team leader doesn't, and reading costs them no permission lookup."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = study_material(lib.index, title="井控要点", text="关井", required_for_all=True)
    for user in (lib.secretary_user, lib.author):
        client.force_login(user)
        assert "w-userbar" in client.get(page.url).content.decode()
    for user in (lib.leader_user,):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page.url).content.decode()
        assert "井控要点" in html and "w-userbar" not in html
        assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
    # the other branch's 宣传委员 gets the bar on their own library's page
    theirs = study_material(org2.index, title="外支部资料", text="安全", required_for_all=True)
    client.force_login(org2.author)
    assert "w-userbar" in client.get(theirs.url).content.decode()


def test_admin_home_study_work_is_kept_until_the_branch_study_work_changes(
    client, lib, org2, monkeypatch
):
    """The secretary's study work on the admin home is gathered again only after a change in
    their branch: a draft submitted or sent back shows on the next load; another branch's
    change costs them nothing."""
    from home import selectors

    gathered = []
    study_work_of = selectors.study_work_of

    def counting(branch, day):
        gathered.append(branch.pk)
        return study_work_of(branch, day)

    monkeypatch.setattr(selectors, "study_work_of", counting)

    def admin_home():
        gathered.clear()
        html = client.get("/admin/").content.decode()
        return html, len(gathered)

    client.force_login(lib.secretary_user)
    assert admin_home()[1] == 1
    html, reads = admin_home()
    assert "待审核的井控资料" not in html and reads == 0  # kept

    page = _draft(lib, "待审核的井控资料")
    state, task = _submit(page, lib.author)
    html, reads = admin_home()
    assert "待审核的井控资料" in html and reads == 1

    theirs = _draft(org2, "外支部待审核")
    _submit(theirs, org2.author)
    html, reads = admin_home()
    assert "外支部待审核" not in html
    assert reads == 0  # another branch's change

    task.on_action(state, lib.secretary_user, "reject", comment="请补充")
    html, reads = admin_home()
    assert reads == 1 and "待审核的井控资料" not in html  # sent back: no longer waiting
