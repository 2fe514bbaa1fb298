"""The main journeys end to end in a real browser (issue 16), each at 375×812 and 1280×800,
against a live server, with a second branch beside the first whose people and records never
show. Every step asserts what the person sees and keeps a screenshot under
var/test-artifacts/journeys/<person>-<width>/.

- a worker logs in with 工号 (choosing the branch: the second branch has the same numbers),
  reads a material and marks it studied, submits a suggestion with a photo, and later sees the
  secretary's reply and the award;
- a leader rates the team and submits, records a welfare distribution, ticks a greeting as
  passed on;
- a secretary approves the ratings, answers the suggestion and grants an award, approves in the
  Wagtail admin a material the 宣传委员 submitted there, and downloads the 台账 from the 工作台.
"""

import datetime
import io
import zipfile

import pytest
from django.utils import timezone

from branch.factories import CommitteeMemberFactory, make_account
from branch.models import CommitteePost
from care.factories import CampaignFactory, CampaignItemFactory
from care.models import Distribution, Greeting
from care.services.daily import run_daily_care
from home.factories import study_index, study_material
from home.models import StudyIndexPage, StudyMaterialPage, StudyRecord
from recognition import services as recognition
from recognition.factories import RatingPeriodFactory
from recognition.models import Award, StarRating, Suggestion

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

SUGGESTION = "抽油机皮带张紧装置改进"


@pytest.fixture
def branches(site_home, org, org2, settings, tmp_path):
    """Both branches with a year's work in progress: a study library, an open rating period, a
    welfare campaign, today's birthday of a member without an account; the second branch has
    the same, named so that any leak shows."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"  # where the 台账 files are kept
    today = timezone.localdate()
    start, end = recognition.period_bounds("quarterly", today)
    for o, tag in ((org, ""), (org2, "外")):
        # A new branch gets its library from home.rights (branch_created, after commit).
        o.index = StudyIndexPage.objects.filter(branch=o.branch).first() or study_index(
            o.branch, slug=f"study-{o.branch.code}"
        )
        o.criteria = recognition.criteria_ensure_defaults(branch=o.branch)
        recognition.award_levels_ensure_defaults(branch=o.branch)
        o.period = RatingPeriodFactory(branch=o.branch, start=start, end=end)
        o.campaign = CampaignFactory(
            branch=o.branch,
            season="winter",
            occasion=f"{tag}{today.year}年冬季送温暖",
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=30),
        )
        o.item = CampaignItemFactory(campaign=o.campaign, name=f"{tag}棉手套", unit="副")
    org.oath = study_material(
        org.index, title="重温入党誓词", text="重温誓词，牢记初心。", required_for_all=True
    )
    org2.material = study_material(
        org2.index, title="外支部井下安全规程", text="外支部的资料。", required_for_all=True
    )
    # A birthday today for a member without an account in each branch: the leader passes it on.
    birthday = today.replace(year=1996)  # a leap year: 29 February too
    org.intern.birth_date = birthday
    org.intern.save(update_fields=["birth_date"])
    org2.worker.birth_date = birthday
    org2.worker.save(update_fields=["birth_date"])
    run_daily_care(today)
    # The second branch is busy too: a suggestion and submitted ratings.
    recognition.suggestion_submit(
        employee=org2.worker, kind="suggestion", title="外支部的建议", what="外", why="外",
        by=org2.worker_user,
    )  # fmt: skip
    recognition.rating_team_save(
        period=org2.period,
        team=org2.team,
        entries=[{"employee": org2.worker, "stars": {c.pk: 3 for c in org2.criteria},
                  "comment": "外"}],
        by=org2.leader_user,
        submit=True,
    )  # fmt: skip
    org.other = org2
    org.outsiders = (
        org2.secretary.name, org2.leader.name, org2.worker.name, org2.team.name,
        org2.branch.name, "外支部", "外棉手套",
    )  # fmt: skip
    return org


def _todos(page) -> dict[str, str]:
    """The 工作台's to-dos as shown: {key: the count on screen}."""
    return dict(
        page.eval_on_selector_all(
            "[data-testid=todo]",
            "els => els.map(e => [e.dataset.key, e.querySelector('[data-testid=todo-count]')"
            ".innerText])",
        )
    )


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "belt.jpg"
    Image.new("RGB", (320, 240), (180, 40, 40)).save(path, "JPEG")
    return path


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_worker_studies_suggests_and_sees_the_reply_and_award(
    branches, open_person, viewport, tmp_path
):
    org = branches
    worker = open_person(viewport, "worker")
    worker.outsiders = org.outsiders
    page = worker.page

    # Log in with 工号: W001 exists in both branches, so the branch is chosen.
    worker.goto("/accounts/login/")
    branches_offered = page.eval_on_selector_all(
        "select[name=branch] option", "options => options.map(o => o.innerText)"
    )
    assert org.branch.name in branches_offered  # the only place the other branch is named
    worker.shot("login")
    worker.login("W001", org.branch.name)
    worker.see("工作台", "待学习", "重温入党誓词", org.worker.name)
    worker.shot("workplace")

    # Read the material and mark it studied.
    page.click("main a:has-text('重温入党誓词')")
    page.wait_for_load_state()
    worker.see("重温入党誓词", "重温誓词，牢记初心。", "我已学习")
    worker.shot("material")
    page.click("main button:has-text('我已学习')")
    page.wait_for_load_state()
    worker.see("已记录：您学习了《重温入党誓词》。")
    assert page.locator("[data-testid=studied]").is_visible()
    assert StudyRecord.objects.filter(employee=org.worker, page=org.oath).count() == 1
    worker.shot("studied")
    worker.nav("home.workplace")
    assert "重温入党誓词" not in worker.see("工作台")  # no longer waiting to be studied

    # A suggestion with a photo.
    worker.nav("recognition.suggestions")
    page.click("main a[href$='/suggestions/new/']")
    page.wait_for_load_state()
    worker.see("照片")
    page.fill("input[name=title]", SUGGESTION)
    page.fill("textarea[name=what]", "加装张紧轮，皮带松了自动收紧。")
    page.fill("textarea[name=why]", "减少停机调皮带的时间。")
    page.set_input_files("input[name=photo]", str(_photo(tmp_path)))
    worker.shot("suggestion-form")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    worker.see(SUGGESTION, "已提交", "加装张紧轮", "尚未答复。")
    photo = page.locator("img.suggestion-photo")
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 320  # the photo shows
    worker.shot("suggestion-submitted")
    suggestion = Suggestion.objects.get(employee=org.worker)
    assert suggestion.title == SUGGESTION and suggestion.photo

    # Later: the secretary replies and grants an award (through the services).
    for status, text in (("accepted", "已受理，安排技术员评估。"), ("adopted", "采纳，下月推广。")):
        recognition.suggestion_respond(
            suggestion=suggestion, to_status=status, text=text, by=org.secretary_user
        )
    level = suggestion.branch.award_levels.order_by("order").first()
    recognition.award_grant(
        suggestion=suggestion, level=level, awarded_on=timezone.localdate(),
        by=org.secretary_user,
    )  # fmt: skip
    worker.goto("/")
    assert int(page.inner_text("[data-testid=unread-count]")) >= 3  # two replies, one award
    worker.nav("recognition.suggestions")
    page.click(f"main a:has-text('{SUGGESTION}')")
    page.wait_for_load_state()
    shown = worker.see("采纳", "已受理，安排技术员评估。", "采纳，下月推广。", f"获{level.name}")
    assert "尚未答复" not in shown
    worker.shot("reply-and-award")
    assert not worker.errors, worker.errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_leader_rates_the_team_records_welfare_and_passes_on_a_greeting(
    branches, open_person, viewport
):
    org = branches
    leader = open_person(viewport, "leader")
    leader.outsiders = org.outsiders
    page = leader.page
    leader.login("L001", org.branch.name)
    leader.see("工作台", org.team_a.name)
    todos = _todos(page)
    assert todos["care.greetings_to_pass_on"] == "1", todos  # the intern's, not the other branch's
    assert "recognition.members_to_rate" in todos, todos
    leader.shot("workplace")

    # Rate the team: four stars on every criterion of everyone the leader may rate.
    leader.nav("recognition.ratings")
    page.click(f"main a[href$='/team/{org.team_a.pk}/']")
    page.wait_for_load_state()
    leader.see(org.team_a.name, org.worker.name, org.contract_worker.name, org.intern.name)
    rows = page.locator("section[data-testid=member-row]:has(fieldset.star-field)")
    rated = rows.count()
    assert rated >= 3
    for i in range(rated):
        for field in rows.nth(i).locator("fieldset.star-field").all():
            field.locator("label[title='4']").click()
    leader.shot("rating-sheet")
    page.click("main button[name=submit]")
    page.wait_for_load_state()
    leader.see("待审批")
    submitted = StarRating.objects.filter(
        period=org.period, team=org.team_a, status=StarRating.Status.SUBMITTED
    )
    assert submitted.count() == rated
    assert {r.overall for r in submitted} == {4}
    leader.shot("ratings-submitted")

    # Record a welfare distribution: 张正式 received his gloves.
    leader.nav("care.campaigns")
    page.click(f"main a:has-text('{org.campaign.occasion}')")
    page.wait_for_load_state()
    leader.see(org.campaign.occasion, org.worker.name)
    row = page.locator("[data-testid=checklist-row]", has_text=org.worker.name)
    row.locator("button.chip", has_text="棉手套").click()
    page.wait_for_load_state()
    row = page.locator("[data-testid=checklist-row]", has_text=org.worker.name)
    assert "✓ 棉手套 1副" in row.inner_text()
    assert Distribution.objects.filter(campaign=org.campaign, employee=org.worker).count() == 1
    leader.shot("distribution")

    # Today's greeting for the intern, who has no account: the leader passes it on.
    leader.nav("care.greetings")
    greeting = page.locator("[data-testid=greeting]", has_text=org.intern.name)
    assert "尚未转达" in greeting.inner_text()
    leader.see(org.intern.name)
    leader.shot("greetings")
    greeting.locator("a").first.click()
    page.wait_for_load_state()
    page.click("[data-testid=pass-on]")
    page.wait_for_load_state()
    leader.see("已记录：祝福已转达。")
    assert page.locator("[data-testid=passed-on]").is_visible()
    assert Greeting.objects.get(employee=org.intern).passed_on_by == org.leader_user
    leader.shot("passed-on")
    leader.nav("care.greetings")
    greeting = page.locator("[data-testid=greeting]", has_text=org.intern.name)
    assert "转达了" in greeting.inner_text() and "尚未转达" not in greeting.inner_text()
    leader.nav("home.workplace")
    todos = _todos(page)
    assert "care.greetings_to_pass_on" not in todos and "recognition.members_to_rate" not in todos
    assert not leader.errors, leader.errors


def _author(org):
    """The branch's 宣传委员, with an account: holding the post puts them in the branch's
    authors' group, with page rights on its study library (home.rights)."""
    user = make_account(org.contract_worker)
    CommitteeMemberFactory(employee=org.contract_worker, post=CommitteePost.PUBLICITY)
    assert user.groups.filter(name=f"{org.branch.code} 宣传委员").exists()
    return user


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_secretary_approves_answers_rewards_publishes_and_downloads_the_ledger(
    branches, open_person, viewport
):
    org = branches
    # The week's work waiting for the secretary: the leader's ratings, a worker's suggestion, and
    # a material the 宣传委员 submitted for approval.
    recognition.rating_team_save(
        period=org.period,
        team=org.team_a,
        entries=[{"employee": p, "stars": {c.pk: 4 for c in org.criteria}, "comment": "好"}
                 for p in (org.worker, org.contract_worker, org.intern)],
        by=org.leader_user,
        submit=True,
    )  # fmt: skip
    suggestion = recognition.suggestion_submit(
        employee=org.worker, kind="suggestion", title=SUGGESTION, what="加装张紧轮。",
        why="减少停机。", by=org.worker_user,
    )  # fmt: skip
    _author(org)
    draft = study_material(
        org.index, title="冬季井控演练通知", text="周五开展井控演练。", publish=False
    )

    # The 宣传委员 (W002, an account of this branch only) submits the draft in the admin.
    author = open_person(viewport, "author")
    author.outsiders = org.outsiders
    author.login("W002", org.branch.name)
    author.goto(f"/admin/pages/{draft.pk}/edit/")
    submit = author.page.locator("button[name=action-submit]")
    if not submit.is_visible():  # in the footer's menu, behind its toggle
        author.page.locator(
            ".w-dropdown:has(button[name=action-submit]) .w-dropdown__toggle"
        ).click()
    submit.click()
    author.page.wait_for_load_state()
    author.see("冬季井控演练通知", "审核中", where="body")  # the library lists it as in review
    author.shot("submitted-for-approval", fits=False)
    draft = StudyMaterialPage.objects.get(pk=draft.pk)
    assert draft.workflow_in_progress and not draft.live
    assert draft.current_workflow_state.requested_by == org.contract_worker.user

    secretary = open_person(viewport, "secretary")
    secretary.outsiders = org.outsiders
    page = secretary.page
    secretary.login("S001", org.branch.name)
    secretary.see("工作台", org.branch.name)
    todos = _todos(page)
    assert todos["recognition.ratings_to_approve"] == "3", todos
    assert todos["recognition.suggestions_to_answer"] == "1", todos  # not the other branch's
    secretary.shot("workplace")

    # Approve the team's ratings.
    secretary.nav("recognition.ratings")
    page.click(f"main a[href$='/team/{org.team_a.pk}/']")
    page.wait_for_load_state()
    secretary.see(org.worker.name, "待审批")
    secretary.shot("ratings-to-approve")
    page.click("main button:has-text('全部批准')")
    page.wait_for_load_state()
    secretary.see("已批准")
    assert set(StarRating.objects.filter(period=org.period).values_list("status", flat=True)) == {
        "approved"
    }
    assert StarRating.objects.get(employee=org.other.worker).status == "submitted"  # not theirs
    secretary.shot("ratings-approved")
    secretary.nav("home.workplace")
    assert page.locator("[data-key='recognition.ratings_to_approve']").count() == 0

    # Answer the suggestion (accept, then adopt) and grant an award.
    secretary.nav("recognition.suggestions")
    page.click(f"main a:has-text('{SUGGESTION}')")
    page.wait_for_load_state()
    secretary.see(SUGGESTION, "尚未答复。")
    for status, text in (("accepted", "已受理，安排技术员评估。"), ("adopted", "采纳，下月推广。")):
        page.select_option("select[name=to_status]", status)
        page.fill("textarea[name=text]", text)
        page.click("main button:has-text('答复')")
        page.wait_for_load_state()
        secretary.see(text)
    secretary.shot("suggestion-answered")
    page.select_option("select[name=level]", index=1)
    page.click("main button:has-text('颁奖')")
    page.wait_for_load_state()
    award = Award.objects.get(suggestion=suggestion)
    assert award.awarded_by == org.secretary_user and award.awarded_on == timezone.localdate()
    secretary.see("已颁发建议奖。", f"获{award.level.name}，奖金 {award.amount} 元")
    secretary.shot("award-granted")

    # Approve the submitted material in the Wagtail admin: it is published for the branch.
    page.goto(f"{secretary.base}/admin/")
    page.wait_for_load_state()
    secretary.see("冬季井控演练通知", where="body")
    secretary.shot("admin-awaiting-review", fits=False)
    row = page.locator("tr:has([data-workflow-action-url])", has_text="冬季井控演练通知")
    row.locator(".w-dropdown__toggle").click()  # the row's 操作 menu
    with page.expect_navigation():  # Wagtail posts the action and reloads the dashboard
        row.locator("button:has-text('审核通过并发布')").click()
    page.wait_for_load_state()
    assert (
        page.locator("tr:has([data-workflow-action-url])", has_text="冬季井控演练通知").count() == 0
    )
    draft = StudyMaterialPage.objects.get(pk=draft.pk)
    assert draft.live
    secretary.goto("/")  # back from the admin to the 工作台
    secretary.nav("home.study")
    secretary.see("冬季井控演练通知", "重温入党誓词")
    secretary.shot("material-published")

    # From the 工作台 to the 台账: build the year's ledger and download it.
    secretary.nav("home.workplace")
    page.click("[data-testid=ledger-link]")
    page.wait_for_load_state()
    secretary.see("年度台账", "生成台账")
    page.click("main button:has-text('生成台账')")
    page.wait_for_load_state()
    secretary.see("下载 Word（.docx）")
    secretary.shot("ledger-built")
    with page.expect_download() as info:
        page.click("main a:has-text('下载 Word（.docx）')")
    download = info.value
    saved = secretary.folder / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data[:2] == b"PK" and len(data) > 5_000
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert org.branch.name in document and SUGGESTION in document
    assert all(outsider not in document for outsider in org.outsiders)
    assert not secretary.errors, secretary.errors
