"""Hardship cases (confidential)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.models import Employee
from branch.paging import paginate

from .. import selectors, services
from ..forms import (
    AttachmentForm,
    CaseForm,
    CaseUpdateForm,
    StatusForm,
    VisitForm,
)
from ..models import (
    CaseStatus,
    HardshipCase,
)
from .common import User, secretary_branch, show_errors

# ---------------------------------------------------------------- hardship cases


def _case_for(request, pk) -> HardshipCase:
    """The case, or 404 for anyone who may not read it (never 403: ids are not confirmed)."""
    case = selectors.cases_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


@login_required
def case_list(request):
    cases = selectors.cases_visible_to(request.user).order_by("-created_at", "-pk")
    page = paginate(request, cases)
    return render(
        request,
        "care/case_list.html",
        {
            "cases": page.object_list,
            "page": page,
            "is_secretary": branch_selectors.is_secretary(request.user),
        },
    )


def _handler_choices(branch):
    return User.objects.filter(employee__branch=branch, is_active=True).select_related("employee")


@login_required
def case_create(request):
    branch = secretary_branch(request)
    form = CaseForm(
        request.POST or None,
        employees=Employee.objects.active().filter(branch=branch).select_related("team"),
        handlers=_handler_choices(branch),
    )
    if request.method == "POST" and form.is_valid():

        def _create():
            data = form.cleaned_data
            case = services.case_create(
                branch=branch,
                employee=data["employee"],
                category=data["category"],
                description=data["description"],
                handlers=data["handlers"],
                follow_up_on=data["follow_up_on"],
                created_by=request.user,
            )
            messages.success(request, _("Recorded."))
            return redirect("care:case_detail", pk=case.pk)
            return None

        response = once(request, _create)
        if response is not None:
            return response
    return render(request, "care/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    case = _case_for(request, pk)
    is_secretary = branch_selectors.is_secretary(request.user, case.branch)
    if request.method == "POST":
        if request.POST.get("action") == "visit":  # a visit is a new record: once per form
            return once(request, lambda: _case_post(request, case, is_secretary))
        return _case_post(request, case, is_secretary)
    services.case_access_log(case=case, user=request.user)
    history = case.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "care/case_detail.html",
        {
            "case": case,
            "visits": case.visits.select_related("visitor__employee"),
            "attachments": case.attachments.all(),
            "handlers": case.handlers.select_related("employee"),
            "history": history,
            "logs": case.access_logs.select_related("user__employee")[:20] if is_secretary else [],
            "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}),
            "status_form": StatusForm(initial={"status": case.status}),
            "next_statuses": [
                (value, label)
                for value, label in CaseStatus.choices
                if value in services.TRANSITIONS[CaseStatus(case.status)]
            ],
            "attachment_form": AttachmentForm(),
            "update_form": CaseUpdateForm(
                handlers=_handler_choices(case.branch),
                initial={"handlers": list(case.handlers.all()), "follow_up_on": case.follow_up_on},
            )
            if is_secretary
            else None,
            "is_secretary": is_secretary,
        },
    )


def _case_post(request, case, is_secretary):
    action = request.POST.get("action")
    try:
        if action == "visit":
            form = VisitForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.visit_record(case=case, visitor=request.user, **form.cleaned_data)
            messages.success(request, _("Visit recorded."))
        elif action == "status":
            services.case_transition(
                case=case, status=request.POST.get("status", ""), user=request.user
            )
            messages.success(request, _("Status updated."))
        elif action == "update":
            if not is_secretary:
                raise PermissionDenied
            form = CaseUpdateForm(request.POST, handlers=_handler_choices(case.branch))
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.case_update(
                case=case,
                user=request.user,
                handlers=list(form.cleaned_data["handlers"]),
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
            messages.success(request, _("Case handlers and follow-up date updated."))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.attachment_add(case=case, upload=form.cleaned_data["file"], user=request.user)
            messages.success(request, _("Attachment uploaded."))
        else:
            raise ValidationError(_("Unknown action"))
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("care:case_detail", pk=case.pk)


@login_required
def case_attachment(request, pk: int, attachment_id: int):
    case = _case_for(request, pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_id)
    services.case_access_log(case=case, user=request.user, action="download")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
