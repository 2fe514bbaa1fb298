"""Scoped reads of the recognition app, shared by pages, exports and other apps.

Scope follows DESIGN.md §3 through ``branch.selectors``: a secretary reads their branch, a team
leader their teams, a worker only their own records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, EmploymentType, Team

from .models import (
    AWARDABLE_STATUSES,
    BOARD_STATUSES,
    DEFAULT_WALL_MIN_STARS,
    Award,
    Commitment,
    CommitmentCheckIn,
    Incident,
    RatingCriterion,
    RatingPeriod,
    RecognitionSettings,
    StarRating,
    StarScore,
    Suggestion,
    SuggestionStatus,
    Vision,
)


def settings_of(branch: Branch) -> RecognitionSettings:
    """The branch's settings; an unsaved instance with the defaults when none is stored."""
    found = RecognitionSettings.objects.filter(branch=branch).first()
    return found or RecognitionSettings(branch=branch)


def branch_ids_of(user) -> list[int]:
    return branch_selectors.administered_branch_ids(user)


def team_ids_led_by(user) -> list[int]:
    return branch_selectors.led_team_ids(user)


def home_branch_of(user) -> Branch | None:
    """The branch a page is about for ``user``: the one they administer, else their own."""
    administered = branch_selectors.branches_administered_by(user).first()
    if administered is not None:
        return administered
    me = branch_selectors.employee_of(user)
    return me.branch if me else None


# ---------------------------------------------------------------- star ratings


def criteria_for(branch: Branch) -> list[RatingCriterion]:
    return list(RatingCriterion.objects.filter(branch=branch, active=True).order_by("order", "pk"))


def periods_visible_to(user) -> QuerySet[RatingPeriod]:
    branch_ids = set(branch_ids_of(user))
    me = branch_selectors.employee_of(user)
    if me is not None:
        branch_ids.add(me.branch_id)
    return RatingPeriod.objects.filter(branch_id__in=branch_ids).order_by("-start", "-pk")


def ratings_visible_to(user) -> QuerySet[StarRating]:
    """Ratings a secretary (branch), a leader (their teams) or a worker (own) may read."""
    qs = StarRating.objects.select_related("employee", "period", "team")
    if not user.is_authenticated:
        return qs.none()
    scope = Q(pk__in=[])
    branch_ids = branch_ids_of(user)
    if branch_ids:
        scope |= Q(period__branch_id__in=branch_ids)
    team_ids = team_ids_led_by(user)
    if team_ids:
        scope |= Q(team_id__in=team_ids)
    me = branch_selectors.employee_of(user)
    if me is not None:
        scope |= Q(employee=me)
    return qs.filter(scope)


def can_rate_team(user, team: Team) -> bool:
    return team.pk in team_ids_led_by(user)


def can_approve(user, branch: Branch) -> bool:
    return branch.pk in branch_ids_of(user)


def may_approve_record(user, employee: Employee, branch: Branch) -> tuple[bool, bool]:
    """Whether ``user`` may approve (or reward) a record of ``employee``'s, and whether that
    is approving their own record. Nobody approves their own record: a secretary's own goes
    to another committee member (``branch.selectors.alternate_approver``), who may approve it
    though not a secretary; only in a branch without one does the secretary approve it, and
    the record says so."""
    if not user.is_authenticated:
        return False, False
    own = employee.user_id is not None and employee.user_id == user.pk
    if own:
        if not can_approve(user, branch):
            return False, False
        alternate = branch_selectors.alternate_approver(branch, excluding=employee)
        return alternate is None, alternate is None
    if can_approve(user, branch):
        return True, False
    if employee.user_id and branch.secretaries.filter(pk=employee.user_id).exists():
        alternate = branch_selectors.alternate_approver(branch, excluding=employee)
        me = branch_selectors.employee_of(user)
        return alternate is not None and me is not None and alternate.pk == me.pk, False
    return False, False


def team_members_to_rate(team: Team) -> QuerySet[Employee]:
    """Everyone in the team, whatever their employment type, in one list."""
    return Employee.objects.active().filter(team=team).order_by("staff_no")


@dataclass
class SheetRow:
    employee: Employee
    rating: StarRating | None
    stars: dict[int, int] = field(default_factory=dict)
    is_leader: bool = False
    can_rate: bool = False

    @property
    def open_for_changes(self) -> bool:
        return self.rating is None or self.rating.status in (
            StarRating.Status.DRAFT,
            StarRating.Status.RETURNED,
        )

    @property
    def editable(self) -> bool:
        return self.can_rate and self.open_for_changes


def may_rate(
    user, employee: Employee, *, leader_ids: set[int], is_team_leader: bool, is_secretary: bool
) -> bool:
    """Who rates whom: nobody rates themself; a team leader rates the members of their team;
    the team's leaders are rated by the branch secretary."""
    me = branch_selectors.employee_of(user)
    if me is not None and me.pk == employee.pk:
        return False
    if employee.pk in leader_ids:
        return is_secretary
    return is_team_leader


def rating_sheet(period: RatingPeriod, team: Team, user=None) -> list[SheetRow]:
    """The rows of a team's rating page: each member with their rating and scores (if any),
    and whether ``user`` may rate them. A few queries whatever the team's size."""
    members = list(team_members_to_rate(team))
    leader_ids = set(team.leaders.values_list("pk", flat=True))
    is_leader = user is not None and can_rate_team(user, team)
    is_sec = user is not None and can_approve(user, period.branch)
    ratings = {
        r.employee_id: r
        for r in StarRating.objects.filter(period=period, employee__in=members).prefetch_related(
            Prefetch(
                "scores", queryset=StarScore.objects.only("rating_id", "criterion_id", "stars")
            )
        )
    }
    rows = []
    for member in members:
        rating = ratings.get(member.pk)
        stars = {s.criterion_id: s.stars for s in rating.scores.all()} if rating else {}
        rows.append(
            SheetRow(
                employee=member,
                rating=rating,
                stars=stars,
                is_leader=member.pk in leader_ids,
                can_rate=user is not None
                and may_rate(
                    user,
                    member,
                    leader_ids=leader_ids,
                    is_team_leader=is_leader,
                    is_secretary=is_sec,
                ),
            )
        )
    return rows


def team_rating_summary(period: RatingPeriod, teams) -> list[dict]:
    """Per team: members, drafts, submitted, approved, returned counts for one period."""
    teams = list(teams)
    counts = defaultdict(lambda: defaultdict(int))
    for row in (
        StarRating.objects.filter(period=period, team__in=teams)
        .values("team_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[row["team_id"]][row["status"]] = row["n"]
    members = dict(
        Employee.objects.active()
        .filter(team__in=teams)
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    return [{"team": team, "members": members.get(team.pk, 0), **counts[team.pk]} for team in teams]


def latest_period_with_approvals(branch: Branch) -> RatingPeriod | None:
    return (
        RatingPeriod.objects.filter(branch=branch, ratings__status=StarRating.Status.APPROVED)
        .order_by("-start")
        .distinct()
        .first()
    )


def wall_threshold(branch: Branch) -> Decimal:
    """The stars a rating needs to be shown in public (star wall, plaques)."""
    return settings_of(branch).wall_min_stars


def star_wall(
    period: RatingPeriod, team: Team | None = None, *, threshold: Decimal | None = None
) -> QuerySet[StarRating]:
    """Praise in public, never blame in public: the approved ratings of a period (optionally
    one team) at or above the branch's star-wall threshold, by team and staff number - never a
    ranking, never a low score."""
    qs = StarRating.objects.filter(
        period=period,
        status=StarRating.Status.APPROVED,
        overall__gte=wall_threshold(period.branch) if threshold is None else threshold,
    ).select_related("employee", "team")
    if team is not None:
        qs = qs.filter(team=team)
    # A card shows the name, the team and the stars: nothing else is read.
    return qs.only("pk", "overall", "employee__name", "team__name").order_by(
        "team__name", "employee__staff_no"
    )


def plaque_ratings(user) -> QuerySet[StarRating]:
    """Ratings ``user`` may print a plaque for: approved, visible to them, and at or above their
    branch's star-wall threshold (a plaque is hung in public)."""
    return (
        ratings_visible_to(user)
        .filter(status=StarRating.Status.APPROVED)
        .annotate(threshold=F("period__branch__recognition_settings__wall_min_stars"))
        .filter(
            Q(threshold__isnull=True, overall__gte=DEFAULT_WALL_MIN_STARS)
            | Q(overall__gte=F("threshold"))
        )
    )


# ---------------------------------------------------------------- eligibility (疗养 / 评先)


@dataclass
class Eligibility:
    employee: Employee
    values: list[tuple[RatingPeriod, Decimal | None]]
    average: Decimal | None
    eligible: bool
    threshold: Decimal


def _last_closed_periods(branch: Branch, count: int) -> list[RatingPeriod]:
    return list(
        RatingPeriod.objects.filter(branch=branch, status=RatingPeriod.Status.CLOSED).order_by(
            "-end", "-pk"
        )[:count]
    )


def eligibility_for_branch(branch: Branch, employees=None) -> list[Eligibility]:
    """Who has priority for 疗养 and 评先, and why. The rule (per branch settings): the average
    of the overall stars over the last N closed periods is at least the threshold, and the
    person has an approved rating in every one of those N periods."""
    rule = settings_of(branch)
    periods = _last_closed_periods(branch, rule.eligibility_periods)
    if employees is None:
        employees = Employee.objects.active().filter(branch=branch).select_related("team")
    employees = list(employees.order_by("team__name", "staff_no"))
    overall = {
        (r["employee_id"], r["period_id"]): r["overall"]
        for r in StarRating.objects.filter(
            period__in=periods, status=StarRating.Status.APPROVED, employee__in=employees
        ).values("employee_id", "period_id", "overall")
    }
    result = []
    for employee in employees:
        values = [(p, overall.get((employee.pk, p.pk))) for p in periods]
        complete = len(periods) == rule.eligibility_periods and all(
            v is not None for _p, v in values
        )
        average = None
        if complete:
            average = (sum(v for _p, v in values) / len(values)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        eligible = complete and average >= rule.eligibility_min_average
        result.append(
            Eligibility(
                employee=employee,
                values=values,
                average=average,
                eligible=eligible,
                threshold=rule.eligibility_min_average,
            )
        )
    return result


def is_priority_eligible(employee: Employee) -> bool:
    """For other apps (e.g. 疗养 lists, 评先): does the branch's rule give ``employee``
    priority today?"""
    rows = eligibility_for_branch(employee.branch, Employee.objects.filter(pk=employee.pk))
    return bool(rows and rows[0].eligible)


def eligible_employees(branch: Branch) -> list[Employee]:
    """For other apps: the people of ``branch`` with 疗养 / 评先 priority."""
    return [row.employee for row in eligibility_for_branch(branch) if row.eligible]


# ---------------------------------------------------------------- fairness report


def fairness_report(period: RatingPeriod) -> dict:
    """How approved stars are spread over employment types and teams: count rated, average,
    share of ratings with at least 4 stars (as a percentage, one decimal)."""
    base = StarRating.objects.filter(period=period, status=StarRating.Status.APPROVED)
    stats = {
        "n": Count("pk"),
        "avg": Avg("overall"),
        "high": Count("pk", filter=Q(overall__gte=4)),
    }

    def finish(row):
        n = row["n"]
        return {
            "count": n,
            "average": Decimal(row["avg"]).quantize(Decimal("0.01"))
            if row["avg"] is not None
            else None,
            "high": row["high"],
            "high_share": (Decimal(row["high"] * 100) / n).quantize(Decimal("0.1")) if n else None,
        }

    by_type_raw = {
        r["employee__employment_type"]: r
        for r in base.values("employee__employment_type").annotate(**stats)
    }
    by_type = []
    for value, label in EmploymentType.choices:
        raw = by_type_raw.get(value, {"n": 0, "avg": None, "high": 0})
        by_type.append({"label": label, "key": value, **finish(raw)})
    by_team = [
        {"label": r["team__name"], "key": r["team_id"], **finish(r)}
        for r in base.values("team_id", "team__name").annotate(**stats).order_by("team__name")
    ]
    total = finish(base.aggregate(**stats))
    pending = (
        StarRating.objects.filter(period=period).exclude(status=StarRating.Status.APPROVED).count()
    )
    self_approved = list(
        base.filter(self_approved=True).select_related("employee").order_by("employee__name")
    )
    return {
        "by_type": by_type,
        "by_team": by_team,
        "total": total,
        "pending": pending,
        "self_approved": self_approved,
    }


# ---------------------------------------------------------------- suggestions


def suggestions_visible_to(user) -> QuerySet[Suggestion]:
    """A worker sees their own suggestions, a leader their teams', a secretary the branch's, and
    the committee member an overdue suggestion was escalated to sees that one."""
    qs = Suggestion.objects.select_related("employee", "team", "branch")
    if not user.is_authenticated:
        return qs.none()
    scope = Q(pk__in=[])
    branch_ids = branch_ids_of(user)
    if branch_ids:
        scope |= Q(branch_id__in=branch_ids)
    team_ids = team_ids_led_by(user)
    if team_ids:
        scope |= Q(team_id__in=team_ids) | Q(employee__team_id__in=team_ids)
    me = branch_selectors.employee_of(user)
    if me is not None:
        scope |= Q(employee=me)
        if not me.has_left():
            scope |= Q(escalated_to=me, branch_id=me.branch_id)
    return qs.filter(scope)


def can_respond(user, suggestion: Suggestion) -> bool:
    """The branch's secretary replies; once a reply is overdue, so may the committee member the
    suggestion was escalated to."""
    if can_approve(user, suggestion.branch):
        return True
    if suggestion.escalated_to_id is None or not user.is_authenticated:
        return False
    me = branch_selectors.employee_of(user)
    return (
        me is not None
        and me.pk == suggestion.escalated_to_id
        and not me.has_left()
        and me.branch_id == suggestion.branch_id
    )


def overdue_q(now: datetime.datetime | None = None) -> Q:
    return Q(first_response_at__isnull=True, response_deadline__lt=now or timezone.now())


def overdue_suggestions(now: datetime.datetime | None = None) -> QuerySet[Suggestion]:
    """Suggestions without a first response past their deadline and not yet escalated."""
    return (
        Suggestion.objects.filter(overdue_q(now), escalated_at__isnull=True)
        .select_related("branch", "employee")
        .order_by("response_deadline", "pk")
    )


def suggestion_board(branch: Branch) -> QuerySet[Suggestion]:
    """你提我改: adopted and implemented suggestions of the branch."""
    return (
        Suggestion.objects.filter(branch=branch, status__in=BOARD_STATUSES)
        .select_related("employee", "team", "award__level")
        .order_by("-submitted_at")
    )


def award_ledger(branch: Branch, year: int) -> QuerySet[Award]:
    return (
        Award.objects.filter(suggestion__branch=branch, awarded_on__year=year)
        .select_related("suggestion__employee", "suggestion__team", "level")
        .prefetch_related("suggestion__implemented_by")
        .order_by("awarded_on", "pk")
    )


def awardable(suggestion: Suggestion) -> bool:
    return suggestion.status in AWARDABLE_STATUSES


# ---------------------------------------------------------------- visions, commitments, safety


def visions_for(branch: Branch, year: int) -> tuple[Vision | None, dict[int, Vision]]:
    visions = list(Vision.objects.filter(branch=branch, year=year).select_related("team"))
    branch_vision = next((v for v in visions if v.scope == Vision.Scope.BRANCH), None)
    return branch_vision, {v.team_id: v for v in visions if v.team_id}


def commitments_visible_to(user) -> QuerySet[Commitment]:
    qs = Commitment.objects.select_related("employee", "employee__team")
    if not user.is_authenticated:
        return qs.none()
    scope = Q(pk__in=[])
    branch_ids = branch_ids_of(user)
    if branch_ids:
        scope |= Q(employee__branch_id__in=branch_ids)
    team_ids = team_ids_led_by(user)
    if team_ids:
        scope |= Q(employee__team_id__in=team_ids)
    me = branch_selectors.employee_of(user)
    if me is not None:
        scope |= Q(employee=me)
    return qs.filter(scope)


def with_recent_checkins(commitments: QuerySet[Commitment], days: int = 14) -> QuerySet[Commitment]:
    since = timezone.localdate() - datetime.timedelta(days=days)
    return commitments.prefetch_related(
        Prefetch(
            "checkins",
            queryset=CommitmentCheckIn.objects.filter(date__gte=since).order_by("-date"),
            to_attr="recent_checkins",
        )
    )


@dataclass
class SafeDays:
    label: str
    days: int | None
    since: datetime.date | None
    team: Team | None = None


def safe_days(
    branch: Branch, today: datetime.date | None = None
) -> tuple[SafeDays, list[SafeDays]]:
    """Days since the last incident of any kind (or since the configured start date): for the
    branch (any incident) and for each team (incidents of that team or of the whole branch)."""
    today = today or timezone.localdate()
    start = settings_of(branch).safety_start_date
    incidents = Incident.objects.filter(branch=branch, occurred_on__lte=today)
    last_branch = incidents.aggregate(last=Max("occurred_on"))["last"]
    last_branchwide = incidents.filter(team__isnull=True).aggregate(last=Max("occurred_on"))["last"]
    per_team = dict(
        incidents.filter(team__isnull=False)
        .values("team_id")
        .annotate(last=Max("occurred_on"))
        .values_list("team_id", "last")
    )

    def count(*dates) -> tuple[int | None, datetime.date | None]:
        known = [d for d in dates if d is not None]
        if not known:
            return None, None
        since = max(known)
        return (today - since).days, since

    days, since = count(last_branch, start)
    branch_row = SafeDays(label=branch.name, days=days, since=since)
    rows = []
    for team in Team.objects.filter(branch=branch).order_by("name"):
        days, since = count(per_team.get(team.pk), last_branchwide, start)
        rows.append(SafeDays(label=team.name, days=days, since=since, team=team))
    return branch_row, rows


SUGGESTION_STATUS_LABELS = dict(SuggestionStatus.choices)


def suggestion_photo_visible(request, name: str) -> bool:
    """/media/ check for a suggestion's photo: whoever may see the suggestion (its list, or
    the branch's suggestion board)."""
    user = request.user
    mine = suggestions_visible_to(user).filter(photo=name)
    if mine.exists():
        return True
    branch = home_branch_of(user)
    return bool(branch) and suggestion_board(branch).filter(photo=name).exists()
