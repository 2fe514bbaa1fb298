"""Thin views of the recognition pages: parse the request, call a selector or a service, render."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.models import Employee, Team
from branch.spreadsheets import xlsx_response

from . import forms, selectors, services
from .models import (
    AwardLevel,
    Incident,
    RatingCriterion,
    RatingPeriod,
    StarRating,
    SuggestionStatus,
)
from .plaques import plaque_pdf


def _branch_or_404(user):
    branch = selectors.home_branch_of(user)
    if branch is None:
        raise PermissionDenied
    return branch


def _secretary_branch(user):
    branch = branch_selectors.branches_administered_by(user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# ---------------------------------------------------------------- star ratings


@login_required
def ratings_home(request):
    """The star rating overview: the open periods and, per team the user rates or approves,
    how far the rating has come."""
    user = request.user
    branch = _branch_or_404(user)
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
    member_forms = []
    for row in rows:
        initial = {f"c{cid}": str(stars) for cid, stars in row.stars.items()}
        initial["comment"] = row.rating.comment if row.rating else ""
        form = forms.MemberRatingForm(
            data if row.editable else None,
            criteria=criteria,
            row=row,
            prefix=f"m{row.employee.pk}",
            initial=initial,
        )
        member_forms.append(form)
    if data is not None:
        submit = "submit" in data
        active_forms = [f for f in member_forms if f.row.editable]
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
                messages.error(request, _error_text(exc))
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
    submitted = [r for r in rows if r.rating and r.rating.status == StarRating.Status.SUBMITTED]
    return render(
        request,
        "recognition/rating_sheet.html",
        {
            "period": period,
            "team": team,
            "criteria": criteria,
            "member_forms": member_forms,
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
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Approved the ratings of %(n)d people.") % {"n": len(approved)})
    return redirect("recognition:rating_sheet", period.pk, team.pk)


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
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request, _("Returned the rating of %(name)s.") % {"name": rating.employee.name}
            )
    return redirect("recognition:rating_sheet", rating.period_id, rating.team_id)


def _wall_period(request, branch):
    period_id = parse_object_id(request.GET.get("period"))
    if period_id is not None:
        return get_object_or_404(RatingPeriod, pk=period_id, branch=branch)
    return selectors.latest_period_with_approvals(branch)


@login_required
def star_wall(request, team_id: int | None = None):
    """The star wall (星级员工墙) of the branch or of one team: approved ratings, best first."""
    branch = _branch_or_404(request.user)
    team = get_object_or_404(Team, pk=team_id, branch=branch) if team_id else None
    period = _wall_period(request, branch)
    ratings = selectors.star_wall(period, team) if period else StarRating.objects.none()
    return render(
        request,
        "recognition/star_wall.html",
        {
            "branch": branch,
            "team": team,
            "period": period,
            "ratings": ratings,
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
        selectors.ratings_visible_to(request.user)
        .filter(status=StarRating.Status.APPROVED)
        .select_related("period__branch"),
        pk=pk,
    )
    response = HttpResponse(plaque_pdf([rating]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plaque-{rating.pk}.pdf"'
    return response


@login_required
def plaques_batch(request, period_id: int):
    """All plaques of a period (optionally one team) in one PDF to print."""
    period = get_object_or_404(RatingPeriod.objects.select_related("branch"), pk=period_id)
    ratings = selectors.ratings_visible_to(request.user).filter(
        period=period, status=StarRating.Status.APPROVED
    )
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
    branch = _branch_or_404(user)
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
    return render(
        request,
        "recognition/eligibility.html",
        {
            "rows": rows,
            "rule": rule,
            "periods": [p for p, _v in periods],
            "eligible_count": sum(r.eligible for r in rows),
        },
    )


@login_required
def fairness(request, period_id: int | None = None):
    """How stars are spread over employment types and teams in a period."""
    branch = _secretary_branch(request.user)
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


# ---------------------------------------------------------------- suggestions


@login_required
def suggestion_list(request):
    """Suggestions the user may see, newest first; overdue ones are marked and can be filtered."""
    user = request.user
    qs = selectors.suggestions_visible_to(user)
    status = request.GET.get("status")
    if status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    now = timezone.now()
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        qs = qs.filter(selectors.overdue_q(now))
    page = Paginator(qs.order_by("-submitted_at", "-pk"), 30).get_page(request.GET.get("page"))
    for suggestion in page:
        suggestion.overdue = suggestion.is_overdue(now)
    return render(
        request,
        "recognition/suggestion_list.html",
        {
            "page": page,
            "statuses": SuggestionStatus.choices,
            "filters": {"status": status or "", "overdue": overdue_only},
            "overdue_count": selectors.suggestions_visible_to(user)
            .filter(selectors.overdue_q(now))
            .count(),
        },
    )


@login_required
def suggestion_new(request):
    """Submit a suggestion from a phone; a leader may submit for a member without an account."""
    user = request.user
    me = branch_selectors.employee_of(user)
    led = branch_selectors.teams_led_by(user)
    on_behalf = None
    if branch_selectors.is_team_leader(user) or selectors.branch_ids_of(user):
        on_behalf = Employee.objects.active().filter(
            team__in=led
        ) | Employee.objects.active().filter(branch_id__in=selectors.branch_ids_of(user))
        on_behalf = on_behalf.distinct().order_by("team__name", "staff_no")
    if me is None and on_behalf is None:
        raise PermissionDenied
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, employees=on_behalf)
    if on_behalf is not None and me is not None:
        form.fields["employee"].initial = me.pk
    if request.method == "POST" and form.is_valid():
        employee = form.cleaned_data.get("employee") or me
        try:
            suggestion = services.suggestion_submit(
                employee=employee,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                what=form.cleaned_data["what"],
                why=form.cleaned_data["why"],
                photo=form.cleaned_data.get("photo"),
                by=user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Suggestion submitted; you will get a reply by %(date)s.")
                % {"date": timezone.localtime(suggestion.response_deadline).strftime("%Y-%m-%d")},
            )
            return redirect("recognition:suggestion_detail", suggestion.pk)
    return render(request, "recognition/suggestion_form.html", {"form": form})


@login_required
def suggestion_detail(request, pk: int):
    """A suggestion with its responses; the secretary answers and awards here."""
    user = request.user
    suggestion = get_object_or_404(selectors.suggestions_visible_to(user), pk=pk)
    can_respond = selectors.can_approve(user, suggestion.branch)
    response_form = award_form = None
    if can_respond and suggestion.allowed_next:
        response_form = forms.ResponseForm(
            request.POST if request.POST.get("action") == "respond" else None, suggestion=suggestion
        )
    award = getattr(suggestion, "award", None) if hasattr(suggestion, "award") else None
    if can_respond and suggestion.awardable and award is None:
        award_form = forms.AwardForm(
            request.POST if request.POST.get("action") == "award" else None,
            branch=suggestion.branch,
        )
    if request.method == "POST":
        if not can_respond:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "respond" and response_form is not None and response_form.is_valid():
                services.suggestion_respond(
                    suggestion=suggestion,
                    to_status=response_form.cleaned_data["to_status"],
                    text=response_form.cleaned_data["text"],
                    by=user,
                )
                messages.success(request, _("Replied; the suggester will be notified."))
                return redirect("recognition:suggestion_detail", pk)
            if action == "award" and award_form is not None and award_form.is_valid():
                services.award_grant(
                    suggestion=suggestion,
                    level=award_form.cleaned_data["level"],
                    amount=award_form.cleaned_data["amount"],
                    awarded_on=award_form.cleaned_data["awarded_on"],
                    note=award_form.cleaned_data["note"],
                    by=user,
                )
                messages.success(request, _("Suggestion award granted."))
                return redirect("recognition:suggestion_detail", pk)
            if action == "award" and award_form is None:
                messages.error(request, _("Only adopted suggestions can receive an award."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return render(
        request,
        "recognition/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "responses": suggestion.responses.select_related("responded_by").order_by(
                "created_at", "pk"
            ),
            "response_form": response_form,
            "award_form": award_form,
            "award": award,
            "overdue": suggestion.is_overdue(),
        },
    )


@login_required
def suggestion_photo(request, pk: int):
    """The photo of a suggestion, streamed only to people who may see the suggestion."""
    branch = selectors.home_branch_of(request.user)
    suggestion = selectors.suggestions_visible_to(request.user).filter(pk=pk).first() or (
        selectors.suggestion_board(branch).filter(pk=pk).first() if branch else None
    )
    if suggestion is None or not suggestion.photo:
        raise Http404
    content_type = "image/png" if suggestion.photo.name.endswith(".png") else "image/jpeg"
    with suggestion.photo.open("rb") as handle:
        return HttpResponse(handle.read(), content_type=content_type)


@login_required
def suggestion_board(request):
    """你提我改: the branch's adopted and implemented suggestions, for its members."""
    me = branch_selectors.employee_of(request.user)
    branch = _branch_or_404(request.user)
    if me is None and not selectors.can_approve(request.user, branch):
        raise PermissionDenied
    page = Paginator(selectors.suggestion_board(branch), 30).get_page(request.GET.get("page"))
    return render(request, "recognition/suggestion_board.html", {"page": page, "branch": branch})


def _ledger_year(request) -> int:
    value = request.GET.get("year", "")
    return (
        int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year
    )


@login_required
def award_ledger(request):
    branch = _secretary_branch(request.user)
    year = _ledger_year(request)
    awards = selectors.award_ledger(branch, year)
    total = sum((a.amount for a in awards), start=0)
    return render(
        request,
        "recognition/award_ledger.html",
        {"awards": awards, "year": year, "total": total, "years": range(year - 3, year + 1)},
    )


@login_required
def award_ledger_xlsx(request):
    branch = _secretary_branch(request.user)
    year = _ledger_year(request)
    rows = [
        (
            a.awarded_on,
            a.suggestion.employee.staff_no,
            a.suggestion.employee.name,
            a.suggestion.team.name if a.suggestion.team else "",
            a.suggestion.get_kind_display(),
            a.suggestion.title,
            a.suggestion.get_status_display(),
            a.level.name,
            float(a.amount),
            a.note,
        )
        for a in selectors.award_ledger(branch, year)
    ]
    header = [
        "颁奖日期",
        "工号",
        "姓名",
        "班组",
        "类别",
        "建议标题",
        "状态",
        "奖项",
        "奖金（元）",
        "备注",
    ]
    return xlsx_response(f"合理化建议奖台账-{year}.xlsx", [(f"{year}年", header, rows)])


# ---------------------------------------------------------------- visions, commitments, safety


@login_required
def vision_board(request):
    """The branch's vision and big goals, safe days per team, team visions and commitments."""
    user = request.user
    branch = _branch_or_404(user)
    year = timezone.localdate().year
    branch_vision, team_visions = selectors.visions_for(branch, year)
    branch_days, team_days = selectors.safe_days(branch)
    led_ids = set(selectors.team_ids_led_by(user))
    is_secretary = selectors.can_approve(user, branch)
    commitments = selectors.with_recent_checkins(
        selectors.commitments_visible_to(user).filter(employee__branch=branch)
    ).order_by("employee__team__name", "employee__staff_no", "-start_on")
    today = timezone.localdate()
    commitments = [
        c
        for c in commitments
        if c.end_on is None or c.end_on >= today - datetime.timedelta(days=30)
    ]
    teams = [
        {
            "team": row.team,
            "safe": row,
            "vision": team_visions.get(row.team.pk),
            "can_edit": is_secretary or row.team.pk in led_ids,
        }
        for row in team_days
    ]
    return render(
        request,
        "recognition/vision_board.html",
        {
            "branch": branch,
            "year": year,
            "branch_vision": branch_vision,
            "branch_days": branch_days,
            "teams": teams,
            "commitments": commitments,
            "is_secretary": is_secretary,
            "is_leader": bool(led_ids),
            "led_ids": led_ids,
            "checkin_form": forms.CheckInForm(),
            "incidents": Incident.objects.filter(branch=branch).select_related("team")[:5]
            if is_secretary
            else [],
        },
    )


@login_required
def vision_edit(request, team_id: int | None = None):
    user = request.user
    branch = _branch_or_404(user)
    team = get_object_or_404(Team, pk=team_id, branch=branch) if team_id else None
    year = timezone.localdate().year
    branch_vision, team_visions = selectors.visions_for(branch, year)
    current = team_visions.get(team.pk) if team else branch_vision
    if team is None and not selectors.can_approve(user, branch):
        raise PermissionDenied
    if team is not None and not (
        selectors.can_rate_team(user, team) or selectors.can_approve(user, branch)
    ):
        raise PermissionDenied
    initial = {"text": current.text, "goals": current.goals} if current else {}
    if team is None and not current:
        initial["goals"] = "零事故、零伤害、零污染"
    form = forms.VisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.vision_save(
                branch=branch,
                team=team,
                year=year,
                by=user,
                text=form.cleaned_data["text"],
                goals=form.cleaned_data["goals"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Vision saved."))
            return redirect("recognition:vision_board")
    return render(
        request, "recognition/vision_form.html", {"form": form, "team": team, "year": year}
    )


@login_required
def commitment_new(request):
    user = request.user
    branch = _branch_or_404(user)
    if selectors.can_approve(user, branch):
        employees = Employee.objects.active().filter(branch=branch)
    else:
        employees = Employee.objects.active().filter(team__in=branch_selectors.teams_led_by(user))
    if not employees.exists():
        raise PermissionDenied
    form = forms.CommitmentForm(
        request.POST or None, employees=employees.order_by("team__name", "staff_no")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pledge recorded."))
            return redirect("recognition:vision_board")
    return render(request, "recognition/commitment_form.html", {"form": form})


@login_required
@require_POST
def commitment_check_in(request, pk: int):
    commitment = get_object_or_404(
        selectors.commitments_visible_to(request.user).select_related("employee__team__branch"),
        pk=pk,
    )
    form = forms.CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please fill in the date and whether the pledge was kept."))
    else:
        try:
            services.commitment_check_in(
                commitment=commitment, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _("Recorded whether %(name)s kept the pledge.")
                % {"name": commitment.employee.name},
            )
    return redirect(reverse("recognition:vision_board") + f"#commitment-{commitment.pk}")


@login_required
def incident_new(request):
    branch = _secretary_branch(request.user)
    form = forms.IncidentForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_record(branch=branch, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Safety incident recorded, safe days recounted."))
            return redirect("recognition:vision_board")
    return render(request, "recognition/incident_form.html", {"form": form})


# ---------------------------------------------------------------- the secretary's set-up

SETUP = {
    "criteria": (RatingCriterion, forms.CriterionForm, "评定项目"),
    "periods": (RatingPeriod, forms.PeriodForm, "评定周期"),
    "award-levels": (AwardLevel, forms.AwardLevelForm, "建议奖等级"),
}


@login_required
def setup(request, kind: str = "criteria", pk: int | None = None):
    """The secretary's settings: criteria with weights, periods, award levels and the branch's
    rules. Everything is scoped to the secretary's branch."""
    branch = _secretary_branch(request.user)
    if kind == "settings":
        instance = services.settings_get_or_create(branch=branch)
        form = forms.SettingsForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("recognition:setup", "settings")
        return render(
            request,
            "recognition/setup.html",
            {"form": form, "kind": kind, "sections": SETUP, "title": _("Rules")},
        )
    if kind not in SETUP:
        raise Http404
    model, form_class, title = SETUP[kind]
    if kind == "criteria":
        services.criteria_ensure_defaults(branch=branch)
    objects = model.objects.filter(branch=branch)
    instance = get_object_or_404(objects, pk=pk) if pk else model(branch=branch)
    if kind == "periods" and pk is None:
        rule = selectors.settings_of(branch)
        start, end = services.period_bounds(rule.rating_kind, timezone.localdate())
        initial = {"kind": rule.rating_kind, "start": start, "end": end}
    else:
        initial = None
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.branch = branch
        try:
            with transaction.atomic():
                obj.full_clean()
                obj.save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("recognition:setup", kind)
    return render(
        request,
        "recognition/setup.html",
        {
            "form": form,
            "objects": objects,
            "kind": kind,
            "sections": SETUP,
            "title": title,
            "editing": pk,
        },
    )
