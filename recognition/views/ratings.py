"""Star ratings: the team sheet, approval, the star wall, plaques, eligibility and fairness."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.models import Employee, Team
from branch.paging import paginate
from home.registries import all_measure_values

from .. import forms, selectors, services
from ..models import (
    RatingPeriod,
    StarRating,
)
from ..plaques import plaque_pdf
from ..sheet import sheet_cards
from .common import branch_or_404, error_text, secretary_branch

# ---------------------------------------------------------------- star ratings


@login_required
def ratings_home(request):
    """The star rating overview: the open periods and, per team the user rates or approves,
    how far the rating has come."""
    user = request.user
    branch = branch_or_404(user)
    is_secretary = selectors.can_approve(user, branch)
    led_teams = list(branch_selectors.teams_led_by(user).order_by("name"))
    teams = list(branch.teams.order_by("name")) if is_secretary else led_teams
    periods = list(selectors.periods_visible_to(user).filter(branch=branch)[:6])
    open_periods = [p for p in periods if p.is_open]
    summaries = (
        [(period, selectors.team_rating_summary(period, teams)) for period in open_periods]
        if teams
        else []
    )
    me = branch_selectors.employee_of(user)
    my_latest = (
        StarRating.objects.filter(employee=me, status=StarRating.Status.APPROVED)
        .select_related("period")
        .order_by("-period__start")
        .first()
        if me
        else None
    )
    return render(
        request,
        "recognition/ratings_home.html",
        {
            "branch": branch,
            "is_secretary": is_secretary,
            "led_team_ids": {t.pk for t in led_teams},
            "summaries": summaries,
            "periods": periods,
            "my_latest": my_latest,
        },
    )


@login_required
def my_ratings(request):
    """A worker's own approved ratings with the score per criterion."""
    me = branch_selectors.employee_of(request.user)
    ratings = (
        StarRating.objects.filter(employee=me, status=StarRating.Status.APPROVED)
        .select_related("period", "team")
        .prefetch_related("scores__criterion")
        .order_by("-period__start")
        if me
        else StarRating.objects.none()
    )
    return render(request, "recognition/my_ratings.html", {"ratings": ratings})


MEMBER_PREFIX = re.compile(r"^m(\d+)-")


@login_required
def rating_sheet(request, period_id: int, team_id: int):
    """One phone-friendly page where a team leader rates every member of the team: 1-5 stars
    per criterion and a comment, saved as a draft or submitted. The secretary reviews it here."""
    user = request.user
    period = get_object_or_404(RatingPeriod.objects.select_related("branch"), pk=period_id)
    team = get_object_or_404(Team, pk=team_id, branch=period.branch)
    can_rate = selectors.can_rate_team(user, team)
    can_approve = selectors.can_approve(user, period.branch)
    if not (can_rate or can_approve):
        raise PermissionDenied
    criteria = (
        services.criteria_ensure_defaults(branch=period.branch)
        if can_approve or can_rate
        else selectors.criteria_for(period.branch)
    )
    rows = selectors.rating_sheet(period, team, user)
    editable = period.is_open and any(row.can_rate for row in rows)
    data = request.POST if request.method == "POST" and editable else None
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if data is not None:
        row_ids = {row.employee.pk for row in rows if row.editable}
        posted_ids = {int(m.group(1)) for key in data for m in [MEMBER_PREFIX.match(key)] if m}
        if posted_ids - row_ids:
            raise PermissionDenied(_("You can only rate employees of your team."))
    # The forms only check what is posted; the cards are drawn from plain values (sheet.py).
    member_forms = {}
    if data is not None:
        for row in rows:
            if row.editable:
                member_forms[row.employee.pk] = forms.MemberRatingForm(
                    data, criteria=criteria, row=row, prefix=f"m{row.employee.pk}"
                )
        submit = "submit" in data
        active_forms = list(member_forms.values())
        if all(f.is_valid() for f in active_forms):
            entries = [
                {
                    "employee": f.row.employee,
                    "stars": f.stars(),
                    "comment": f.cleaned_data["comment"],
                }
                for f in active_forms
                if f.is_filled
            ]
            try:
                saved = services.rating_team_save(
                    period=period, team=team, entries=entries, by=user, submit=submit
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Submitted the ratings of %(n)d people, awaiting the branch secretary's approval."
                        )
                        % {"n": len(saved)},
                    )
                else:
                    messages.success(
                        request, _("Saved the drafts of %(n)d people.") % {"n": len(saved)}
                    )
                return redirect("recognition:rating_sheet", period.pk, team.pk)
        else:
            messages.error(request, _("Please check the employees marked in red."))
    # Information for the leader from other apps (e.g. the praise count), never a score.
    measures = all_measure_values([row.employee.pk for row in rows], timezone.localdate())
    cards = sheet_cards(rows, criteria, editable=editable, forms=member_forms, measures=measures)
    submitted = [r for r in rows if r.rating and r.rating.status == StarRating.Status.SUBMITTED]
    return render(
        request,
        "recognition/rating_sheet.html",
        {
            "period": period,
            "team": team,
            "criteria": criteria,
            "cards": cards,
            "editable": editable,
            "can_approve": can_approve,
            "submitted": submitted,
            "return_form": forms.ReturnForm(),
        },
    )


@login_required
@require_POST
def rating_approve_team(request, period_id: int, team_id: int):
    period = get_object_or_404(RatingPeriod, pk=period_id)
    team = get_object_or_404(Team, pk=team_id, branch=period.branch)
    try:
        approved = services.rating_approve_team(period=period, team=team, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Approved the ratings of %(n)d people.") % {"n": len(approved)})
    return redirect("recognition:rating_sheet", period.pk, team.pk)


@login_required
def ratings_to_approve(request):
    """The ratings of the branch secretary that this committee member approves in their
    place (nobody approves their own rating)."""
    return render(
        request,
        "recognition/ratings_to_approve.html",
        {"ratings": services.ratings_awaiting(request.user)},
    )


@login_required
@require_POST
def rating_approve(request, pk: int):
    rating = get_object_or_404(
        StarRating.objects.select_related("period__branch", "employee"), pk=pk
    )
    try:
        services.rating_approve(rating=rating, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Approved the rating of %(name)s.") % {"name": rating.employee.name}
        )
    return redirect("recognition:ratings_to_approve")


@login_required
@require_POST
def rating_return(request, pk: int):
    rating = get_object_or_404(StarRating.objects.select_related("period__branch"), pk=pk)
    if not selectors.can_approve(request.user, rating.period.branch):
        raise PermissionDenied
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required to return a rating."))
    else:
        try:
            services.rating_return(
                rating=rating, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("Returned the rating of %(name)s.") % {"name": rating.employee.name}
            )
    return redirect("recognition:rating_sheet", rating.period_id, rating.team_id)


WALL_PER_PAGE = 60  # cards on a page of the star wall (a multiple of 2, 3 and 4 columns)


def _wall_period(request, branch):
    period_id = parse_object_id(request.GET.get("period"))
    if period_id is not None:
        return get_object_or_404(RatingPeriod, pk=period_id, branch=branch)
    return selectors.latest_period_with_approvals(branch)


@login_required
def star_wall(request, team_id: int | None = None):
    """The star wall (星级员工墙) of the branch or of one team: only the people who earned a
    place (at or above the branch's threshold), never a ranking or a low score."""
    branch = branch_or_404(request.user)
    team = get_object_or_404(Team, pk=team_id, branch=branch) if team_id else None
    period = _wall_period(request, branch)
    threshold = selectors.wall_threshold(branch)
    ratings = (
        selectors.star_wall(period, team, threshold=threshold)
        if period
        else StarRating.objects.none()
    )
    page = paginate(request, ratings, WALL_PER_PAGE)
    return render(
        request,
        "recognition/star_wall.html",
        {
            "branch": branch,
            "team": team,
            "period": period,
            "ratings": page.object_list,
            "page": page,
            "threshold": threshold,
            "teams": branch.teams.order_by("name"),
            "periods": RatingPeriod.objects.filter(
                branch=branch, ratings__status=StarRating.Status.APPROVED
            )
            .distinct()
            .order_by("-start"),
            "can_print": selectors.can_approve(request.user, branch)
            or (team is not None and selectors.can_rate_team(request.user, team)),
        },
    )


@login_required
def plaque(request, pk: int):
    """The printable plaque (挂牌) of one approved rating, as a PDF."""
    rating = get_object_or_404(
        selectors.plaque_ratings(request.user).select_related("period__branch"), pk=pk
    )
    response = HttpResponse(plaque_pdf([rating]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plaque-{rating.pk}.pdf"'
    return response


@login_required
def plaques_batch(request, period_id: int):
    """All plaques of a period (optionally one team) in one PDF to print."""
    period = get_object_or_404(RatingPeriod.objects.select_related("branch"), pk=period_id)
    ratings = selectors.plaque_ratings(request.user).filter(period=period)
    team_id = parse_object_id(request.GET.get("team"))
    if team_id is not None:
        ratings = ratings.filter(team_id=team_id)
    ratings = list(
        ratings.select_related("period__branch").order_by("team__name", "employee__staff_no")
    )
    if not ratings:
        raise Http404
    response = HttpResponse(plaque_pdf(ratings), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plaques-{period.pk}.pdf"'
    return response


@login_required
def eligibility(request):
    """Who has priority for 疗养 and 评先, with the numbers behind it. The secretary sees the
    branch; a team leader their teams."""
    user = request.user
    branch = branch_or_404(user)
    if selectors.can_approve(user, branch):
        employees = None
    elif branch_selectors.is_team_leader(user):
        employees = (
            Employee.objects.active()
            .filter(team__in=branch_selectors.teams_led_by(user))
            .select_related("team")
        )
    else:
        raise PermissionDenied
    rows = selectors.eligibility_for_branch(branch, employees)
    rule = selectors.settings_of(branch)
    periods = rows[0].values if rows else []
    # Every per-person measure other apps register (e.g. the technical-evaluation grade), one
    # provider call each, shown beside each person for reference.
    measures = all_measure_values([r.employee.pk for r in rows], timezone.localdate())
    for row in rows:
        row.measures = [values.get(row.employee.pk) for _key, _label, values in measures]
    return render(
        request,
        "recognition/eligibility.html",
        {
            "rows": rows,
            "rule": rule,
            "periods": [p for p, _v in periods],
            "eligible_count": sum(r.eligible for r in rows),
            "measure_labels": [label for _key, label, _values in measures],
        },
    )


@login_required
def fairness(request, period_id: int | None = None):
    """How stars are spread over employment types and teams in a period."""
    branch = secretary_branch(request.user)
    periods = RatingPeriod.objects.filter(branch=branch).order_by("-start")
    if period_id is None:
        period_id = parse_object_id(request.GET.get("period"))
    period = (
        get_object_or_404(periods, pk=period_id)
        if period_id
        else (selectors.latest_period_with_approvals(branch) or periods.first())
    )
    report = selectors.fairness_report(period) if period else None
    return render(
        request,
        "recognition/fairness.html",
        {"period": period, "periods": periods, "report": report},
    )
