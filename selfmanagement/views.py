"""Thin views of self-management: the shift economics page, a job's lines, the item catalogue
(with .xlsx import) and team analyses. Leaders see their teams, the secretary the branch."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.models import Employee
from branch.paging import paginate
from branch.roster import RosterImportError

from . import selectors, services
from .forms import ActualForm, AnalysisForm, ImportForm, ItemForm, JobPlanForm
from .models import CostItem


def _errors(request, exc):
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


def _require_keeper(request):
    teams = list(selectors.teams_of(request.user))
    if not teams:
        raise PermissionDenied
    return teams


def _branch_of(teams):
    return teams[0].branch


def _month(request, value) -> datetime.date:
    try:
        month = datetime.datetime.strptime(str(value or ""), "%Y-%m").date()
    except ValueError:
        month = None
    if month is None or not 2000 <= month.year <= 2100:
        if value:  # said, not silently replaced: the month asked for is not a month
            messages.warning(
                request, _("“%(text)s” is not a month; showing this month.") % {"text": value[:20]}
            )
        month = timezone.localdate().replace(day=1)
    return month


@login_required
def economics(request):
    """算经济账: this month's jobs with planned and actual costs, per team and per month."""
    teams = _require_keeper(request)
    branch = _branch_of(teams)
    items = CostItem.objects.filter(branch=branch, active=True)
    form = JobPlanForm(
        request.POST or None, teams=selectors.teams_of(request.user), items=items,
        initial={"date": timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                job = services.job_plan(
                    team=form.cleaned_data["team"], by=request.user, date=form.cleaned_data["date"],
                    job=form.cleaned_data["job"], planned=form.planned(),
                )  # fmt: skip
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Planned."))
                return redirect("selfmanagement:job_detail", pk=job.pk)
            return None

        response = once(request, _create)
        if response is not None:
            return response
    month = _month(request, request.GET.get("month"))
    return render(
        request,
        "selfmanagement/economics.html",
        {"form": form, "month": month, "has_items": items.exists(),
         **selectors.economics(request.user, month)},
    )  # fmt: skip


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    people = Employee.objects.active().filter(branch=job.branch).order_by("team__name", "staff_no")
    lines = list(job.lines.select_related("item", "checked_by").order_by("id"))
    if request.method == "POST":
        line = next((x for x in lines if str(x.pk) == request.POST.get("line")), None)
        if line is None:
            raise Http404
        form = ActualForm(request.POST, people=people)
        try:
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.line_record_actual(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("selfmanagement:job_detail", pk=job.pk)
    totals = selectors.Totals()
    for line in lines:
        totals.add(line)
    rows = [
        (line, ActualForm(people=people, auto_id=False, initial={
            "actual_qty": line.actual_qty, "checked_by": line.checked_by_id}))
        for line in lines
    ]  # fmt: skip
    return render(request, "selfmanagement/job_detail.html",
                  {"job": job, "rows": rows, "totals": totals})  # fmt: skip


@login_required
def items(request):
    teams = _require_keeper(request)
    branch = _branch_of(teams)
    is_secretary = branch_selectors.is_secretary(request.user, branch)
    form = ItemForm(request.POST or None) if is_secretary else None
    import_form = ImportForm() if is_secretary else None
    import_errors = []
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied
        if "file" in request.FILES:
            import_form = ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    created, updated = services.items_import(
                        branch=branch, by=request.user,
                        data=import_form.cleaned_data["file"].read(),
                    )  # fmt: skip
                except RosterImportError as exc:
                    import_errors = [str(e) for e in exc.errors]
                else:
                    messages.success(
                        request,
                        _("Imported: %(c)d new, %(u)d updated.") % {"c": created, "u": updated},
                    )
                    return redirect("selfmanagement:items")
        elif form.is_valid():
            try:
                services.item_save(branch=branch, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("selfmanagement:items")
    return render(
        request,
        "selfmanagement/items.html",
        {"items": CostItem.objects.filter(branch=branch), "form": form,
         "import_form": import_form, "import_errors": import_errors},
    )  # fmt: skip


@login_required
def analysis_list(request):
    teams = _require_keeper(request)
    page = paginate(
        request,
        selectors.analyses_visible_to(request.user)
        .prefetch_related("measures__owner")
        .order_by("-held_on", "-pk"),
        20,
    )
    return render(request, "selfmanagement/analysis_list.html",
                  {"teams": teams, "analyses": page.object_list, "page": page,
                   "today": timezone.localdate()})  # fmt: skip


@login_required
def analysis_new(request, team_id: int):
    team = get_object_or_404(selectors.teams_of(request.user), pk=team_id)
    people = Employee.objects.active().filter(branch=team.branch).order_by("team__name", "staff_no")
    form = AnalysisForm(
        request.POST or None, people=people, open_measures=selectors.open_measures(team),
        initial={"held_on": timezone.localdate(),
                 "attendees": list(people.filter(team=team))},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                services.analysis_record(
                    team=team, by=request.user, held_on=form.cleaned_data["held_on"],
                    attendees=list(form.cleaned_data["attendees"]),
                    went_well=form.cleaned_data["went_well"], problems=form.cleaned_data["problems"],
                    measures=form.measures(), follow_ups=form.follow_ups(),
                )  # fmt: skip
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("selfmanagement:analysis_list")
            return None

        response = once(request, _create)
        if response is not None:
            return response
    return render(request, "selfmanagement/analysis_form.html", {"team": team, "form": form})
