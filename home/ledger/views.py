"""The secretary's 台账 page: ask for a year's ledger, watch it being built, download it."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.selectors import branches_administered_by

from ..models import LedgerExport
from .services import EARLIEST_YEAR, ledger_export_request, ledger_file_path

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _branch(user):
    branch = branches_administered_by(user).order_by("pk").first()
    if branch is None:
        raise PermissionDenied
    return branch


@login_required
def ledger(request):
    branch = _branch(request.user)
    this_year = timezone.localdate().year
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            messages.error(request, _("Choose a year"))
            return redirect("home:ledger")
        try:
            ledger_export_request(branch=branch, year=year, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("The ledger is being built; this page shows its progress"))
        return redirect("home:ledger")
    exports = list(LedgerExport.objects.filter(branch=branch).select_related("requested_by")[:20])
    return render(
        request,
        "home/ledger.html",
        {
            "branch": branch,
            "exports": exports,
            "years": list(range(this_year, EARLIEST_YEAR - 1, -1))[:10],
            "refresh": any(e.in_progress for e in exports),
        },
    )


def _download(request, pk: int, kind: str):
    export = get_object_or_404(
        LedgerExport, pk=pk, branch__in=branches_administered_by(request.user)
    )
    path = ledger_file_path(export, kind)
    if path is None:
        raise Http404
    filename = _("%(branch)s %(year)s ledger.%(kind)s") % {
        "branch": export.branch.name,
        "year": export.year,
        "kind": kind,
    }
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def ledger_docx(request, pk: int):
    return _download(request, pk, "docx")


@login_required
def ledger_pdf(request, pk: int):
    return _download(request, pk, "pdf")
