"""Recognition's lines on each role's 工作台 and its navigation entries, registered from
``RecognitionConfig.ready()``: ratings to approve and suggestions to answer (secretary), members
to rate and pledges to check (leader); star distribution, suggestions per month and safe days."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch import roles
from branch import selectors as branch_selectors
from branch.models import Employee
from home.charts import bar_chart, stacked_bar_chart
from home.panels import register_workplace_panel
from home.registries import Todo, Urgency, register_nav_item, register_todos, urgency_of

from . import selectors
from .models import Commitment, RatingPeriod, StarRating, Suggestion, SuggestionStatus

GROUP = gettext_lazy("Stars and suggestions")
ALL = (roles.SECRETARY, roles.LEADER, roles.WORKER)
STAFF = (roles.SECRETARY, roles.LEADER)


def _unanswered_todo(user, day, key, label):
    """Suggestions without a first reply in ``user``'s scope, overdue ones counted apart."""
    now = timezone.now()
    waiting = selectors.suggestions_visible_to(user).filter(first_response_at__isnull=True)
    stats = waiting.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(response_deadline__lt=now)),
        people=Count("employee", distinct=True),
    )
    first_due = waiting.order_by("response_deadline").values_list("response_deadline", flat=True)
    first = first_due.first()
    urgency = urgency_of(timezone.localtime(first).date() if first else None, day)
    note = ""
    if stats["overdue"]:
        note = _("%(n)d overdue") % {"n": stats["overdue"]}
    return Todo(
        key,
        label,
        stats["total"],
        reverse("recognition:suggestion_list"),
        urgency,
        waiting=stats["people"],
        note=note,
    )


def recognition_todos(user, day: datetime.date):
    role = branch_selectors.role_of(user)
    if role == roles.SECRETARY:
        branch_ids = selectors.branch_ids_of(user)
        submitted = StarRating.objects.filter(
            period__branch_id__in=branch_ids, status=StarRating.Status.SUBMITTED
        ).aggregate(n=Count("pk"))
        period_end = (
            RatingPeriod.objects.filter(
                branch_id__in=branch_ids, ratings__status=StarRating.Status.SUBMITTED
            )
            .order_by("end")
            .values_list("end", flat=True)
            .first()
        )
        yield Todo(
            "recognition.ratings_to_approve",
            _("Star ratings awaiting approval"),
            submitted["n"],
            reverse("recognition:ratings_home"),
            urgency_of(period_end, day) if period_end else Urgency.THIS_WEEK,
            waiting=submitted["n"],
        )
        yield _unanswered_todo(
            user, day, "recognition.suggestions_to_answer", _("Suggestions awaiting a reply")
        )
    elif role == roles.LEADER:
        team_ids = selectors.team_ids_led_by(user)
        yield _unanswered_todo(
            user, day, "recognition.team_suggestions", _("Team suggestions awaiting a reply")
        )
        open_periods = list(
            RatingPeriod.objects.filter(
                branch__teams__pk__in=team_ids,
                status=RatingPeriod.Status.OPEN,
                start__lte=day,
            ).distinct()
        )
        if open_periods:
            # The teams' leaders are rated by the secretary (selectors.may_rate), not here.
            leader_ids = Employee.objects.filter(led_teams__in=team_ids).values("pk")
            rated = (
                StarRating.objects.filter(
                    period__in=open_periods,
                    team_id__in=team_ids,
                    status__in=[StarRating.Status.SUBMITTED, StarRating.Status.APPROVED],
                )
                .exclude(employee_id__in=leader_ids)
                .count()
            )
            members = (
                Employee.objects.active()
                .filter(team_id__in=team_ids)
                .exclude(pk__in=leader_ids)
                .count()
            )
            to_rate = max(members * len(open_periods) - rated, 0)
            end = min(p.end for p in open_periods)
            yield Todo(
                "recognition.members_to_rate",
                _("Members to rate"),
                to_rate,
                reverse("recognition:ratings_home"),
                urgency_of(end, day),
                waiting=to_rate,
            )
        since = day - datetime.timedelta(days=6)
        unchecked = (
            Commitment.objects.filter(employee__team_id__in=team_ids, start_on__lte=day)
            .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
            .exclude(checkins__date__gte=since)
            .count()
        )
        yield Todo(
            "recognition.checkins_due",
            _("Pledges without a check-in this week"),
            unchecked,
            reverse("recognition:vision_board"),
            Urgency.THIS_WEEK,
            waiting=unchecked,
        )


# ---------------------------------------------------------------- panels


def _star_distribution(branch, team_ids=None):
    period = selectors.latest_period_with_approvals(branch)
    types = dict(Employee._meta.get_field("employment_type").choices)
    levels = [1, 2, 3, 4, 5]
    counts: dict[str, list[int]] = {}
    if period is not None:
        ratings = StarRating.objects.filter(period=period, status=StarRating.Status.APPROVED)
        if team_ids is not None:
            ratings = ratings.filter(team_id__in=team_ids)
        for kind, overall in ratings.values_list("employee__employment_type", "overall"):
            stars = min(max(int(round(float(overall or 0))), 1), 5)
            counts.setdefault(kind, [0] * 5)[stars - 1] += 1
    rows = [(str(types.get(k, k)), counts[k]) for k in types if k in counts]
    chart = stacked_bar_chart(
        _("Stars by employment type"),
        [_("%(n)d★") % {"n": n} for n in levels],
        rows,
        row_header=_("Employment type"),
        key="stars",
        note=period.name if period else "",
    )
    return chart


def _suggestions_by_month(branch_ids, day):
    start = (day.replace(day=1) - datetime.timedelta(days=150)).replace(day=1)
    statuses = list(SuggestionStatus)
    rows = (
        Suggestion.objects.filter(branch_id__in=branch_ids, submitted_at__date__gte=start)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
    )
    table: dict[str, list[int]] = {}
    month = start
    while month <= day:
        table[month.strftime("%Y-%m")] = [0] * len(statuses)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    for row in rows:
        label = row["month"].strftime("%Y-%m")
        if label in table:
            table[label][statuses.index(row["status"])] += row["n"]
    return stacked_bar_chart(
        _("Suggestions by status per month"),
        [s.label for s in statuses],
        list(table.items()),
        row_header=_("Month"),
        key="suggestions",
    )


def _safe_days_chart(branch, team_ids=None):
    branch_row, team_rows = selectors.safe_days(branch)
    rows = [
        (r.label, r.days or 0)
        for r in team_rows
        if team_ids is None or (r.team is not None and r.team.pk in team_ids)
    ]
    if team_ids is None:
        rows.insert(0, (branch_row.label, branch_row.days or 0))
    return bar_chart(
        _("Safe days"),
        rows,
        header=(_("Team"), _("Safe days")),
        key="safe_days",
        note=_("Days without accident, injury or pollution"),
    )


def secretary_panels(request):
    branch = selectors.home_branch_of(request.user)
    if branch is None or not branch_selectors.is_secretary(request.user, branch):
        return None
    day = timezone.localdate()
    return {
        "charts": [
            (_star_distribution(branch), reverse("recognition:star_wall")),
            (_suggestions_by_month([branch.pk], day), reverse("recognition:suggestion_list")),
            (_safe_days_chart(branch), reverse("recognition:vision_board")),
        ]
    }


def leader_panels(request):
    teams = list(branch_selectors.teams_led_by(request.user).select_related("branch"))
    if not teams:
        return None
    team_ids = {t.pk for t in teams}
    branch = teams[0].branch
    return {
        "charts": [
            (_star_distribution(branch, team_ids), reverse("recognition:star_wall")),
            (_safe_days_chart(branch, team_ids), reverse("recognition:vision_board")),
        ]
    }


def register() -> None:
    topics = ["recognition"]
    register_todos("recognition", recognition_todos, order=20, topics=topics)
    register_workplace_panel(
        roles.SECRETARY, "recognition/workplace_panels.html", secretary_panels, topics=topics
    )
    register_workplace_panel(
        roles.LEADER, "recognition/workplace_panels.html", leader_panels, topics=topics
    )

    register_nav_item(
        "recognition.suggestions",
        gettext_lazy("Suggestions"),
        "recognition:suggestion_list",
        ALL,
        GROUP,
        30,
        tab_roles=ALL,
    )
    register_nav_item(
        "recognition.ratings",
        gettext_lazy("Star rating"),
        "recognition:ratings_home",
        ALL,
        GROUP,
        31,
        tab_roles=(roles.LEADER,),
    )
    register_nav_item(
        "recognition.wall", gettext_lazy("Star wall"), "recognition:star_wall", ALL, GROUP, 32
    )
    register_nav_item(
        "recognition.board",
        gettext_lazy("You suggest, we improve"),
        "recognition:suggestion_board",
        ALL,
        GROUP,
        33,
    )
    register_nav_item(
        "recognition.vision",
        gettext_lazy("Visions and pledges"),
        "recognition:vision_board",
        ALL,
        GROUP,
        34,
    )
    register_nav_item(
        "recognition.eligibility",
        gettext_lazy("Recuperation and commendation"),
        "recognition:eligibility",
        (roles.SECRETARY,),
        GROUP,
        35,
    )
    register_nav_item(
        "recognition.awards",
        gettext_lazy("Award ledger"),
        "recognition:award_ledger",
        (roles.SECRETARY,),
        GROUP,
        36,
    )
    register_nav_item(
        "recognition.setup",
        gettext_lazy("Star and suggestion settings"),
        "recognition:setup_home",
        (roles.SECRETARY,),
        GROUP,
        37,
    )
