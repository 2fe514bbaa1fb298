"""Every write of the recognition app: one function per use case, keyword-only arguments,
``full_clean()`` before saving, one transaction per use case. Scope and state rules are
enforced here, so views, the admin, tasks and commands share them."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, Team
from branch.services import notification_send, notify_employee

from . import selectors
from .models import (
    AWARDABLE_STATUSES,
    SUGGESTION_TRANSITIONS,
    Award,
    AwardLevel,
    Commitment,
    CommitmentCheckIn,
    Incident,
    PeriodKind,
    RatingCriterion,
    RatingPeriod,
    RecognitionSettings,
    StarRating,
    StarScore,
    Suggestion,
    SuggestionResponse,
    SuggestionStatus,
    Vision,
    weighted_stars,
)
from .photos import clean_photo

# The seed's criteria: character and values first, then safety, skill and teamwork.
DEFAULT_CRITERIA = [
    ("品格", "诚实守信、爱岗敬业、遵章守纪", 3),
    ("人生价值观", "积极向上、甘于奉献、集体荣誉感", 3),
    ("安全", "严守操作规程，当班无违章", 2),
    ("技能", "技术过硬，一日一练、技术考评成绩", 2),
    ("团队协作", "互帮互助，服从指挥，带徒传艺", 1),
]
DEFAULT_AWARD_LEVELS = [
    ("一等奖", Decimal("1000")),
    ("二等奖", Decimal("500")),
    ("三等奖", Decimal("200")),
]


def settings_get_or_create(*, branch: Branch) -> RecognitionSettings:
    found, _created = RecognitionSettings.objects.get_or_create(branch=branch)
    return found


@transaction.atomic
def criteria_ensure_defaults(*, branch: Branch) -> list[RatingCriterion]:
    """Give a branch the seed's criteria if it has none yet (safe to call on every use)."""
    if not RatingCriterion.objects.filter(branch=branch).exists():
        for order, (name, description, weight) in enumerate(DEFAULT_CRITERIA, start=1):
            criterion = RatingCriterion(
                branch=branch, name=name, description=description, weight=weight, order=order * 10
            )
            criterion.full_clean()
            criterion.save()
    return selectors.criteria_for(branch)


@transaction.atomic
def award_levels_ensure_defaults(*, branch: Branch) -> None:
    if not AwardLevel.objects.filter(branch=branch).exists():
        for order, (name, amount) in enumerate(DEFAULT_AWARD_LEVELS, start=1):
            AwardLevel.objects.create(branch=branch, name=name, amount=amount, order=order)


# ---------------------------------------------------------------- periods


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month / quarter / year that contains ``day``."""
    if kind == PeriodKind.MONTHLY:
        start = day.replace(day=1)
        next_start = (start + datetime.timedelta(days=32)).replace(day=1)
    elif kind == PeriodKind.QUARTERLY:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        month = start.month + 3
        next_start = start.replace(year=start.year + (month > 12), month=(month - 1) % 12 + 1)
    else:
        start = day.replace(month=1, day=1)
        next_start = start.replace(year=start.year + 1)
    return start, next_start - datetime.timedelta(days=1)


def period_create(
    *,
    branch: Branch,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
    name: str = "",
) -> RatingPeriod:
    if end is None:
        start, end = period_bounds(kind, start)
    period = RatingPeriod(branch=branch, kind=kind, start=start, end=end, name=name)
    period.full_clean()
    period.save()
    return period


def period_close(*, period: RatingPeriod) -> RatingPeriod:
    period.status = RatingPeriod.Status.CLOSED
    period.save(update_fields=["status"])
    return period


# ---------------------------------------------------------------- ratings


def _check_stars(value) -> int:
    try:
        stars = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Stars must be an integer from 1 to 5.")) from exc
    if not 1 <= stars <= 5:
        raise ValidationError(_("Stars must be an integer from 1 to 5."))
    return stars


@transaction.atomic
def rating_save(
    *,
    period: RatingPeriod,
    employee: Employee,
    stars: dict[int, int],
    comment: str = "",
    by,
    submit: bool = False,
) -> StarRating:
    """Write (or rewrite) one member's draft rating; with ``submit`` it goes to the secretary.
    Only the leader of the member's team may do this, only while the period is open and the
    rating is a draft or was returned; every active criterion needs 1-5 stars."""
    if employee.team_id is None:
        raise PermissionDenied(_("You can only rate employees of your team."))
    (rating,) = rating_team_save(
        period=period,
        team=employee.team,
        entries=[{"employee": employee, "stars": stars, "comment": comment}],
        by=by,
        submit=submit,
    )
    return rating


RATING_FIELDS = ["team", "comment", "rated_by", "overall", "status", "submitted_at", "updated_at"]


@transaction.atomic
def rating_team_save(
    *, period: RatingPeriod, team: Team, entries: list[dict], by, submit: bool = False
) -> list[StarRating]:
    """Save a team's rating page in one transaction: ``entries`` are dicts with ``employee``,
    ``stars`` ({criterion_id: 1-5}) and ``comment``. One bad row saves nothing.

    Rules: only the team's leader rates, only members of the team who have not left, only
    while the period is open, only drafts and returned ratings change, every active
    criterion gets 1-5 stars. The overall stars are the weighted average rounded half up to
    one decimal (see ``models.weighted_stars``). Rows are written in bulk (a constant number
    of queries for any team size), history included."""
    is_leader = selectors.can_rate_team(by, team)
    is_secretary = selectors.can_approve(by, period.branch)
    if not (is_leader or is_secretary):
        raise PermissionDenied(_("You can only rate employees of your team."))
    if team.branch_id != period.branch_id:
        raise PermissionDenied(_("You can only rate employees of this branch."))
    if not period.is_open:
        raise ValidationError(_("This rating period is closed and can no longer be changed."))
    criteria = selectors.criteria_for(period.branch)
    if not criteria:
        raise ValidationError(_("The branch has not set up any rating criteria."))
    for entry in entries:
        employee = entry["employee"]
        if employee.team_id != team.pk or employee.branch_id != period.branch_id:
            raise PermissionDenied(_("You can only rate employees of your team."))
        if employee.left_on is not None:
            raise PermissionDenied(_("You can only rate current employees of your team."))
    leader_ids = set(team.leaders.values_list("pk", flat=True))
    for entry in entries:
        if not selectors.may_rate(
            by,
            entry["employee"],
            leader_ids=leader_ids,
            is_team_leader=is_leader,
            is_secretary=is_secretary,
        ):
            raise PermissionDenied(
                _(
                    "Cannot rate %(name)s: nobody rates themselves, and team leaders are rated by the branch secretary."
                )
                % {"name": entry["employee"].name}
            )
    employee_ids = [entry["employee"].pk for entry in entries]
    if len(set(employee_ids)) != len(employee_ids):
        raise ValidationError(_("Each employee may appear only once."))
    existing = {
        r.employee_id: r
        for r in StarRating.objects.select_for_update()
        .filter(period=period, employee_id__in=employee_ids)
        .prefetch_related("scores")
    }
    now = timezone.now()
    new_ratings, changed_ratings, plans = [], [], []
    for entry in entries:
        employee = entry["employee"]
        rating = existing.get(employee.pk)
        if rating is not None and rating.status not in (
            StarRating.Status.DRAFT,
            StarRating.Status.RETURNED,
        ):
            raise ValidationError(
                _("The rating of %(name)s is %(status)s and cannot be changed.")
                % {"name": employee.name, "status": rating.get_status_display()}
            )
        stars = entry["stars"]
        missing = [c.name for c in criteria if stars.get(c.pk) in (None, "")]
        if missing:
            raise ValidationError(
                _("Please give %(name)s stars for: %(items)s")
                % {"name": employee.name, "items": "、".join(missing)}
            )
        checked = {c.pk: _check_stars(stars[c.pk]) for c in criteria}
        if rating is None:
            rating = StarRating(period=period, employee=employee)
            new_ratings.append(rating)
        else:
            changed_ratings.append(rating)
        rating.team_id = team.pk
        rating.comment = (entry.get("comment") or "").strip()
        rating.rated_by = by
        rating.overall = weighted_stars((checked[c.pk], c.weight) for c in criteria)
        rating.updated_at = now
        if submit:
            rating.status = StarRating.Status.SUBMITTED
            rating.submitted_at = now
        elif rating.status != StarRating.Status.RETURNED:
            rating.status = StarRating.Status.DRAFT
        # Relations and uniqueness were checked above (and are held by the database).
        rating.full_clean(
            exclude=["employee", "period", "team", "rated_by", "approved_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        plans.append((rating, checked))
    if new_ratings:
        bulk_create_with_history(new_ratings, StarRating, default_user=by, default_date=now)
    if changed_ratings:
        bulk_update_with_history(
            changed_ratings, StarRating, RATING_FIELDS, default_user=by, default_date=now
        )
    new_scores, changed_scores, stale_ids = [], [], []
    for rating, checked in plans:
        current = (
            {s.criterion_id: s for s in rating.scores.all()} if rating in changed_ratings else {}
        )
        for criterion in criteria:
            score = current.pop(criterion.pk, None)
            if score is None:
                score = StarScore(rating=rating, criterion=criterion)
                new_scores.append(score)
            elif score.stars != checked[criterion.pk] or score.weight != criterion.weight:
                changed_scores.append(score)
            else:
                continue
            score.stars = checked[criterion.pk]
            score.weight = criterion.weight
            score.full_clean(
                exclude=["rating", "criterion"], validate_unique=False, validate_constraints=False
            )
        stale_ids.extend(s.pk for s in current.values())  # criteria switched off since
    if new_scores:
        bulk_create_with_history(new_scores, StarScore, default_user=by, default_date=now)
    if changed_scores:
        bulk_update_with_history(
            changed_scores, StarScore, ["stars", "weight"], default_user=by, default_date=now
        )
    if stale_ids:
        for stale in StarScore.objects.filter(pk__in=stale_ids):
            stale.delete()
    return [rating for rating, _checked in plans]


def _check_approver(by, rating_or_period) -> None:
    branch = (
        rating_or_period.period.branch
        if isinstance(rating_or_period, StarRating)
        else rating_or_period.branch
    )
    if not selectors.can_approve(by, branch):
        raise PermissionDenied(_("Only the secretary of this branch can approve ratings."))


@transaction.atomic
def rating_approve(*, rating: StarRating, by) -> StarRating:
    _check_approver(by, rating)
    rating = StarRating.objects.select_for_update().get(pk=rating.pk)
    if rating.status != StarRating.Status.SUBMITTED:
        raise ValidationError(_("Only ratings awaiting approval can be approved."))
    rating.status = StarRating.Status.APPROVED
    rating.approved_by = by
    rating.approved_at = timezone.now()
    rating.return_reason = ""
    rating.save()
    notify_employee(
        employee=rating.employee,
        title=_("Your star rating for %(period)s was approved: %(stars)s stars")
        % {"period": rating.period, "stars": rating.overall},
        url=reverse("recognition:my_ratings"),
        key=f"recognition:rating-approved:{rating.pk}",
    )
    return rating


@transaction.atomic
def rating_approve_team(*, period: RatingPeriod, team: Team, by) -> list[StarRating]:
    """Approve every submitted rating of a team in a period, all or nothing."""
    _check_approver(by, period)
    pending = list(
        StarRating.objects.select_for_update()
        .filter(period=period, team=team, status=StarRating.Status.SUBMITTED)
        .select_related("employee", "period")
    )
    if not pending:
        raise ValidationError(_("This team has no ratings awaiting approval."))
    return [rating_approve(rating=rating, by=by) for rating in pending]


@transaction.atomic
def rating_return(*, rating: StarRating, reason: str, by) -> StarRating:
    """Send a submitted rating back to the leader with a reason (required)."""
    _check_approver(by, rating)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason is required to return a rating."))
    rating = (
        StarRating.objects.select_for_update()
        .select_related("team", "employee", "period")
        .get(pk=rating.pk)
    )
    if rating.status != StarRating.Status.SUBMITTED:
        raise ValidationError(_("Only ratings awaiting approval can be returned."))
    rating.status = StarRating.Status.RETURNED
    rating.return_reason = reason
    rating.full_clean()
    rating.save()
    url = reverse("recognition:rating_sheet", args=[rating.period_id, rating.team_id])
    for leader in rating.team.leaders.select_related("user"):
        if leader.user_id:
            notification_send(
                recipient=leader.user,
                title=_("The star rating of %(name)s was returned")
                % {"name": rating.employee.name},
                body=reason,
                url=url,
                key=f"recognition:rating-returned:{rating.pk}:{rating.history.count()}",
                about=rating.employee,
            )
    return rating


# ---------------------------------------------------------------- suggestions


def _check_submitter(by, employee: Employee) -> None:
    me = branch_selectors.employee_of(by)
    if me is not None and me.pk == employee.pk:
        return
    if employee.team_id and selectors.can_rate_team(by, employee.team):
        return
    if selectors.can_approve(by, employee.branch):
        return
    raise PermissionDenied(
        _("You can only submit suggestions for yourself or employees of your team.")
    )


@transaction.atomic
def suggestion_submit(
    *,
    employee: Employee,
    kind: str,
    title: str,
    what: str,
    why: str,
    photo=None,
    by,
    now: datetime.datetime | None = None,
) -> Suggestion:
    """A worker's suggestion, or a leader's on behalf of a member without an account. The
    response deadline is the branch's setting (default 7 days) after submission."""
    _check_submitter(by, employee)
    now = now or timezone.now()
    rule = selectors.settings_of(employee.branch)
    suggestion = Suggestion(
        branch=employee.branch,
        employee=employee,
        team_id=employee.team_id,
        kind=kind,
        title=(title or "").strip(),
        what=(what or "").strip(),
        why=(why or "").strip(),
        submitted_by=by,
        submitted_at=now,
        response_deadline=now + datetime.timedelta(days=rule.response_days),
    )
    if photo:
        suggestion.photo = clean_photo(photo)
    suggestion.full_clean()
    suggestion.save()
    url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
    for leader in branch_selectors.leaders_of(employee):
        if leader.user_id:
            notification_send(
                recipient=leader.user,
                title=_("%(name)s made a suggestion: %(title)s")
                % {"name": employee.name, "title": suggestion.title},
                url=url,
                key=f"recognition:suggestion-new:{suggestion.pk}",
                about=employee,
            )
    return suggestion


@transaction.atomic
def suggestion_respond(
    *,
    suggestion: Suggestion,
    to_status: str,
    text: str,
    by,
    now: datetime.datetime | None = None,
) -> SuggestionResponse:
    """Move a suggestion along 已提交 → 已受理 → 采纳/部分采纳/不采纳 → 已实施 with a response
    text (required); the submitter is told. Only the branch's secretary may do this."""
    if not selectors.can_approve(by, suggestion.branch):
        raise PermissionDenied(_("Only the secretary of this branch can reply to suggestions."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The reply must not be empty."))
    suggestion = (
        Suggestion.objects.select_for_update().select_related("employee").get(pk=suggestion.pk)
    )
    if to_status not in SUGGESTION_TRANSITIONS.get(suggestion.status, ()):
        raise ValidationError(
            _("Cannot change from “%(old)s” to “%(new)s”.")
            % {
                "old": SuggestionStatus(suggestion.status).label,
                "new": SuggestionStatus(to_status).label
                if to_status in SuggestionStatus.values
                else to_status,
            }
        )
    now = now or timezone.now()
    response = SuggestionResponse(
        suggestion=suggestion,
        from_status=suggestion.status,
        to_status=to_status,
        text=text,
        responded_by=by,
        created_at=now,
    )
    response.full_clean()
    response.save()
    suggestion.status = to_status
    if suggestion.first_response_at is None:
        suggestion.first_response_at = now
    suggestion.save(update_fields=["status", "first_response_at"])
    notify_employee(
        employee=suggestion.employee,
        title=_("Your suggestion “%(title)s”: %(status)s")
        % {"title": suggestion.title, "status": SuggestionStatus(to_status).label},
        body=text,
        url=reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        key=f"recognition:suggestion-response:{response.pk}",
    )
    return response


def suggestions_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Tell the secretaries about suggestions that got no first response by their deadline.
    Each suggestion is escalated once (marked, and the messages are keyed)."""
    now = now or timezone.now()
    count = 0
    for suggestion in selectors.overdue_suggestions(now)[:500]:
        with transaction.atomic():
            locked = (
                Suggestion.objects.select_for_update()
                .filter(pk=suggestion.pk, escalated_at__isnull=True, first_response_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            url = reverse("recognition:suggestion_detail", args=[suggestion.pk])
            for secretary in suggestion.branch.secretaries.all():
                notification_send(
                    recipient=secretary,
                    title=_("Suggestion overdue without reply: %(title)s")
                    % {"title": suggestion.title},
                    body=_("Submitted by %(name)s on %(date)s, reply due %(deadline)s.")
                    % {
                        "name": suggestion.employee.name,
                        "date": timezone.localtime(suggestion.submitted_at).strftime("%Y-%m-%d"),
                        "deadline": timezone.localtime(suggestion.response_deadline).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                    },
                    url=url,
                    key=f"recognition:suggestion-overdue:{suggestion.pk}",
                    about=suggestion.employee,
                    branch=suggestion.branch,
                )
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            count += 1
    return count


@transaction.atomic
def award_grant(
    *,
    suggestion: Suggestion,
    level: AwardLevel,
    awarded_on: datetime.date,
    amount: Decimal | None = None,
    note: str = "",
    by,
) -> Award:
    """Award an adopted (or partly adopted, or implemented) suggestion, once."""
    if not selectors.can_approve(by, suggestion.branch):
        raise PermissionDenied(_("Only the secretary of this branch can grant suggestion awards."))
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status not in AWARDABLE_STATUSES:
        raise ValidationError(_("Only adopted suggestions can receive an award."))
    if Award.objects.filter(suggestion=suggestion).exists():
        raise ValidationError(_("This suggestion already has an award."))
    if level.branch_id != suggestion.branch_id:
        raise ValidationError(_("The award does not belong to this branch."))
    award = Award(
        suggestion=suggestion,
        level=level,
        amount=level.amount if amount is None else amount,
        awarded_on=awarded_on,
        note=note.strip(),
        awarded_by=by,
    )
    award.full_clean()
    award.save()
    notify_employee(
        employee=suggestion.employee,
        title=_("Your suggestion “%(title)s” received %(level)s")
        % {"title": suggestion.title, "level": level.name},
        url=reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        key=f"recognition:award:{award.pk}",
    )
    return award


# ---------------------------------------------------------------- visions, commitments, safety


def _check_team_keeper(by, team: Team) -> None:
    if selectors.can_rate_team(by, team) or selectors.can_approve(by, team.branch):
        return
    raise PermissionDenied(_("Only this team's leader or the branch secretary can maintain this."))


@transaction.atomic
def vision_save(
    *, branch: Branch, year: int, text: str, by, team: Team | None = None, goals: str = ""
) -> Vision:
    """Write the branch vision (secretary) or a team's small vision (its leader) for a year."""
    if team is None:
        if not selectors.can_approve(by, branch):
            raise PermissionDenied(_("Only the branch secretary can change the branch vision."))
        vision = Vision.objects.filter(branch=branch, scope=Vision.Scope.BRANCH, year=year).first()
        vision = vision or Vision(branch=branch, scope=Vision.Scope.BRANCH, year=year)
    else:
        if team.branch_id != branch.pk:
            raise ValidationError(_("The team does not belong to this branch."))
        _check_team_keeper(by, team)
        vision = Vision.objects.filter(team=team, scope=Vision.Scope.TEAM, year=year).first()
        vision = vision or Vision(branch=branch, scope=Vision.Scope.TEAM, team=team, year=year)
    vision.text = (text or "").strip()
    vision.goals = (goals or "").strip()
    vision.full_clean()
    vision.save()
    return vision


def commitment_create(
    *,
    employee: Employee,
    role: str,
    promise: str,
    start_on: datetime.date,
    end_on: datetime.date | None = None,
    by,
) -> Commitment:
    if employee.team_id is None:
        raise ValidationError(_("This employee has no team."))
    _check_team_keeper(by, employee.team)
    commitment = Commitment(
        employee=employee,
        role=(role or "").strip(),
        promise=(promise or "").strip(),
        start_on=start_on,
        end_on=end_on,
        created_by=by,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_check_in(
    *, commitment: Commitment, date: datetime.date, kept: bool, note: str = "", by
) -> CommitmentCheckIn:
    """Record (or correct) the leader's check of a commitment for a day."""
    _check_team_keeper(by, commitment.employee.team)
    if not commitment.is_active_on(date):
        raise ValidationError(_("The date is outside the pledge's period."))
    if date > timezone.localdate():
        raise ValidationError(_("Cannot check in for a future date."))
    checkin = CommitmentCheckIn.objects.filter(commitment=commitment, date=date).first()
    checkin = checkin or CommitmentCheckIn(commitment=commitment, date=date)
    checkin.kept = kept
    checkin.note = (note or "").strip()
    checkin.checked_by = by
    checkin.full_clean()
    checkin.save()
    return checkin


def incident_record(
    *,
    branch: Branch,
    kind: str,
    occurred_on: datetime.date,
    description: str,
    by,
    team: Team | None = None,
) -> Incident:
    if not selectors.can_approve(by, branch):
        raise PermissionDenied(_("Only the branch secretary can record safety incidents."))
    if team is not None and team.branch_id != branch.pk:
        raise ValidationError(_("The team does not belong to this branch."))
    if occurred_on > timezone.localdate():
        raise ValidationError(_("The date it occurred cannot be after today."))
    incident = Incident(
        branch=branch,
        team=team,
        kind=kind,
        occurred_on=occurred_on,
        description=(description or "").strip(),
        recorded_by=by,
    )
    incident.full_clean()
    incident.save()
    return incident
