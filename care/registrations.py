"""What care shows in ``home``: the praise featured on 我的 and the dashboard, 工作台 to-dos
(praise to approve, talks to acknowledge, mediation follow-ups due), 台账 sections (counts only,
never a confidential detail) and the per-person praise count. Registered from
``CareConfig.ready()``."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from branch import selectors as branch_selectors
from home.registries import LedgerSection, LedgerTable, Measure, Todo, Urgency, urgency_of

from . import selectors
from .models import Mediation, MediationStatus, Praise, PraiseStatus, TalkRequest, TalkStatus

FEATURED_COUNT = 3


def featured_praise_context(request) -> dict | None:
    """The praise the secretary featured, for the user's branch; hidden when there is none."""
    if not request.user.is_authenticated:
        return None
    from .services import praise_branch_of

    branch = praise_branch_of(request.user)
    if branch is None:
        return None
    praises = list(selectors.praise_wall(branch).filter(featured=True)[:FEATURED_COUNT])
    if not praises:
        return None
    return {"praises": praises}


def care_todos(user, day: datetime.date):
    """Praise to approve, talk requests to acknowledge, mediation follow-ups due this week."""
    if not user.is_authenticated:
        return
    pending = selectors.praises_to_review(user).count()
    if pending:
        yield Todo(
            key="care.praise_to_approve",
            label=_("Praise to approve"),
            count=pending,
            url=reverse("care:praise_review"),
            urgency=Urgency.THIS_WEEK,
        )
    branch_ids = branch_selectors.administered_branch_ids(user)
    talks = list(
        TalkRequest.objects.filter(status=TalkStatus.REQUESTED)
        .filter(Q(listener=user) | Q(branch_id__in=branch_ids, escalated_at__isnull=False))
        .values_list("acknowledge_by", flat=True)
    )
    if talks:
        first = min(timezone.localtime(t).date() for t in talks)
        yield Todo(
            key="care.talks_to_acknowledge",
            label=_("Talk requests to acknowledge"),
            count=len(talks),
            url=reverse("care:talk_list"),
            urgency=urgency_of(first, day),
            waiting=len(talks),
        )
    due = list(
        selectors.mediations_visible_to(user)
        .filter(status=MediationStatus.OPEN, follow_up_on__lte=day + datetime.timedelta(days=7))
        .values_list("follow_up_on", flat=True)
    )
    if due:
        yield Todo(
            key="care.mediation_follow_ups",
            label=_("Family mediation follow-ups due"),
            count=len(due),
            url=reverse("care:mediation_list"),
            urgency=urgency_of(min(due), day),
        )


def praise_ledger(branch, year: int) -> LedgerSection | None:
    """How much praise reached the wall in the year, per team: counts only."""
    from django.db.models import Count

    approved = Praise.objects.filter(
        branch=branch, status=PraiseStatus.APPROVED, created_at__year=year
    )
    total = approved.count()
    rows = (
        Praise.people.through.objects.filter(praise__in=approved)
        .values("employee__team__name")
        .annotate(n=Count("pk"))
        .order_by("employee__team__name")
    )
    return LedgerSection(
        title=_("Praise on the praise wall"),
        paragraphs=[_("%(n)d praise were approved for the praise wall.") % {"n": total}],
        tables=[
            LedgerTable(
                caption=_("People praised per team"),
                header=[_("Team"), _("Times praised")],
                rows=[[r["employee__team__name"] or "—", r["n"]] for r in rows],
            )
        ]
        if total
        else [],
    )


def talks_ledger(branch, year: int) -> LedgerSection | None:
    """Private talks held and family mediations recorded in the year: counts only."""
    held = TalkRequest.objects.filter(
        branch=branch, status=TalkStatus.HELD, held_on__year=year
    ).count()
    asked = TalkRequest.objects.filter(branch=branch, created_at__year=year).count()
    mediations = Mediation.objects.filter(branch=branch, created_at__year=year).count()
    return LedgerSection(
        title=_("Private talks and family mediation"),
        paragraphs=[
            _(
                "%(asked)d talks were asked for and %(held)d held; %(mediations)d family "
                "mediations were recorded. Their content is confidential and not part of the ledger."
            )
            % {"asked": asked, "held": held, "mediations": mediations}
        ],
    )


def praise_count_measure(employee_ids, day: datetime.date) -> dict[int, Measure]:
    counts = selectors.praise_counts(employee_ids, day)
    return {
        pk: Measure(
            text=_("%(n)d times") % {"n": n},
            value=n,
            detail=_("Praise on the wall in the last 12 months"),
        )
        for pk, n in counts.items()
    }


def register() -> None:
    from home.panels import register_dashboard_panel, register_me_panel
    from home.registries import (
        register_ledger_section,
        register_person_measure,
        register_todos,
    )

    care = ["care"]
    register_me_panel(
        "care/featured_praise_panel.html", featured_praise_context, order=15, topics=care
    )
    register_dashboard_panel(
        "care/featured_praise_panel.html", featured_praise_context, order=15, topics=care
    )
    register_todos("care.communication", care_todos, order=40, topics=care)
    register_ledger_section("care.praise", _lazy("Praise"), praise_ledger, order=40)
    register_ledger_section("care.talks", _lazy("Listening"), talks_ledger, order=41)
    register_person_measure("care.praise_count", _lazy("Praise"), praise_count_measure, order=30)
