"""What self-management shows elsewhere: the savings to date on each team's vision board, open
team-analysis measures due as 工作台 to-dos, and a 台账 section of the year's totals."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from home.registries import LedgerSection, Todo, Urgency

from . import selectors
from .models import AnalysisMeasure, MeasureStatus, ShiftLine


def board_panel_context(team, request) -> dict | None:
    """Savings to date beside the safe days; nothing when the team has recorded no job."""
    if not ShiftLine.objects.filter(job__team=team, actual_qty__isnull=False).exists():
        return None
    return {
        "savings": selectors.savings_to_date(team),
        "open_measures": selectors.open_measures(team).count(),
    }


def measure_todos(user, day: datetime.date):
    due = list(
        AnalysisMeasure.objects.filter(
            analysis__team__in=selectors.teams_of(user),
            status=MeasureStatus.OPEN,
            due_on__lte=day + datetime.timedelta(days=7),
        ).values_list("due_on", flat=True)
    )
    if due:
        first = min(due)
        urgency = (
            Urgency.OVERDUE if first < day else Urgency.TODAY if first == day else Urgency.THIS_WEEK
        )
        yield Todo(
            key="selfmanagement.measures_due",
            label=_("Team analysis measures due"),
            count=len(due),
            url=reverse("selfmanagement:analysis_list"),
            urgency=urgency,
        )


def ledger(branch, year: int) -> LedgerSection | None:
    lines = ShiftLine.objects.filter(job__branch=branch, job__date__year=year).select_related("job")
    totals = selectors.Totals()
    for line in lines:
        totals.add(line)
    measures = AnalysisMeasure.objects.filter(analysis__branch=branch, analysis__held_on__year=year)
    return LedgerSection(
        title=_("Self-management"),
        paragraphs=[
            _(
                "Shift economics: planned %(planned)s yuan, actual %(actual)s yuan, saved "
                "%(saving)s yuan. Team analyses decided %(measures)d measures, %(done)d done."
            )
            % {
                "planned": totals.planned,
                "actual": totals.actual,
                "saving": totals.saving,
                "measures": measures.count(),
                "done": measures.filter(status=MeasureStatus.DONE).count(),
            }
        ],
    )


def register() -> None:
    from django.utils.translation import gettext_lazy

    from branch import roles
    from home.registries import register_nav_item

    group = gettext_lazy("Self-management")
    staff = (roles.SECRETARY, roles.LEADER)
    register_nav_item(
        "selfmanagement.economics",
        gettext_lazy("Shift economics"),
        "selfmanagement:economics",
        staff,
        group,
        80,
    )
    register_nav_item(
        "selfmanagement.analyses",
        gettext_lazy("Team analysis"),
        "selfmanagement:analysis_list",
        staff,
        group,
        81,
    )
    from home.registries import (
        register_ledger_section,
        register_team_board_panel,
        register_todos,
    )

    register_team_board_panel("selfmanagement/board_panel.html", board_panel_context, order=30)
    register_todos("selfmanagement.measures", measure_todos, order=50, topics=["selfmanagement"])
    register_ledger_section("selfmanagement", _lazy("Self-management"), ledger, order=50)
