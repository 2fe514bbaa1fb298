"""Care's lines on each role's 工作台 and its navigation entries, registered from
``CareConfig.ready()``: questions and hardship follow-ups due, birthdays today and this week
(lunar ones marked 农历), open welfare campaigns and their coverage."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch import roles
from branch import selectors as branch_selectors
from home.charts import bar_chart
from home.panels import register_workplace_panel
from home.registries import Todo, Urgency, register_nav_item, register_todos, urgency_of

from . import selectors
from .models import CaseStatus, Greeting, HardshipCase, Question, WelfareCampaign

GROUP = gettext_lazy("Care")
ALL = (roles.SECRETARY, roles.LEADER, roles.WORKER)
STAFF = (roles.SECRETARY, roles.LEADER)


def _birthday_todo(user, day):
    rows = selectors.upcoming_birthdays(user, day, day + datetime.timedelta(days=6))
    if not rows:
        return None
    names = []
    for row in rows[:6]:
        when = _("today") if row.date == day else row.date.strftime("%m-%d")
        lunar = f" {_('lunar')}" if row.lunar else ""
        names.append(f"{row.employee.name}({when}{lunar})")
    return Todo(
        "care.birthdays",
        _("Birthdays this week"),
        len(rows),
        reverse("care:birthday_list"),
        Urgency.TODAY if rows[0].date == day else Urgency.THIS_WEEK,
        waiting=len(rows),
        note="、".join(names),
    )


def _greetings_todo(user, role, day):
    """Leader: greetings of members without an account still to pass on (the last 30 days).
    Secretary: greetings never passed on, three days or more after the birthday."""
    unreachable = Q(employee__user__isnull=True) | Q(employee__user__is_active=False)
    greetings = Greeting.objects.filter(
        unreachable,
        employee__in=branch_selectors.employees_visible_to(user).values("pk"),
        passed_on_at__isnull=True,
        birthday__lte=day,
    )
    if role == roles.LEADER:
        greetings = greetings.filter(birthday__gte=day - datetime.timedelta(days=30))
        stats = greetings.aggregate(n=Count("pk"), first=Min("birthday"))
        return Todo(
            "care.greetings_to_pass_on",
            _("Greetings to pass on"),
            stats["n"],
            reverse("care:greeting_list"),
            Urgency.TODAY,
            waiting=stats["n"],
        )
    stats = greetings.filter(birthday__lte=day - datetime.timedelta(days=3)).aggregate(
        n=Count("pk")
    )
    return Todo(
        "care.greetings_not_passed_on",
        _("Greetings never passed on"),
        stats["n"],
        reverse("care:greeting_list"),
        Urgency.OVERDUE,
        waiting=stats["n"],
    )


def _open_campaigns(branch_ids, day):
    return list(
        WelfareCampaign.objects.filter(
            branch_id__in=branch_ids, starts_on__lte=day, ends_on__gte=day
        )
        .prefetch_related("teams")
        .order_by("ends_on", "pk")[:5]
    )


def care_todos(user, day: datetime.date):
    role = branch_selectors.role_of(user)
    if role not in (roles.SECRETARY, roles.LEADER):
        return
    birthdays = _birthday_todo(user, day)
    if birthdays:
        yield birthdays
    yield _greetings_todo(user, role, day)
    if role == roles.SECRETARY:
        branch_ids = branch_selectors.administered_branch_ids(user)
        questions = Question.objects.filter(
            branch_id__in=branch_ids, answered_at__isnull=True
        ).aggregate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=day)),
            first=Min("due_on"),
            people=Count("employee", distinct=True),
        )
        yield Todo(
            "care.questions_due",
            _("Questions to answer"),
            questions["n"],
            reverse("care:question_list"),
            urgency_of(questions["first"], day),
            waiting=questions["people"],
            note=_("%(n)d overdue") % {"n": questions["overdue"]} if questions["overdue"] else "",
        )
        cases = HardshipCase.objects.filter(
            branch_id__in=branch_ids,
            status__in=[CaseStatus.REGISTERED, CaseStatus.FOLLOWING],
            follow_up_on__lte=day + datetime.timedelta(days=6),
        ).aggregate(n=Count("pk"), first=Min("follow_up_on"))
        yield Todo(
            "care.followups_due",
            _("Hardship follow-ups due"),
            cases["n"],
            reverse("care:case_list"),
            urgency_of(cases["first"], day),
            waiting=cases["n"],
        )
        for campaign in _open_campaigns(branch_ids, day):
            total, covered = selectors.campaign_totals(campaign)
            missing = total - covered
            yield Todo(
                f"care.campaign.{campaign.pk}",
                _("%(campaign)s: not yet received") % {"campaign": campaign},
                missing,
                reverse("care:campaign_detail", args=[campaign.pk]),
                urgency_of(campaign.ends_on, day),
                waiting=missing,
                note=_("Coverage %(covered)d of %(total)d") % {"covered": covered, "total": total},
            )
    else:
        teams = list(branch_selectors.teams_led_by(user))
        branch_ids = {t.branch_id for t in teams}
        for campaign in _open_campaigns(branch_ids, day):
            rows = selectors.campaign_checklist(campaign, user)
            missing = sum(1 for r in rows if r["none"])
            yield Todo(
                f"care.campaign.{campaign.pk}",
                _("%(campaign)s: distributions to record") % {"campaign": campaign},
                missing,
                reverse("care:campaign_detail", args=[campaign.pk]),
                urgency_of(campaign.ends_on, day),
                waiting=missing,
            )


def secretary_panel(request):
    branch = branch_selectors.branches_administered_by(request.user).order_by("pk").first()
    if branch is None:
        return None
    campaigns = list(
        WelfareCampaign.objects.filter(branch=branch)
        .prefetch_related("teams")
        .order_by("-starts_on", "-pk")[:4]
    )
    rows = []
    for campaign in campaigns:
        total, covered = selectors.campaign_totals(campaign)
        if total:
            rows.append((str(campaign), round(100 * covered / total)))
    chart = bar_chart(
        _("Welfare coverage"),
        rows,
        max_value=100,
        unit="%",
        header=(_("Campaign"), _("Coverage")),
        key="welfare",
    )
    return {"chart": chart, "more_url": reverse("care:campaign_list")}


def register() -> None:
    register_todos("care", care_todos, order=30, topics=["care"])
    register_workplace_panel(
        roles.SECRETARY, "care/workplace_panel.html", secretary_panel, order=40, topics=["care"]
    )

    register_nav_item(
        "care.index", gettext_lazy("Care"), "care:index", ALL, GROUP, 20, tab_roles=ALL
    )
    register_nav_item(
        "care.birthdays", gettext_lazy("Birthdays"), "care:birthday_list", STAFF, GROUP, 21
    )
    register_nav_item(
        "care.greetings", gettext_lazy("Greetings"), "care:greeting_list", STAFF, GROUP, 22
    )
    register_nav_item(
        "care.campaigns",
        gettext_lazy("Welfare distribution"),
        "care:campaign_list",
        STAFF,
        GROUP,
        23,
    )
    register_nav_item(
        "care.cases", gettext_lazy("Hardship help"), "care:case_list", (roles.SECRETARY,), GROUP, 24
    )
    register_nav_item(
        "care.questions",
        gettext_lazy("Questions and answers"),
        "care:question_list",
        ALL,
        GROUP,
        25,
    )
    register_nav_item("care.faq", gettext_lazy("Frequently asked"), "care:faq", ALL, GROUP, 26)
    register_nav_item(
        "care.praise", gettext_lazy("Praise wall"), "care:praise_wall", ALL, GROUP, 28
    )
    register_nav_item("care.talks", gettext_lazy("Private talks"), "care:talk_list", ALL, GROUP, 29)
    register_nav_item(
        "care.mediations",
        gettext_lazy("Family mediation"),
        "care:mediation_list",
        (roles.SECRETARY,),
        GROUP,
        30,
    )
    register_nav_item(
        "care.settings",
        gettext_lazy("Care settings"),
        "care:settings",
        (roles.SECRETARY,),
        GROUP,
        27,
    )
