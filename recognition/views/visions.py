"""Visions, commitments and check-ins, incidents and safe days."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.models import Employee, Team
from home.registries import render_team_board_panels

from .. import forms, selectors, services
from ..models import (
    Incident,
)
from .common import branch_or_404, error_text, secretary_branch

# ---------------------------------------------------------------- visions, commitments, safety


@login_required
def vision_board(request):
    """The branch's vision and big goals, safe days per team, team visions and commitments."""
    user = request.user
    branch = branch_or_404(user)
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
            # panels other apps register for a team's board (e.g. savings to date)
            "panels": render_team_board_panels(row.team, request),
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
    branch = branch_or_404(user)
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
    branch = branch_or_404(user)
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
        response = once(request, lambda: _commitment_create(request, form))
        if response is not None:
            return response
    return render(request, "recognition/commitment_form.html", {"form": form})


def _commitment_create(request, form):
    try:
        services.commitment_create(by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("Pledge recorded."))
    return redirect("recognition:vision_board")


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
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("Recorded whether %(name)s kept the pledge.")
                % {"name": commitment.employee.name},
            )
    return redirect(reverse("recognition:vision_board") + f"#commitment-{commitment.pk}")


@login_required
def incident_new(request):
    branch = secretary_branch(request.user)
    form = forms.IncidentForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        response = once(request, lambda: _incident_record(request, form, branch))
        if response is not None:
            return response
    return render(request, "recognition/incident_form.html", {"form": form})


def _incident_record(request, form, branch):
    try:
        services.incident_record(branch=branch, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("Safety incident recorded, safe days recounted."))
    return redirect("recognition:vision_board")
