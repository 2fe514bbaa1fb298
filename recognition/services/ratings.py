"""Star ratings: saving a team's sheet, approval and return."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branch import caching
from branch import selectors as branch_selectors
from branch.models import Employee, Team
from branch.services import notification_send, notify_employee

from .. import selectors
from ..models import (
    RatingPeriod,
    StarRating,
    StarScore,
    weighted_stars,
)

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
        if employee.has_left():
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
    if submit:
        people = {entry["employee"].pk: entry["employee"] for entry in entries}
        _tell_alternate_approver(period, [rating for rating, _checked in plans], people)
    caching.bump(period.branch_id, "recognition")  # bulk writes send no model signal
    return [rating for rating, _checked in plans]


def _tell_alternate_approver(
    period: RatingPeriod, ratings: list[StarRating], people: dict[int, Employee]
) -> None:
    """A submitted rating of a secretary's own goes to another committee member: tell them."""
    secretary_ids = set(period.branch.secretaries.values_list("pk", flat=True))
    for rating in ratings:
        person = people[rating.employee_id]
        if person.user_id is None or person.user_id not in secretary_ids:
            continue
        alternate = branch_selectors.alternate_approver(period.branch, excluding=person)
        if alternate is None:
            continue
        notify_employee(
            employee=alternate,
            title=_("The star rating of %(name)s awaits your approval") % {"name": person.name},
            url=reverse("recognition:ratings_to_approve"),
            key=f"recognition:rating-to-approve:{rating.pk}:{rating.submitted_at:%Y%m%d%H%M%S}",
        )


def _check_approver(by, rating_or_period) -> None:
    branch = (
        rating_or_period.period.branch
        if isinstance(rating_or_period, StarRating)
        else rating_or_period.branch
    )
    if not selectors.can_approve(by, branch):
        raise PermissionDenied(_("Only the secretary of this branch can approve ratings."))


def _approval_of(rating: StarRating, by) -> bool:
    """Whether approving ``rating`` is approving one's own (see
    ``selectors.may_approve_record``); refuses when ``by`` may not approve it at all."""
    branch = rating.period.branch
    allowed, own = selectors.may_approve_record(by, rating.employee, branch)
    if allowed:
        return own
    if rating.employee.user_id == by.pk:
        alternate = branch_selectors.alternate_approver(branch, excluding=rating.employee)
        raise PermissionDenied(
            _("Nobody approves their own rating: %(name)s of the branch committee approves it.")
            % {"name": alternate.name if alternate else "—"}
        )
    raise PermissionDenied(_("Only the secretary of this branch can approve ratings."))


@transaction.atomic
def rating_approve(*, rating: StarRating, by) -> StarRating:
    """Approve a submitted rating. Nobody approves their own: a secretary's own rating goes to
    another committee member, and in a branch without one it is marked self-approved."""
    rating = (
        StarRating.objects.select_for_update()
        .select_related("employee", "period__branch")
        .get(pk=rating.pk)
    )
    own = _approval_of(rating, by)
    if rating.status != StarRating.Status.SUBMITTED:
        raise ValidationError(_("Only ratings awaiting approval can be approved."))
    rating.status = StarRating.Status.APPROVED
    rating.approved_by = by
    rating.approved_at = timezone.now()
    rating.self_approved = own
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
    """Approve every submitted rating of a team in a period that ``by`` may approve, all or
    nothing; a rating of ``by``'s own is left for the committee member who approves it."""
    pending = list(
        StarRating.objects.select_for_update()
        .filter(period=period, team=team, status=StarRating.Status.SUBMITTED)
        .select_related("employee", "period__branch")
    )
    mine = [r for r in pending if selectors.may_approve_record(by, r.employee, period.branch)[0]]
    if not mine:
        if not pending:
            _check_approver(by, period)
            raise ValidationError(_("This team has no ratings awaiting approval."))
        _approval_of(pending[0], by)  # raises with the reason
    return [rating_approve(rating=rating, by=by) for rating in mine]


def ratings_awaiting(by) -> list[StarRating]:
    """Submitted ratings ``by`` approves in place of their secretary (their own records)."""
    me = branch_selectors.employee_of(by)
    if me is None:
        return []
    pending = (
        StarRating.objects.filter(
            status=StarRating.Status.SUBMITTED,
            period__branch=me.branch,
            employee__user__in=me.branch.secretaries.all(),
        )
        .exclude(employee=me)
        .select_related("employee", "period__branch", "team")
    )
    return [r for r in pending if selectors.may_approve_record(by, r.employee, r.period.branch)[0]]


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
