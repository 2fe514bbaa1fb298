"""The secretary's compliance view and the yearly requirement per kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.forms import parse_object_id

from .. import compliance, services
from ..models import Frequency, MeetingKind
from .common import secretary_branch, show_errors


@login_required
def compliance_view(request):
    branch = secretary_branch(request)
    today = timezone.localdate()
    year = parse_object_id(request.GET.get("year")) or today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    report = compliance.branch_compliance(branch, year, today)
    return render(
        request,
        "partylife/compliance.html",
        {
            "report": report,
            "branch": branch,
            "months": range(1, 13),
            "years": range(today.year - 3, today.year + 1),
            "labels": compliance.STATUS_LABELS,
        },
    )


@login_required
def requirements_view(request):
    branch = secretary_branch(request)
    wanted = compliance.requirements_of(branch)
    kinds = [(k, label) for k, label in MeetingKind.choices if k != MeetingKind.TALK]
    if request.method == "POST":
        try:
            for kind, _label in kinds:
                value = request.POST.get(f"f_{kind}", "")
                if value == "none":
                    frequency = wanted.get(kind) or Frequency.YEARLY
                    services.requirement_set(
                        branch=branch, kind=kind, frequency=frequency, required=False
                    )
                elif value in Frequency.values:
                    services.requirement_set(branch=branch, kind=kind, frequency=value)
                else:
                    raise ValidationError(_("Choose how often each kind is required."))
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partylife:compliance")
    return render(
        request,
        "partylife/requirements.html",
        {
            "rows": [(k, label, wanted.get(k) or "none") for k, label in kinds],
            "frequencies": Frequency.choices,
        },
    )
