"""What organisational life shows in home's registries (工作台 to-dos, 台账, 我的) and the
political-status owner it registers with branch. Each provider costs a fixed number of queries."""

import datetime

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def register_all() -> None:
    from django.utils.translation import gettext_lazy

    from branch import roles
    from home.registries import register_nav_item

    group = gettext_lazy("Organisational life")
    everyone = (roles.SECRETARY, roles.LEADER, roles.WORKER)
    secretary = (roles.SECRETARY,)
    register_nav_item(
        "partylife.meetings",
        gettext_lazy("Meetings"),
        "partylife:meeting_list",
        everyone,
        group,
        70,
    )
    register_nav_item(
        "partylife.compliance",
        gettext_lazy("Compliance"),
        "partylife:compliance",
        secretary,
        group,
        71,
    )
    register_nav_item(
        "partylife.development",
        gettext_lazy("Member development"),
        "partylife:development_list",
        secretary,
        group,
        72,
    )
    register_nav_item(
        "partylife.dues", gettext_lazy("Party dues"), "partylife:dues_sheet", secretary, group, 73
    )
    from branch.selectors import register_political_status_owner
    from home.panels import register_me_panel
    from home.registries import (
        register_ledger_section,
        register_team_board_panel,
        register_todos,
    )

    from .services.development import political_status_owner

    register_political_status_owner(political_status_owner)
    register_todos("partylife", todos, order=40, topics=["partylife"])
    register_ledger_section("partylife", _("Organisational life"), ledger_section, order=40)
    register_me_panel("partylife/me_panel.html", me_panel_context, order=40, topics=["partylife"])
    from .views.posts import team_board_context

    register_team_board_panel("partylife/team_board_posts.html", team_board_context, order=30)


def todos(user, day: datetime.date):
    """The secretary's lines: meetings due and missing, minutes missing, development steps
    due, dues unpaid this month."""
    from branch.models import Branch
    from home.registries import Todo, Urgency

    from . import compliance, services
    from .models import Development, DuesPayment, Meeting, Stage
    from .selectors import secretary_branch_ids

    for branch in Branch.objects.filter(pk__in=secretary_branch_ids(user)):
        report = compliance.branch_compliance(branch, day.year, day)
        url = reverse("partylife:compliance")
        yield Todo("partylife.meetings_missing", _("Required meetings missing this year"),
                   report.missing, url, Urgency.OVERDUE)  # fmt: skip
        yield Todo("partylife.meetings_due", _("Required meetings due this period"),
                   report.due, url, Urgency.THIS_WEEK)  # fmt: skip
        minutes = Meeting.objects.filter(
            branch=branch, held_on__lt=day, minutes="", locked_at__isnull=True
        ).count()
        yield Todo("partylife.minutes_missing", _("Meetings without minutes"), minutes,
                   reverse("partylife:meeting_list"), Urgency.OVERDUE)  # fmt: skip
        due_steps = 0
        for d in Development.objects.filter(
            branch=branch,
            stage__in=[Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY],
        ).prefetch_related("introducers"):
            step = services.next_step(d)
            if step and step.due_on and step.due_on <= day:
                due_steps += 1
        yield Todo("partylife.development_due", _("Member development steps due"), due_steps,
                   reverse("partylife:development_list"), Urgency.TODAY, waiting=due_steps)  # fmt: skip
        unpaid = DuesPayment.objects.filter(
            branch=branch, month=day.replace(day=1), paid_on__isnull=True
        ).count()
        yield Todo("partylife.dues_unpaid", _("Party dues unpaid this month"), unpaid,
                   reverse("partylife:dues_sheet"), Urgency.LATER, waiting=unpaid)  # fmt: skip


def ledger_section(branch, year: int):
    """The 台账's part: meetings held per kind, member development, dues by month (totals
    only: no individual amounts)."""
    from home.registries import LedgerSection, LedgerTable

    from .models import DevelopmentStep, DuesPayment, Meeting, MeetingKind

    meetings = Meeting.objects.filter(branch=branch, held_on__year=year)
    held = dict.fromkeys(MeetingKind.values, 0)
    for kind, second in meetings.values_list("kind", "also_counts_as"):
        held[kind] += 1
        if second:
            held[second] += 1
    steps = (
        DevelopmentStep.objects.filter(development__branch=branch, taken_on__year=year)
        .values("stage", "outcome")
        .annotate(n=Count("id"))
        .order_by("stage", "outcome")
    )
    dues = (
        DuesPayment.objects.filter(branch=branch, month__year=year)
        .values("month")
        .annotate(
            lines=Count("id"),
            paid=Count("id", filter=Q(paid_on__isnull=False)),
            total=Sum("amount", filter=Q(paid_on__isnull=False)),
        )
        .order_by("month")
    )
    from .models import DevelopmentStep as Step
    from .models import Stage

    return LedgerSection(
        title=_("Organisational life"),
        paragraphs=[_("%(n)s meetings and activities were recorded.") % {"n": meetings.count()}],
        tables=[
            LedgerTable(_("Meetings held per kind"), [_("Kind"), _("Held")],
                        [[label, held[k]] for k, label in MeetingKind.choices]),
            LedgerTable(_("Member development"), [_("Stage reached"), _("Outcome"), _("People")],
                        [[Stage(r["stage"]).label, Step.Outcome(r["outcome"]).label, r["n"]]
                         for r in steps]),
            LedgerTable(_("Party dues"), [_("Month"), _("Members"), _("Paid"), _("Total paid")],
                        [[f"{r['month']:%Y-%m}", r["lines"], r["paid"], r["total"] or 0]
                         for r in dues]),
        ],
    )  # fmt: skip


def me_panel_context(request):
    """我的: my coming and recent meetings, my dues of the last months."""
    from branch.selectors import employee_of

    from .models import Attendance, DuesPayment

    me = employee_of(request.user)
    if me is None:
        return None
    today = timezone.localdate()
    attendances = list(
        Attendance.objects.filter(
            employee=me, meeting__held_on__gte=today - datetime.timedelta(days=90)
        )
        .select_related("meeting")
        .order_by("-meeting__held_on")[:5]
    )
    dues = list(DuesPayment.objects.filter(employee=me).order_by("-month")[:6])
    if not attendances and not dues:
        return None
    return {"my_attendances": attendances, "my_dues": dues, "today": today}
