"""Home's own lines on each role's 工作台 (study to-dos and the study completion chart) and the
site's own navigation entries. Registered from ``HomeConfig.ready()`` exactly as a feature app
registers its own."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch import roles
from branch import selectors as branch_selectors
from branch.models import Branch

from . import selectors
from .charts import bar_chart
from .panels import register_workplace_panel
from .registries import Todo, Urgency, register_nav_item, register_todos

ALL = (roles.SECRETARY, roles.LEADER, roles.WORKER)
STAFF = (roles.SECRETARY, roles.LEADER)

# Groups of the desktop menu and the 更多 page, in this order.
GROUP_DAILY = gettext_lazy("Daily work")
GROUP_STUDY = gettext_lazy("Study")
GROUP_CARE = gettext_lazy("Care")
GROUP_RECOGNITION = gettext_lazy("Stars and suggestions")
GROUP_BRANCH = gettext_lazy("Branch administration")
GROUP_ORDER = [GROUP_DAILY, GROUP_STUDY, GROUP_CARE, GROUP_RECOGNITION, GROUP_BRANCH]

# The ``branch.caching`` topic of study materials and records: what home's own 工作台 lines
# depend on, bumped by every change of a material, an index or a study record.
STUDY = "study"


def connect_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import WorkflowState
    from wagtail.signals import page_published, page_unpublished

    from branch import caching

    from .models import StudyIndexPage, StudyMaterialPage, StudyRecord
    from .workflows import StudyApproval

    caching.connect_invalidation(
        [StudyIndexPage, StudyMaterialPage, StudyRecord, StudyApproval], STUDY
    )

    def on_page_change(sender, instance, **kwargs):
        caching.bump_for(instance, STUDY)

    def on_workflow_state_change(sender, instance, raw=False, **kwargs):
        # A material submitted for approval, approved, sent back or withdrawn: the secretary's
        # list of drafts waiting for approval (the admin home) changes in its branch.
        if raw or instance.base_content_type_id != _page_content_type_id():
            return
        branch_ids = StudyMaterialPage.objects.filter(pk=instance.object_id).values_list(
            "branch_id", flat=True
        )
        caching.bump_many(branch_ids, STUDY)  # none for another kind of page

    for signal, receiver, sender in (
        (page_published, on_page_change, StudyMaterialPage),
        (page_unpublished, on_page_change, StudyMaterialPage),
        (post_save, on_workflow_state_change, WorkflowState),
        (post_delete, on_workflow_state_change, WorkflowState),
    ):
        signal.connect(
            receiver,
            sender=sender,
            weak=False,
            dispatch_uid=f"home.workplace.study_cache:{receiver.__name__}:{id(signal)}",
        )


def _page_content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page).pk


def study_todos(user, day: datetime.date):
    """Worker: materials still to study. Leader: team members behind on required materials."""
    role = branch_selectors.role_of(user)
    me = branch_selectors.employee_of(user)
    if me is not None and role == roles.WORKER:
        count = selectors.materials_to_study(me).count()
        yield Todo(
            "home.to_study",
            _("Materials to study"),
            count,
            reverse("home:me") + "#to-study",
            Urgency.THIS_WEEK,
            waiting=1,
        )
    if role == roles.LEADER:
        team_ids = branch_selectors.led_team_ids(user)
        count, first = selectors.team_stragglers(team_ids) if team_ids else (0, [])
        yield Todo(
            "home.study_stragglers",
            _("Team members behind on study"),
            count,
            reverse("home:study_list"),
            Urgency.LATER,
            waiting=count,
            note="、".join(p.name for p in first),
        )


CHART_MATERIALS = 6  # the newest materials on the chart; the full report is a link away


def _completion_chart(branch, team_ids=None):
    """Completion of the branch's newest materials (counted by the database, so the cost does
    not grow with the number of materials or people); materials required of nobody here are
    left out."""
    rows = [
        (page.title, round(100 * done / total))
        for page, done, total in selectors.completion_rates(
            branch, selectors.latest_materials(branch, CHART_MATERIALS), team_ids
        )
        if total
    ]
    return bar_chart(
        _("Study completion"),
        rows,
        max_value=100,
        unit="%",
        header=(_("Material"), _("Completion rate")),
        key="study",
    )


def secretary_study_panel(request):
    ids = branch_selectors.administered_branch_ids(request.user)
    branch = Branch.objects.filter(pk=ids[0]).first() if ids else None
    if branch is None:
        return None
    return {"chart": _completion_chart(branch), "more_url": reverse("home:study_report")}


def leader_study_panel(request):
    teams = list(branch_selectors.teams_led_by(request.user).select_related("branch"))
    if not teams:
        return None
    chart = _completion_chart(teams[0].branch, {t.pk for t in teams})
    return {"chart": chart, "more_url": reverse("home:study_list")}


def register() -> None:
    connect_invalidation()
    study = [STUDY]
    register_todos("home.study", study_todos, order=10, topics=study)
    register_workplace_panel(
        roles.SECRETARY, "home/chart_panel.html", secretary_study_panel, 10, topics=study
    )
    register_workplace_panel(
        roles.LEADER, "home/chart_panel.html", leader_study_panel, 10, topics=study
    )

    register_nav_item(
        "home.workplace", gettext_lazy("Workplace"), "/", ALL, GROUP_DAILY, 0, tab_roles=ALL
    )
    register_nav_item("home.me", gettext_lazy("Me"), "home:me", ALL, GROUP_DAILY, 5)
    register_nav_item("branch.inbox", gettext_lazy("Notification"), "inbox", ALL, GROUP_DAILY, 6)
    register_nav_item(
        "home.study", gettext_lazy("Study"), "home:study_list", ALL, GROUP_STUDY, 10, tab_roles=ALL
    )
    register_nav_item(
        "home.study_search",
        gettext_lazy("Search materials"),
        "home:study_search",
        ALL,
        GROUP_STUDY,
        11,
    )
    register_nav_item(
        "home.study_report",
        gettext_lazy("Study statistics"),
        "home:study_report",
        (roles.SECRETARY,),
        GROUP_STUDY,
        12,
    )
    register_nav_item(
        "branch.people", gettext_lazy("People list"), "people_list", STAFF, GROUP_BRANCH, 80
    )
    register_nav_item(
        "home.ledger",
        gettext_lazy("Yearly ledger"),
        "home:ledger",
        (roles.SECRETARY,),
        GROUP_BRANCH,
        85,
    )
    register_nav_item(
        "wagtail.admin",
        gettext_lazy("Site admin"),
        "wagtailadmin_home",
        (roles.SECRETARY,),
        GROUP_BRANCH,
        90,
        permission="wagtailadmin.access_admin",
    )
    register_nav_item(
        "branch.password", gettext_lazy("Change password"), "password_change", ALL, GROUP_BRANCH, 95
    )
