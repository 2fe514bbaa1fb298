"""The authorisation matrix: every URL of the site and the admin, for six personas, with the
status each one must get. URLs come from the resolver, so a URL added later without a row here
fails the test with a message saying which row to add.

Personas: anonymous, worker, leader of another team, leader, secretary of another branch,
secretary. Objects in the URLs come from two mirrored "worlds" (our branch and another branch);
every row with an object id runs twice: with our object (``expect``), and with the other branch's
object, where only the other branch's secretary may get what our secretary gets and everyone
else must be refused (403/404) - guessing ids does not leak.

To cover a new page:
- add a Row to ``ROWS`` (one line: name, params, expectations);
- if the page takes an object id, add the object to each world in ``OBJECT_MAKERS``
  (e.g. care's hardship cases: ``lambda w: w.update(hardship_case=HardshipCaseFactory(...))``)
  and name it in the row's ``params``: ``Row("care:hardship_detail", {"pk": "hardship_case"},
  SECRETARY_ONLY)``.
Wagtail's own admin URLs are checked by one rule (``WAGTAIL_ADMIN``), not one row each.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "worker", "leader_other", "leader", "secretary_other", "secretary"]
# The API and its device revocation are checked persona by persona in api/tests.
API_ROUTES = ("api/v1/", "devices/")
PROJECT_APPS = (
    "branch",
    "home",
    "care",
    "recognition",
    "training",
    "partylife",
    "selfmanagement",
)

# Status sets
LOGIN = {302}  # to the login page (checked)
OK = {200}
DENIED = {403, 404}
GONE = {405}  # wrong method for a GET


def expect(anonymous=LOGIN, worker=DENIED, leader_other=DENIED, leader=DENIED,
           secretary_other=DENIED, secretary=OK) -> dict[str, set[int]]:  # fmt: skip
    return {
        "anonymous": anonymous,
        "worker": worker,
        "leader_other": leader_other,
        "leader": leader,
        "secretary_other": secretary_other,
        "secretary": secretary,
    }


EVERYONE = expect(anonymous=OK, worker=OK, leader_other=OK, leader=OK, secretary_other=OK)
ANY_LOGGED_IN = expect(worker=OK, leader_other=OK, leader=OK, secretary_other=OK)
LEADERS_AND_SECRETARIES = expect(leader_other=OK, leader=OK, secretary_other=OK)
SECRETARY_ONLY = expect()  # our secretary; the other branch's secretary is refused
PUBLIC_REDIRECTS_LOGGED_IN = expect(
    anonymous=OK, worker={302}, leader_other={302}, leader={302}, secretary_other={302},
    secretary={302},
)  # fmt: skip
POST_ONLY = expect(worker=GONE, leader_other=GONE, leader=GONE, secretary_other=GONE,
                   secretary=GONE)  # fmt: skip
POST_ONLY_PUBLIC = dict.fromkeys(PERSONAS, GONE)
# Pages of one team: its leader and the branch's secretary (and the other leader is refused).
TEAM_LEADERS = expect(leader=OK)
# Pages of the branch for leaders: both our leaders (each sees their own team on it).
BRANCH_LEADERS = expect(leader=OK, leader_other=OK)
# Something shown to the whole branch about our team.
BRANCH_MEMBERS = expect(worker=OK, leader=OK, leader_other=OK)
# A secretary's page without an object: each secretary gets their own branch.
SECRETARIES = expect(secretary_other=OK)
# Something about our worker: the worker, their leader and the secretary.
OWN_TEAM = expect(worker=OK, leader=OK)
# Confidential hardship cases: the branch's secretaries and the handlers only, always 404.
CONFIDENTIAL = expect(worker={404}, leader_other={404}, leader={404}, secretary_other={404})
# The admin: people without admin access are sent away; the other branch's secretary gets
# their own branch's page.
NO_ADMIN = {302, 403}
ADMIN_SECRETARY = expect(worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN,
                         secretary_other=OK)  # fmt: skip
ADMIN_NO_SUCH = {**ADMIN_SECRETARY, "secretary_other": {302, 404}, "secretary": {302, 404}}
SETUP_KINDS = ["criteria", "periods", "award-levels", "settings"]


@dataclass
class Row:
    name: str  # "namespace:url_name" as reverse() knows it
    params: dict[str, str] = field(default_factory=dict)  # URL kwarg -> world object key
    expect: dict[str, set[int]] = field(default_factory=lambda: SECRETARY_ONLY)
    path: str | None = None  # for a URL matched by a regex: the concrete path to request


# Our snippet viewsets in the admin: model -> the world object its per-object pages open.
SNIPPETS = {
    "branch_employee": "worker",
    "branch_team": "team",
    "branch_branch": "branch",
    "home_studyrecord": "study_record",
    "home_studytopic": "study_topic_id",  # topics are shared by all branches
}
SNIPPET_LIST_VIEWS = ["list", "list_results", "add"]
SNIPPET_OBJECT_VIEWS = ["edit", "delete", "usage", "history", "history_results", "copy", "inspect"]
CHOOSER_LIST_VIEWS = ["choose", "choose_results", "chosen_multiple", "create"]
# Views the secretary has no permission for: Wagtail sends them back to the dashboard (302).
NOT_PERMITTED = {
    ("branch_employee", "delete"),  # people leave (离职), they are not deleted
    ("branch_team", "delete"),
    ("home_studytopic", "delete"),
    *(("branch_branch", v) for v in ["add", "edit", "delete", "usage", "history",
                                     "history_results", "copy", "create"]),
    # study records are made on the site, read-only in the admin
    *(("home_studyrecord", v) for v in ["add", "edit", "delete", "usage", "history",
                                        "history_results", "copy", "create"]),
}  # fmt: skip
SNIPPET_EXPECT: dict[tuple[str, str], dict[str, set[int]]] = {
    key: {**ADMIN_SECRETARY, "secretary_other": {302}, "secretary": {302}}
    if key[0] == "home_studytopic" or key[1] in {"add", "create"}
    else expect(worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN, secretary={302})
    for key in NOT_PERMITTED
}


def snippet_rows(app_model: str, obj: str) -> list[Row]:
    shared = obj.endswith("_id")
    own_object = ADMIN_SECRETARY if shared else expect(
        worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN)  # fmt: skip
    rows = []
    for view in SNIPPET_LIST_VIEWS:
        name = f"wagtailsnippets_{app_model}:{view}"
        rows.append(Row(name, expect=SNIPPET_EXPECT.get((app_model, view), ADMIN_SECRETARY)))
    for view in SNIPPET_OBJECT_VIEWS:
        name = f"wagtailsnippets_{app_model}:{view}"
        rows.append(Row(name, {"pk": obj}, SNIPPET_EXPECT.get((app_model, view), own_object)))
    for view in CHOOSER_LIST_VIEWS:
        name = f"wagtailsnippetchoosers_{app_model}:{view}"
        rows.append(Row(name, expect=SNIPPET_EXPECT.get((app_model, view), ADMIN_SECRETARY)))
    name = f"wagtailsnippetchoosers_{app_model}:chosen"
    rows.append(Row(name, {"pk": obj}, SNIPPET_EXPECT.get((app_model, "chosen"), own_object)))
    return rows


# Wagtail's admin views of one branch's objects. People without admin access are sent away;
# the other branch's secretary gets 404 (home.admin_scope), and each row runs again with the
# other branch's objects, where our secretary gets 404.
ADMIN_OWN = expect(worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN)
ADMIN_OWN_REDIRECT = {**ADMIN_OWN, "secretary": {302}}  # e.g. the only page type: to its form
ADMIN_OWN_GONE = {**ADMIN_OWN, "secretary": GONE}  # POST only for whoever may act
ADD_MATERIAL = {"content_type_app_name": "app_home", "content_type_model_name": "model_material",
                "parent_page_id": "study_index"}  # fmt: skip
WAGTAIL_OBJECT_ROWS = [
    Row("wagtailadmin_explore", {"parent_page_id": "study_index"}, ADMIN_OWN),
    Row("wagtailadmin_explore_results", {"parent_page_id": "study_index"}, ADMIN_OWN),
    Row("wagtailadmin_pages:add", ADD_MATERIAL, ADMIN_OWN),
    Row("wagtailadmin_pages:preview_on_add", ADD_MATERIAL, ADMIN_OWN),
    Row("wagtailadmin_pages:add_subpage", {"parent_page_id": "study_index"}, ADMIN_OWN_REDIRECT),
    *[
        Row(f"wagtailadmin_pages:{view}", {"page_id": "draft"}, ADMIN_OWN)
        for view in ["edit", "preview_on_edit", "view_draft", "usage", "delete", "copy",
                     "set_privacy", "history", "history_results", "workflow_history"]
    ],
    Row("wagtailadmin_pages:revisions_index", {"page_id": "material"}, ADMIN_OWN_REDIRECT),
    Row("wagtailadmin_pages:unpublish", {"page_id": "material"}, ADMIN_OWN),
    Row("wagtailadmin_pages:move", {"page_to_move_id": "material"}, ADMIN_OWN),
    Row("wagtailadmin_pages:revisions_view", {"page_id": "material", "revision_id": "revision"},
        ADMIN_OWN),
    Row("wagtailadmin_pages:revisions_revert", {"page_id": "material", "revision_id": "revision"},
        ADMIN_OWN),
    Row("wagtailadmin_choose_page_child", {"parent_page_id": "study_index"}, ADMIN_OWN),
    Row("wagtailadmin_api:pages:detail", {"pk": "draft"}, ADMIN_OWN),
    Row("wagtailadmin_api:images:detail", {"pk": "image"}, ADMIN_OWN),
    Row("wagtailadmin_api:documents:detail", {"pk": "document"}, ADMIN_OWN),
    *[
        Row(f"wagtailimages:{view}", {"image_id": "image"}, ADMIN_OWN)
        for view in ["edit", "delete", "url_generator", "image_usage"]
    ],
    Row("wagtailimages:preview", {"image_id": "image", "filter_spec": "original_filter"},
        ADMIN_OWN),
    Row("wagtailimages_chooser:select_format", {"image_id": "image"}, ADMIN_OWN),
    Row("wagtailimages_chooser:chosen", {"pk": "image"}, ADMIN_OWN),
    *[
        Row(f"wagtaildocs:{view}", {"document_id": "document"}, ADMIN_OWN)
        for view in ["edit", "delete", "document_usage"]
    ],
    Row("wagtaildocs_chooser:chosen", {"pk": "document"}, ADMIN_OWN),
    # The admin API's file listings are home's (only files in reach); their lookup without an
    # id finds nothing.
    *[Row(f"wagtailadmin_api:{kind}:listing", expect=ADMIN_SECRETARY)
      for kind in ("images", "documents")],
    *[Row(f"wagtailadmin_api:{kind}:find", expect={**ADMIN_SECRETARY, "secretary_other": {400, 404},
                                                   "secretary": {400, 404}})
      for kind in ("images", "documents")],
]  # fmt: skip

ROWS: list[Row] = [
    Row("healthz", expect=EVERYONE),
    Row("healthz_floor", expect=EVERYONE),  # the bench's floor: a bare view, no data
    Row("login", expect=PUBLIC_REDIRECTS_LOGGED_IN),
    Row("logout", expect=POST_ONLY_PUBLIC),
    # The admin's logout, by POST only: a GET changes nothing for anyone (branch.views).
    Row("wagtailadmin_logout", expect=POST_ONLY_PUBLIC),
    Row("password_change", expect=ANY_LOGGED_IN),
    Row("password_change_done", expect=ANY_LOGGED_IN),
    Row("people_list", expect=LEADERS_AND_SECRETARIES),
    Row("accounts_open", expect=SECRETARIES),
    Row("employee_account", {"pk": "worker"}),
    Row("employee_account", {"pk": "leader"}),
    Row("inbox", expect=ANY_LOGGED_IN),
    Row("inbox_mark_read", expect=POST_ONLY),
    # opening a message: only its recipient, who is sent on to its link
    Row("inbox_open", {"pk": "worker_notification"}, expect=expect(worker={302}, secretary=DENIED)),
    # Wagtail's front end: documents are public unless their collection is restricted.
    Row("wagtaildocs_serve", path="/documents/{document}/{document_filename}", expect=EVERYONE),
    Row(
        "wagtaildocs_authenticate_with_password",
        {"restriction_id": "missing_id"},
        expect={p: {404} for p in PERSONAS},
    ),
    Row(
        "wagtailcore_authenticate_with_password",
        {"page_view_restriction_id": "missing_id", "page_id": "missing_id"},
        expect={p: {404} for p in PERSONAS},
    ),
    # Wagtail's own login for private pages, throttled like every login (tests/test_login_throttling).
    Row("wagtailcore_login", expect=EVERYONE),
    Row(
        "wagtailimages_serve",
        {"signature": "bad_signature", "image_id": "missing_id", "filter_spec": "original_filter"},
        expect={**{p: {403, 404} for p in PERSONAS}, "anonymous": LOGIN},
    ),
    Row("wagtail_serve", path="/", expect={p: {200, 404} for p in PERSONAS}),
    # Uploaded media: members only, and no such file here.
    Row(
        "media",
        path="/media/no/such/file.png",
        expect=expect(
            worker={404}, leader_other={404}, leader={404}, secretary_other={404}, secretary={404}
        ),
    ),
    # The secretary's roster import and export in the admin.
    Row("roster_upload", expect=ADMIN_SECRETARY),
    # The secretary lifts a login lock of a person of their branch (another branch's: 404).
    Row(
        "employee_login_unlock",
        {"pk": "worker"},
        expect(worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN),
    ),
    Row("roster_template", expect=ADMIN_SECRETARY),
    Row("roster_preview", {"token": "bad_token"}, expect=ADMIN_NO_SUCH),
    Row(
        "roster_confirm",
        {"token": "bad_token"},
        expect={**ADMIN_SECRETARY, "secretary_other": GONE, "secretary": GONE},
    ),  # fmt: skip
    Row(
        "roster_export",
        {"branch_id": "branch"},
        expect=expect(worker=NO_ADMIN, leader_other=NO_ADMIN, leader=NO_ADMIN),
    ),
    # 我的 and study materials.
    Row("home:me", expect=ANY_LOGGED_IN),
    Row("home:ledger", expect=SECRETARIES),
    Row("home:ledger_docx", {"pk": "ledger_export"}),
    Row("home:ledger_pdf", {"pk": "ledger_export"}),
    # the former dashboard address sends everyone to the site home, their 工作台
    Row(
        "home:dashboard",
        expect=expect(
            worker={302}, leader_other={302}, leader={302}, secretary_other={302}, secretary={302}
        ),
    ),
    Row("home:workplace", expect=ANY_LOGGED_IN),
    Row("home:more", expect=ANY_LOGGED_IN),
    # the study list sends everyone to their branch's study index page
    Row(
        "home:study_list",
        expect=expect(
            worker={302}, leader_other={302}, leader={302}, secretary_other={302}, secretary={302}
        ),
    ),  # fmt: skip
    Row("home:study_search", expect=ANY_LOGGED_IN),
    Row("home:study_report", expect=SECRETARIES),
    Row("home:study_stragglers", expect=LEADERS_AND_SECRETARIES),
    Row("home:study_done", {"page_id": "material"}, expect=POST_ONLY),
    Row("home:study_attendance", {"page_id": "material"}, expect=BRANCH_LEADERS),
    Row("home:study_material_report", {"page_id": "material"}),
    # Care calendar. Hardship cases are confidential: the branch's secretaries and the case's
    # handlers, never leaders, never another branch's secretary, and 404 rather than 403.
    Row("care:index", expect=ANY_LOGGED_IN),
    Row("care:birthday_list", expect=LEADERS_AND_SECRETARIES),
    Row("care:greeting_list", expect=LEADERS_AND_SECRETARIES),
    Row("care:greeting_card", {"pk": "greeting"}, expect=OWN_TEAM),
    Row("care:greeting_pass_on", {"pk": "greeting"}, expect=POST_ONLY),
    Row("care:settings", expect=SECRETARIES),
    Row("care:campaign_list", expect=LEADERS_AND_SECRETARIES),
    Row("care:campaign_create", expect=SECRETARIES),
    Row("care:campaign_detail", {"pk": "campaign"}, expect=BRANCH_LEADERS),
    Row("care:campaign_edit", {"pk": "campaign"}),
    Row("care:campaign_report", {"pk": "campaign"}),
    Row("care:campaign_ledger", {"pk": "campaign"}),
    Row("care:case_list", expect=ANY_LOGGED_IN),
    Row("care:case_create", expect=SECRETARIES),
    Row("care:case_detail", {"pk": "hardship_case"}, expect=CONFIDENTIAL),
    Row(
        "care:case_attachment",
        {"pk": "hardship_case", "attachment_id": "attachment"},
        expect=CONFIDENTIAL,
    ),
    Row("care:question_list", expect=ANY_LOGGED_IN),
    Row("care:question_detail", {"pk": "question"}, expect=OWN_TEAM),
    Row("care:faq", expect=ANY_LOGGED_IN),
    Row("care:feed_manage", expect=ANY_LOGGED_IN),
    # Praise wall: the branch's members; approving is for leaders and the secretary.
    Row("care:praise_wall", expect=ANY_LOGGED_IN),
    Row("care:praise_new", expect=ANY_LOGGED_IN),
    Row("care:praise_review", expect=LEADERS_AND_SECRETARIES),
    Row("care:praise_feature", {"pk": "praise"}, expect=POST_ONLY),
    Row(
        "care:praise_photo",
        {"pk": "praise"},
        expect=expect(worker={404}, leader_other={404}, leader={404}, secretary={404}),
    ),  # no photo attached
    # Private talks: the worker who asked, the listener (their leader) and the secretary; 404
    # to anyone else. Family mediation: confidential like hardship cases.
    Row("care:talk_list", expect=ANY_LOGGED_IN),
    Row(
        "care:talk_detail",
        {"pk": "talk"},
        expect=expect(worker=OK, leader=OK, leader_other={404}, secretary_other={404}),
    ),
    Row("care:mediation_list", expect=ANY_LOGGED_IN),
    Row("care:mediation_create", expect=SECRETARIES),
    Row("care:mediation_detail", {"pk": "mediation"}, expect=CONFIDENTIAL),
    Row("care:feed", {"token": "bad_token"}, expect={p: {404} for p in PERSONAS}),
    # Star ratings, suggestions, awards, vision and commitments.
    Row("recognition:ratings_home", expect=ANY_LOGGED_IN),
    Row("recognition:my_ratings", expect=ANY_LOGGED_IN),
    Row(
        "recognition:rating_sheet", {"period_id": "period", "team_id": "team"}, expect=TEAM_LEADERS
    ),
    Row(
        "recognition:rating_approve_team",
        {"period_id": "period", "team_id": "team"},
        expect=POST_ONLY,
    ),
    Row("recognition:rating_return", {"pk": "rating"}, expect=POST_ONLY),
    # A committee member's list of the secretary's own ratings: empty for anyone else.
    Row("recognition:ratings_to_approve", expect=ANY_LOGGED_IN),
    Row("recognition:rating_approve", {"pk": "rating"}, expect=POST_ONLY),
    Row("recognition:star_wall", expect=ANY_LOGGED_IN),
    Row("recognition:team_star_wall", {"team_id": "team"}, expect=BRANCH_MEMBERS),
    Row("recognition:plaque", {"pk": "rating"}, expect=OWN_TEAM),
    # each person gets the plaques they may see: the worker their own, the leader their team's
    Row("recognition:plaques_batch", {"period_id": "period"}, expect=OWN_TEAM),
    Row("recognition:eligibility", expect=LEADERS_AND_SECRETARIES),
    Row("recognition:fairness", expect=SECRETARIES),
    Row("recognition:fairness_period", {"period_id": "period"}),
    Row("recognition:suggestion_list", expect=ANY_LOGGED_IN),
    Row("recognition:suggestion_new", expect=ANY_LOGGED_IN),
    Row("recognition:suggestion_board", expect=ANY_LOGGED_IN),
    Row("recognition:suggestion_detail", {"pk": "suggestion"}, expect=OWN_TEAM),
    Row(
        "recognition:suggestion_photo",
        {"pk": "suggestion"},
        expect=expect(worker={404}, leader={404}, secretary={404}),
    ),  # no photo attached
    Row("recognition:award_ledger", expect=SECRETARIES),
    Row("recognition:award_ledger_xlsx", expect=SECRETARIES),
    Row("recognition:vision_board", expect=ANY_LOGGED_IN),
    Row("recognition:vision_edit_branch", expect=SECRETARIES),
    Row("recognition:vision_edit_team", {"team_id": "team"}, expect=TEAM_LEADERS),
    Row("recognition:commitment_new", expect=LEADERS_AND_SECRETARIES),
    Row("recognition:commitment_check_in", {"pk": "commitment"}, expect=POST_ONLY),
    Row("recognition:incident_new", expect=SECRETARIES),
    Row("recognition:setup_home", expect=SECRETARIES),
    *[Row("recognition:setup", {"kind": f"kind_{k}"}, SECRETARIES) for k in SETUP_KINDS],
    Row("recognition:setup_edit", {"kind": "kind_criteria", "pk": "criterion"}),
    Row("recognition:setup_edit", {"kind": "kind_periods", "pk": "period"}),
    Row("recognition:setup_edit", {"kind": "kind_award-levels", "pk": "award_level"}),
    # Training: sessions of our team, exams, reports, the technical evaluation, contests.
    Row("training:index", expect=ANY_LOGGED_IN),
    Row("training:session_detail", {"pk": "drill"}, expect=OWN_TEAM),
    Row("training:exam_take", {"pk": "exam"}, expect=BRANCH_MEMBERS),
    Row("training:exam_paper_scores", {"pk": "exam"}, expect=BRANCH_LEADERS),
    Row("training:question_import", expect=SECRETARIES),
    Row("training:report", expect=LEADERS_AND_SECRETARIES),
    Row("training:evaluations", expect=SECRETARIES),
    Row("training:contest_detail", {"pk": "contest"}, expect=BRANCH_MEMBERS),
    Row("training:contest_manage", {"pk": "contest"}),
    Row("training:contest_create", expect=SECRETARIES),
    Row("training:exam_create", expect=SECRETARIES),
    Row("training:plans", expect=SECRETARIES),
    Row("training:plan_edit", {"pk": "plan"}),
    # Organisational life: meetings (the worker is expected at the meeting, the leaders are
    # not), compliance, member development and Party dues (no Party groups in these worlds).
    Row("partylife:meeting_list", expect=ANY_LOGGED_IN),
    Row("partylife:meeting_create", expect=SECRETARIES),
    Row("partylife:meeting_detail", {"pk": "meeting"}, expect=expect(worker=OK)),
    Row("partylife:meeting_edit", {"pk": "meeting"}),
    Row("partylife:meeting_attendance", {"pk": "meeting"}),
    Row("partylife:meeting_lock", {"pk": "meeting"}, expect=POST_ONLY),
    Row("partylife:meeting_unlock", {"pk": "meeting"}, expect=POST_ONLY),
    Row("partylife:meeting_file_upload", {"pk": "meeting"}, expect=POST_ONLY),
    Row(
        "partylife:meeting_file",
        {"pk": "meeting", "file_id": "meeting_file"},
        expect=expect(worker=OK),
    ),
    Row("partylife:compliance", expect=SECRETARIES),
    Row("partylife:requirements", expect=SECRETARIES),
    Row("partylife:development_list", expect=SECRETARIES),
    Row("partylife:development_detail", {"pk": "development"}),
    Row("partylife:dues_sheet", expect=SECRETARIES),
    Row("partylife:dues_year", expect=SECRETARIES),
    Row("partylife:dues_rates", expect=SECRETARIES),
    Row("partylife:post_list", expect=SECRETARIES),
    # Self-management: shift economics and team analyses of a leader's teams, the branch for the
    # secretary; the catalogue is read by leaders and kept by the secretary.
    Row("selfmanagement:economics", expect=LEADERS_AND_SECRETARIES),
    Row("selfmanagement:job_detail", {"pk": "shift_job"}, expect=TEAM_LEADERS),
    Row("selfmanagement:items", expect=LEADERS_AND_SECRETARIES),
    Row("selfmanagement:analysis_list", expect=LEADERS_AND_SECRETARIES),
    Row("selfmanagement:analysis_new", {"team_id": "team"}, expect=TEAM_LEADERS),
    # The secretary's snippets in the admin, scoped to the branch.
    *[row for app_model, obj in SNIPPETS.items() for row in snippet_rows(app_model, obj)],
    # Wagtail's admin on one branch's study library, drafts, revisions, images and documents
    # (home.rights): our secretary opens them, the other branch's secretary gets 404.
    *WAGTAIL_OBJECT_ROWS,
]

# The concrete path for URLs matched by a regular expression (Wagtail's), by pattern name.
REGEX_SAMPLES = {
    "wagtailadmin_pages:revisions_compare": "/admin/pages/{page}/revisions/compare/earliest...latest/",
    "admin-catch-all": "/admin/no-such-page/",
}


# Wagtail's internal admin: one rule. Anonymous → login, people without admin access → sent
# away, never 200; our secretary → a page, a redirect, or "no such object"; never a 500.
WAGTAIL_ADMIN = expect(
    anonymous={302, 404},
    worker={302, 403, 404},
    leader_other={302, 403, 404},
    leader={302, 403, 404},
    secretary_other={200, 302, 403, 404, 405},
    secretary={200, 302, 403, 404, 405},
)
WAGTAIL_ADMIN_PUBLIC = {
    # The admin's login page: logged-in administrators are sent on to the dashboard.
    "wagtailadmin_login": expect(anonymous=OK, worker=OK, leader_other=OK, leader=OK,
                                 secretary_other={302}, secretary={302}),
    "wagtailadmin_password_reset": {p: {200, 302, 404} for p in PERSONAS},
    # Static assets the login page itself needs: the icon sprite and the translation catalogue.
    "wagtailadmin_sprite": EVERYONE,
    "wagtailadmin_javascript_catalog": EVERYONE,
    # Wagtail's deliberate error page for testing error reporting.
    "wagtailadmin_error_test": {**WAGTAIL_ADMIN, "secretary_other": {500}, "secretary": {500}},
}  # fmt: skip


# Objects of one world (one branch). Append a maker for each new kind of object.
def _base_objects(world: dict) -> None:
    world["missing_id"] = 987654321
    world["bad_signature"] = "not-a-signature"
    world["original_filter"] = "original"
    world["app_home"] = "home"
    world["model_material"] = "studymaterialpage"


def _care_objects(world: dict) -> None:
    import datetime

    from django.core.files.base import ContentFile

    from care.factories import CampaignFactory, CaseFactory, QuestionFactory
    from care.models import CaseAttachment, Greeting

    worker, secretary_user = world["worker"], world["secretary_user"]
    world["bad_token"] = "no-such-token"
    world["greeting"] = Greeting.objects.create(
        employee=worker, year=2026, birthday=datetime.date(2026, 5, 1), age=30, message="生日快乐"
    )
    world["campaign"] = CampaignFactory(branch=world["branch"])
    case = CaseFactory(employee=worker, created_by=secretary_user)
    case.handlers.add(secretary_user)
    world["hardship_case"] = case
    world["attachment"] = CaseAttachment.objects.create(
        case=case,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="record.pdf"),
        original_name="病历.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=secretary_user,
    )
    world["question"] = QuestionFactory(employee=worker, asked_by=worker.user or secretary_user)
    _communication_objects(world)


def _communication_objects(world: dict) -> None:
    from django.utils import timezone

    from care.models import Mediation, Praise, TalkRequest

    worker, secretary_user, leader = world["worker"], world["secretary_user"], world["leader"]
    praise = Praise.objects.create(
        branch=world["branch"], text="雨夜抢修", posted_by=secretary_user, status="approved"
    )
    praise.people.add(worker)
    world["praise"] = praise
    world["talk"] = TalkRequest.objects.create(
        branch=world["branch"], employee=worker, requested_by=worker.user or secretary_user,
        with_whom="leader", listener=leader.user or secretary_user, topic="家事",
        confidential=True, acknowledge_by=timezone.now(),
    )  # fmt: skip
    world["mediation"] = Mediation.objects.create(
        branch=world["branch"], employee=worker, parties="夫妻", situation="矛盾",
        created_by=secretary_user,
    )  # fmt: skip


def _recognition_objects(world: dict) -> None:
    import datetime

    from recognition.factories import (
        AwardLevelFactory,
        RatingCriterionFactory,
        RatingPeriodFactory,
        SuggestionFactory,
    )
    from recognition.models import Commitment, StarRating

    branch, worker = world["branch"], world["worker"]
    for kind in SETUP_KINDS:
        world[f"kind_{kind}"] = kind
    world["period"] = period = RatingPeriodFactory(branch=branch)
    world["criterion"] = RatingCriterionFactory(branch=branch)
    world["award_level"] = AwardLevelFactory(branch=branch)
    world["rating"] = StarRating.objects.create(
        employee=worker, period=period, team=worker.team, status=StarRating.Status.APPROVED,
        overall="4.5",
    )  # fmt: skip
    world["suggestion"] = SuggestionFactory(employee=worker)
    world["commitment"] = Commitment.objects.create(
        employee=worker, role="当班安全员", promise="井控设备我负责",
        start_on=datetime.date(2026, 1, 1),
    )  # fmt: skip


def _home_objects(world: dict) -> None:
    from home.factories import study_index, study_material
    from home.models import StudyRecord, StudyTopic

    code = world["branch"].code
    world["study_index"] = index = study_index(world["branch"], slug=f"authz-study-{code}")
    world["material"] = material = study_material(
        index, title=f"学习资料{code}", slug=f"authz-m-{code}", teams=[world["team"]]
    )
    world["revision"] = material.latest_revision
    world["draft"] = study_material(
        index, title=f"草稿{code}", slug=f"authz-d-{code}", publish=False
    )
    _study_files(world)
    world["study_record"] = StudyRecord.objects.create(employee=world["worker"], page=material)
    world["study_topic_id"] = StudyTopic.objects.create(name=f"专题{code}").pk
    from branch.models import Notification

    world["worker_notification"] = Notification.objects.create(
        recipient=world["worker"].user, title=f"消息{code}", url="/me/"
    )
    world["ledger_export"] = _ledger_export(world["branch"])


def _study_files(world: dict) -> None:
    """An image and a document in the branch's own collection (home.rights)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from home.rights import branch_collection

    code = world["branch"].code
    collection = branch_collection(world["branch"])
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "red").save(buffer, "PNG")
    world["image"] = get_image_model().objects.create(
        title=f"图片{code}", collection=collection,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{code}.png"),
    )  # fmt: skip
    world["document"] = get_document_model().objects.create(
        title=f"文件{code}", collection=collection,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{code}.pdf"),
    )  # fmt: skip


def _ledger_export(branch):
    """A finished 台账 whose two files exist in private storage."""
    from home.ledger.services import ledger_root
    from home.models import LedgerExport

    folder = ledger_root() / str(branch.pk)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in ("docx", "pdf"):
        (folder / f"authz.{kind}").write_bytes(b"ledger")
        files[kind] = f"{branch.pk}/authz.{kind}"
    return LedgerExport.objects.create(branch=branch, year=2026, status="done", files=files)


def _training_objects(world: dict) -> None:
    import datetime

    from django.utils import timezone

    from training.factories import ExamFactory, PlanFactory, QuestionFactory, SessionFactory
    from training.models import Contest

    branch = world["branch"]
    plan = world["plan"] = PlanFactory(branch=branch)
    world["drill"] = SessionFactory(plan=plan, team=world["team"])
    world["exam"] = ExamFactory(branch=branch, questions=[QuestionFactory(branch=branch)])
    world["contest"] = Contest.objects.create(
        branch=branch, title="技能比武", held_on=datetime.date(2026, 6, 25),
        published_at=timezone.now(),
    )  # fmt: skip


def _partylife_objects(world: dict) -> None:
    import datetime

    from django.core.files.base import ContentFile

    from branch.models import Employee
    from partylife.models import Attendance, Development, Meeting, MeetingFile, Stage

    worker = world["worker"]
    host = Employee.objects.get(user=world["secretary_user"])
    world["meeting"] = meeting = Meeting.objects.create(
        branch=world["branch"], kind="assembly", title="支部党员大会",
        held_on=datetime.date(2026, 3, 10), host=host, minutes="记录",
    )  # fmt: skip
    Attendance.objects.create(meeting=meeting, employee=worker)
    item = MeetingFile(meeting=meeting, kind="attachment", original_name="签到表.pdf",
                       content_kind="pdf")  # fmt: skip
    item.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    world["meeting_file"] = item
    world["development"] = Development.objects.create(
        branch=world["branch"], employee=worker, stage=Stage.APPLICANT,
        applied_on=datetime.date(2026, 1, 5),
    )  # fmt: skip


def _selfmanagement_objects(world: dict) -> None:
    import datetime

    from selfmanagement.models import CostItem, ShiftJob

    item = CostItem.objects.create(branch=world["branch"], name="油管", category="tubing",
                                   unit="根", unit_cost="850.00")  # fmt: skip
    job = ShiftJob.objects.create(branch=world["branch"], team=world["team"],
                                  date=datetime.date(2026, 11, 1), job="检泵",
                                  recorded_by=world["secretary_user"])  # fmt: skip
    job.lines.create(item=item, unit_cost=item.unit_cost, planned_qty=2)
    world["shift_job"] = job


OBJECT_MAKERS: list[Callable[[dict], None]] = [
    _base_objects,
    _training_objects,
    _care_objects,
    _recognition_objects,
    _home_objects,
    _partylife_objects,
    _selfmanagement_objects,
]


@dataclass
class Endpoint:
    key: str  # qualified name, or the route when unnamed
    route: str
    parts: list  # pattern objects from the root
    callback: Callable

    @property
    def is_wagtail_internal(self) -> bool:
        module = getattr(self.callback, "__module__", "") or ""
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            module = view_class.__module__
        ours = module.split(".")[0] in PROJECT_APPS or any(
            f"/{app}/" in "/" + self.route for app in PROJECT_APPS
        )
        return self.route.startswith("admin/") and not ours


def endpoints() -> list[Endpoint]:
    found = []

    def walk(patterns, parts, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, [*parts, pattern.pattern], ns)
            elif isinstance(pattern, URLPattern):
                route = "".join(str(p) for p in [*parts, pattern.pattern])
                if pattern.name:
                    key = ":".join([*namespaces, pattern.name])
                elif route == "admin/^.*/$":
                    key = "admin-catch-all"
                else:
                    key = route
                found.append(Endpoint(key, route, [*parts, pattern.pattern], pattern.callback))

    walk(get_resolver().url_patterns, [], [])
    return found


def fill(endpoint: Endpoint, params: dict[str, str], world: dict) -> str:
    """A concrete path for ``endpoint`` with object ids from ``world``."""
    path = "/"
    for part in endpoint.parts:
        if isinstance(part, RegexPattern):
            path += regex_sample(part.regex.pattern, params, world)
            continue
        route = str(part)
        for name, converter in part.converters.items():
            if name in params:
                value = world[params[name]]
                value = getattr(value, "pk", value)
            elif type(converter).__name__ == "IntConverter" or name in {"pk", "id"}:
                value = world["missing_id"]
            elif type(converter).__name__ == "UUIDConverter":
                value = "00000000-0000-0000-0000-000000000001"
            else:
                value = "x"
            route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
        path += route
    return path


def regex_sample(regex: str, params: dict[str, str], world: dict) -> str:
    """A path matching a simple regex route: named groups get ids, escapes are undone.
    Anything cleverer (unnamed groups, wildcards) needs an entry in REGEX_SAMPLES."""
    body = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    out, i = "", 0
    while i < len(body):
        if body.startswith("(?P<", i):
            name = body[i + 4 : body.index(">", i)]
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(body[j], 0) if body[j - 1 : j] != "\\" else 0
                j += 1
                if depth == 0:
                    break
            value = world[params[name]] if name in params else world["missing_id"]
            out += str(getattr(value, "pk", value))
            i = j
        elif body[i] == "\\" and i + 1 < len(body):
            out += body[i + 1]
            i += 2
        elif body[i] in "()[]*+?|{}.":
            raise LookupError(regex)
        else:
            out += body[i]
            i += 1
    return out


def build_world(branch, team, other_team, secretary_user, leader, worker) -> dict:
    world = {
        "branch": branch,
        "team": team,
        "other_team": other_team,
        "secretary_user": secretary_user,
        "leader": leader,
        "worker": worker,
    }
    for make in OBJECT_MAKERS:
        make(world)
    return world


@pytest.fixture(autouse=True)
def media_on_disk(settings, tmp_path):
    """Documents are served from a real file system, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def worlds(org):
    ours = build_world(
        org.branch, org.team_a, org.team_b, org.secretary_user, org.leader, org.worker
    )
    other_branch = BranchFactory(code="other", name="外支部")
    other_team = TeamFactory(branch=other_branch, name="外支部一班")
    other_secretary = EmployeeFactory(team=other_team, staff_no="S900", name="外书记")
    other_leader = EmployeeFactory(team=other_team, staff_no="L900", name="外班长")
    other_worker = EmployeeFactory(team=other_team, staff_no="W900", name="外员工")
    make_account(other_worker)
    theirs = build_world(
        other_branch,
        other_team,
        TeamFactory(branch=other_branch, name="外支部二班"),
        make_account(other_secretary, role=roles.SECRETARY),
        other_leader,
        other_worker,
    )
    make_account(other_leader, role=roles.LEADER)
    return ours, theirs


def persona_users(org, worlds) -> dict:
    return {
        "anonymous": None,
        "worker": org.worker_user,
        "leader_other": org.leader_b_user,  # leads 修井二班, not the team the objects are in
        "leader": org.leader_user,
        "secretary_other": worlds[1]["secretary_user"],
        "secretary": org.secretary_user,
    }


def foreign(expectation: dict[str, set[int]]) -> dict[str, set[int]]:
    """Expectations for the other branch's object: their secretary gets what ours gets on our
    object; anyone of ours is refused; anonymous is unchanged."""
    return {
        "anonymous": expectation["anonymous"],
        # people without admin access are sent away from the admin before any lookup
        "worker": DENIED | (expectation["worker"] & (NO_ADMIN | GONE)),
        "leader_other": DENIED | (expectation["leader_other"] & (NO_ADMIN | GONE)),
        "leader": DENIED | (expectation["leader"] & (NO_ADMIN | GONE)),
        "secretary_other": expectation["secretary"],
        "secretary": DENIED | (expectation["secretary"] & GONE),
    }


def test_every_url_has_an_expectation_for_every_persona(client, org, worlds, wagtail_page, capsys):
    ours, theirs = worlds
    users = persona_users(org, worlds)
    rows_by_name: dict[str, list[Row]] = {}
    for row in ROWS:
        rows_by_name.setdefault(row.name, []).append(row)

    # Documents for the regex sample of the document URL.
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="公开资料", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="open.pdf")
    )
    samples = {"document": document.pk, "document_filename": document.filename,
               "page": wagtail_page.pk}  # fmt: skip

    checks: list[tuple[str, str, dict[str, set[int]]]] = []  # (label, path, expectation)
    missing: list[str] = []
    for endpoint in endpoints():
        if endpoint.route.startswith(API_ROUTES):
            continue  # the API's own matrix: api/tests (every persona of two branches, schemathesis)
        if endpoint.key in rows_by_name:
            for row in rows_by_name[endpoint.key]:
                if row.path is not None:
                    checks.append((endpoint.key, row.path.format(**samples), row.expect))
                    continue
                checks.append((endpoint.key, fill(endpoint, row.params, ours), row.expect))
                if any(
                    ours.get(k) is not None and hasattr(ours[k], "pk") for k in row.params.values()
                ):
                    checks.append(
                        (f"{endpoint.key} (other branch's id)", fill(endpoint, row.params, theirs),
                         foreign(row.expect))
                    )  # fmt: skip
        elif endpoint.is_wagtail_internal:
            expectation = WAGTAIL_ADMIN_PUBLIC.get(endpoint.key, WAGTAIL_ADMIN)
            if endpoint.key in REGEX_SAMPLES:
                path = REGEX_SAMPLES[endpoint.key].format(**samples)
            else:
                try:
                    path = fill(endpoint, {}, ours)
                except LookupError:
                    missing.append(f"{endpoint.key}: add its path to REGEX_SAMPLES")
                    continue
            checks.append((endpoint.key, path, expectation))
        else:
            missing.append(
                f"{endpoint.key} ({endpoint.route}): add a Row(...) to ROWS in "
                "tests/test_authz_matrix.py saying who may open it"
            )
    assert not missing, "URLs without an expected status:\n  " + "\n  ".join(missing)

    client.raise_request_exception = False  # a 500 is a status to report, not a crash
    failures = []
    for label, path, expectation in checks:
        assert resolve(path.split("?")[0]), path
        for persona in PERSONAS:
            user = users[persona]
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            response = client.get(path)
            status = response.status_code
            if status not in expectation[persona]:
                failures.append(f"{label} {path} as {persona}: got {status}, "
                                f"expected {sorted(expectation[persona])}")  # fmt: skip
            elif (
                persona == "anonymous"
                and status == 302
                and expectation[persona] == LOGIN
                and "login" not in response["Location"]
            ):
                failures.append(f"{label} {path} as anonymous: redirected to "
                                    f"{response['Location']}, not to a login page")  # fmt: skip
    with capsys.disabled():
        print(f"\n[authorisation matrix] {len(checks)} URLs × {len(PERSONAS)} personas = "
              f"{len(checks) * len(PERSONAS)} requests")  # fmt: skip
    assert not failures, f"{len(failures)} wrong statuses:\n  " + "\n  ".join(failures)


# Admin lists that show objects of several kinds: reports, choosers, the admin API's listings,
# the page search and the employee list with its team filter. Status by WAGTAIL_ADMIN; and
# nobody but our secretary finds anything of our branch in them.
ADMIN_LISTS = [
    "/admin/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/aging-pages/",
    "/admin/reports/aging-pages/results/",
    "/admin/reports/locked/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/page-types-usage/",
    "/admin/choose-page/",
    "/admin/choose-page/{home}/",
    "/admin/choose-page/search/?q={code}",
    "/admin/choose-page/chosen-multiple/?id={material}&id={draft}",
    "/admin/images/",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q={code}",
    "/admin/images/chooser/chosen-multiple/?id={image}",
    "/admin/documents/",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q={code}",
    "/admin/documents/chooser/chosen-multiple/?id={document}",
    "/admin/pages/{home}/",
    "/admin/pages/search/?q={code}",
    "/admin/pages/search/?q=学习资料",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/?descendant_of={home}&limit=100",
    "/admin/api/main/pages/?search={code}",
    "/admin/api/main/images/",
    "/admin/api/main/documents/",
    "/admin/snippets/branch/employee/",
    "/admin/snippets/choose/branch/team/",
]


def test_admin_lists_show_nothing_of_the_other_branch(client, org, worlds, capsys):
    from wagtail.log_actions import log

    ours, theirs = worlds
    users = persona_users(org, worlds)
    for world in worlds:  # something of each branch in the site history
        log(world["worker"], "wagtail.edit", user=world["secretary_user"])
        log(world["draft"], "wagtail.edit", user=world["secretary_user"])

    def markers(world):
        code = world["branch"].code
        return [f"学习资料{code}", f"草稿{code}", f"图片{code}", f"文件{code}",
                world["worker"].name, world["team"].name]  # fmt: skip

    values = {"home": ours["study_index"].get_parent().pk, "code": "zydd",
              "material": ours["material"].pk, "draft": ours["draft"].pk,
              "image": ours["image"].pk, "document": ours["document"].pk}  # fmt: skip
    client.raise_request_exception = False
    failures, seen = [], {"secretary": "", "secretary_other": ""}
    for template in ADMIN_LISTS:
        url = template.format(**values)
        for persona in PERSONAS:
            if users[persona] is None:
                client.logout()
            else:
                client.force_login(users[persona])
            response = client.get(url)
            body = response.content.decode(errors="ignore")
            if response.status_code not in WAGTAIL_ADMIN[persona] | {400}:
                failures.append(f"{url} as {persona}: got {response.status_code}")
            if persona in seen:
                seen[persona] += body
            if persona != "secretary":
                failures += [f"{url} as {persona} shows {m}" for m in markers(ours) if m in body]
            if persona != "secretary_other":
                failures += [f"{url} as {persona} shows {m}" for m in markers(theirs) if m in body]
    # The lists do show each secretary their own branch (so the checks above can fail).
    for persona, world in (("secretary", ours), ("secretary_other", theirs)):
        failures += [f"{persona} never sees {m}" for m in markers(world) if m not in seen[persona]]
    with capsys.disabled():
        print(f"\n[authorisation matrix, admin lists] {len(ADMIN_LISTS)} URLs × {len(PERSONAS)} "
              f"personas = {len(ADMIN_LISTS) * len(PERSONAS)} requests")  # fmt: skip
    assert not failures, f"{len(failures)} leaks or wrong statuses:\n  " + "\n  ".join(failures)


def test_public_pages_praise_only_and_never_list_a_low_score_or_stragglers(client, org, org2):
    """Praise in public, never blame in public: a worker of the branch sees who earned a star on
    the wall, never a low score, a ranking or a list of who has not done something; the other
    branch sees nothing of ours."""
    import datetime

    from django.urls import reverse

    from recognition.factories import RatingPeriodFactory
    from recognition.models import StarRating

    period = RatingPeriodFactory(
        branch=org.branch, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )
    high = StarRating.objects.create(employee=org.worker, period=period, team=org.team_a,
                                     status="approved", overall="4.8")  # fmt: skip
    low = StarRating.objects.create(employee=org.contract_worker, period=period, team=org.team_a,
                                    status="approved", overall="2.1")  # fmt: skip
    public = ["recognition:star_wall", "recognition:vision_board", "recognition:suggestion_board",
              "care:praise_wall", "home:me"]  # fmt: skip
    client.force_login(org.worker_b_user)
    for name in public:
        body = client.get(reverse(name)).content.decode()
        assert "李合同" not in body and "2.1" not in body, name
    assert "张正式" in client.get(reverse("recognition:star_wall")).content.decode()
    assert client.get(reverse("recognition:plaque", args=[low.pk])).status_code == 404
    # lists of who has not done something: the secretary only (and leaders for their own team)
    for name in ("home:study_report", "recognition:eligibility", "recognition:fairness"):
        assert client.get(reverse(name)).status_code in DENIED, name
    # the person, their leader and the secretary still see the low score where it belongs
    client.force_login(org.leader_user)
    sheet = client.get(reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk]))
    assert "2.1" in sheet.content.decode()
    client.force_login(org2.worker_user)
    body = client.get(reverse("recognition:star_wall")).content.decode()
    assert "张正式" not in body and high.employee.name not in body
