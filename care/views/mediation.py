"""Family-dispute mediation records (confidential, like hardship cases: 404 to anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.models import Employee
from branch.paging import paginate

from .. import selectors, services
from ..forms import MediationForm, MediationUpdateForm
from ..models import HardshipCase
from .common import User, secretary_branch, show_errors


@login_required
def mediation_list(request):
    page = paginate(
        request, selectors.mediations_visible_to(request.user).order_by("-created_at", "-pk")
    )
    return render(
        request,
        "care/mediation_list.html",
        {
            "mediations": page.object_list,
            "page": page,
            "is_secretary": branch_selectors.is_secretary(request.user),
        },
    )


@login_required
def mediation_create(request):
    branch = secretary_branch(request)
    form = MediationForm(
        request.POST or None,
        employees=Employee.objects.active().filter(branch=branch).select_related("team"),
        handlers=User.objects.filter(employee__branch=branch, is_active=True).select_related(
            "employee"
        ),
        cases=HardshipCase.objects.filter(branch=branch).select_related("employee"),
    )
    if request.method == "POST" and form.is_valid():

        def _create():
            data = form.cleaned_data
            try:
                mediation = services.mediation_create(
                    branch=branch, created_by=request.user, **data
                )
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("care:mediation_detail", pk=mediation.pk)
            return None

        response = once(request, _create)
        if response is not None:
            return response
    return render(request, "care/mediation_form.html", {"form": form})


@login_required
def mediation_detail(request, pk: int):
    mediation = selectors.mediations_visible_to(request.user).filter(pk=pk).first()
    if mediation is None:
        raise Http404
    if request.method == "POST":
        form = MediationUpdateForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.mediation_update(mediation=mediation, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("care:mediation_detail", pk=mediation.pk)
    services.mediation_access_log(mediation=mediation, user=request.user)
    is_secretary = branch_selectors.is_secretary(request.user, mediation.branch)
    case_readable = mediation.case is not None and (
        is_secretary or mediation.case.handlers.filter(pk=request.user.pk).exists()
    )
    return render(
        request,
        "care/mediation_detail.html",
        {
            "mediation": mediation,
            "handlers": mediation.handlers.select_related("employee"),
            "case_readable": case_readable,
            "logs": mediation.access_logs.select_related("user__employee")[:20]
            if is_secretary
            else [],
            "form": MediationUpdateForm(
                initial={
                    "agreed": mediation.agreed,
                    "follow_up_on": mediation.follow_up_on,
                    "status": mediation.status,
                }
            ),
        },
    )
