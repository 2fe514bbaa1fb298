"""The secretary's training set-up: plans and team calendars, exams, contests (create,
enter people, score, publish). Every page is limited to the secretary's branch; another
branch's objects answer 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors

from .. import services
from ..forms import ContestForm, EntryForm, ExamForm, PlanForm, ScoreForm, WorkCalendarForm
from ..models import Contest, ContestEvent, Entry, Plan, WorkCalendar
from .common import error_text


def _secretary_branch(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def _generate_ahead(branch) -> int:
    today = timezone.localdate()
    return services.sessions_generate(
        start=today, end=today + datetime.timedelta(days=services.AHEAD_DAYS), branch=branch
    )


@login_required
def plans(request):
    """The branch's plan and the teams' own plans, each team's shift calendar, and a form to
    add a plan; saving a plan creates its coming sessions at once."""
    branch = _secretary_branch(request)
    plan_form = PlanForm(branch=branch, prefix="plan")
    calendar_form = WorkCalendarForm(branch=branch, prefix="cal")
    if request.method == "POST":
        if request.POST.get("action") == "calendar":
            calendar_form = WorkCalendarForm(request.POST, branch=branch, prefix="cal")
            if calendar_form.is_valid():
                data = calendar_form.cleaned_data
                try:
                    services.work_calendar_set(
                        team=data["team"], days_on=data["days_on"], days_off=data["days_off"],
                        pattern_start=data["pattern_start"],
                    )  # fmt: skip
                except ValidationError as exc:
                    calendar_form.add_error(None, error_text(exc))
                else:
                    messages.success(request, _("The team's working days are saved."))
                    return redirect("training:plans")
        else:
            plan_form = PlanForm(request.POST, branch=branch, prefix="plan")
            if plan_form.is_valid():
                new = _generate_ahead(branch) if plan_form.save() else 0
                messages.success(
                    request,
                    _("The plan is saved; %(n)s coming sessions created.") % {"n": new},
                )
                return redirect("training:plans")
    return render(
        request,
        "training/plans.html",
        {
            "plans": Plan.objects.filter(branch=branch).select_related("team"),
            "calendars": WorkCalendar.objects.filter(team__branch=branch).select_related("team"),
            "plan_form": plan_form,
            "calendar_form": calendar_form,
            "is_secretary": True,
        },
    )


@login_required
def plan_edit(request, pk: int):
    branch = _secretary_branch(request)
    plan = get_object_or_404(Plan, pk=pk, branch=branch)
    form = PlanForm(request.POST or None, instance=plan, branch=branch, prefix="plan")
    if request.method == "POST" and form.is_valid():
        form.save()
        new = _generate_ahead(branch)
        messages.success(
            request, _("The plan is saved; %(n)s coming sessions created.") % {"n": new}
        )
        return redirect("training:plans")
    return render(
        request, "training/plan_edit.html", {"form": form, "plan": plan, "is_secretary": True}
    )


@login_required
def exam_create(request):
    branch = _secretary_branch(request)
    form = ExamForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exam = services.exam_create(
                branch=branch, title=data["title"], opens_at=data["opens_at"],
                closes_at=data["closes_at"], questions=data["questions"],
                max_attempts=data["max_attempts"], session=data["session"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The exam %(title)s is set.") % {"title": exam.title})
            return redirect("training:index")
    return render(
        request,
        "training/exam_form.html",
        {"form": form, "question_count": form.fields["questions"].queryset.count(),
         "is_secretary": True},
    )  # fmt: skip


@login_required
def contest_create(request):
    branch = _secretary_branch(request)
    form = ContestForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contest = services.contest_create(
                branch=branch, title=data["title"], held_on=data["held_on"],
                events=data["events"], session=data["session"], places=data["places"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            return redirect("training:contest_manage", pk=contest.pk)
    return render(request, "training/contest_form.html", {"form": form, "is_secretary": True})


@login_required
def contest_manage(request, pk: int):
    """Enter people in events (the entry rule checked), record scores, publish the results."""
    branch = _secretary_branch(request)
    contest = get_object_or_404(Contest, pk=pk, branch=branch)
    entry_form = EntryForm(branch=branch)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "enter":
                entry_form = EntryForm(request.POST, branch=branch)
                if entry_form.is_valid():
                    event = get_object_or_404(
                        ContestEvent, pk=entry_form.cleaned_data["event"], contest=contest
                    )
                    services.entry_add(
                        event=event, employee=entry_form.cleaned_data["employee"],
                        user=request.user,
                    )  # fmt: skip
                    messages.success(request, _("Entered."))
                    return redirect("training:contest_manage", pk=contest.pk)
            elif action == "score":
                form = ScoreForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Enter a score from 0 to 100."))
                entry = get_object_or_404(
                    Entry, pk=form.cleaned_data["entry"], event__contest=contest
                )
                services.entry_score_set(
                    entry=entry, score=form.cleaned_data["score"], user=request.user
                )
                messages.success(request, _("Score saved."))
                return redirect("training:contest_manage", pk=contest.pk)
            elif action == "publish":
                services.contest_publish(contest=contest, user=request.user)
                messages.success(request, _("The results are published to the branch."))
                return redirect("training:contest_detail", pk=contest.pk)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if action != "enter":
                return redirect("training:contest_manage", pk=contest.pk)
    events = contest.events.order_by("pk").prefetch_related(
        Prefetch(
            "entries",
            queryset=Entry.objects.select_related("employee", "employee__team").order_by(
                "rank", "employee__staff_no"
            ),
        )
    )
    return render(
        request,
        "training/contest_manage.html",
        {"contest": contest, "events": events, "entry_form": entry_form, "is_secretary": True,
         "rule": services.evaluation_rule_of(branch)},
    )  # fmt: skip
