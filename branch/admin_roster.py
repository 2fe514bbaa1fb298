"""Wagtail admin views for the roster (花名册): upload → preview (a dry run) → confirm, and the
export download. Secretaries reach only the branches they administer; superusers any.

The uploaded bytes wait between preview and confirm under
``PRIVATE_STORAGE_ROOT/roster_uploads/<uuid4>.<ext>`` (never under MEDIA), named by a token kept
in the uploader's session; confirm checks the file again before writing and deletes it after.
"""

import re
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .roster import (
    COLUMNS,
    REQUIRED_COLUMNS,
    RosterImportError,
    detect_kind,
    export_filename,
    export_roster,
    import_roster,
    roster_template,
)
from .selectors import branches_administered_by
from .spreadsheets import XLSX_CONTENT_TYPE

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "roster_uploads"
STALE_AFTER_SECONDS = 24 * 60 * 60
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def upload_dir() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT) / "roster_uploads"


def _sweep_stale_uploads() -> None:
    """Remove uploads nobody confirmed within a day."""
    folder = upload_dir()
    if not folder.is_dir():
        return
    limit = time.time() - STALE_AFTER_SECONDS
    for item in folder.iterdir():
        try:
            if item.is_file() and item.stat().st_mtime < limit:
                item.unlink()
        except OSError:
            continue


def _administered(request):
    branches = branches_administered_by(request.user)
    if not branches.exists():
        raise PermissionDenied
    return branches


class RosterUploadForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=gettext_lazy("Party branch"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("Roster file"),
        help_text=gettext_lazy(".xlsx or .csv (UTF-8 or GBK encoded), up to 5 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        only = list(branches[:2])
        self.only_branch = only[0] if len(only) == 1 else None
        if self.only_branch is not None:
            self.fields["branch"].initial = self.only_branch.pk
            self.fields["branch"].required = False
            self.fields["branch"].widget = forms.HiddenInput()

    def clean_branch(self):
        return self.cleaned_data.get("branch") or self.only_branch

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("File too large: it may not exceed 5 MB"))
        data = b"".join(upload.chunks())
        try:
            self.kind = detect_kind(data)
        except RosterImportError as exc:
            raise forms.ValidationError([e.reason for e in exc.errors]) from exc
        self.data_bytes = data
        return upload


def _pending(request, token: str) -> dict:
    if not TOKEN_RE.match(token):
        raise Http404
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        raise Http404
    return entry


def _forget(request, token: str, entry: dict | None) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    if uploads.pop(token, None) is not None:
        request.session[SESSION_KEY] = uploads
    if entry:
        (upload_dir() / f"{token}.{entry['ext']}").unlink(missing_ok=True)


def upload(request):
    branches = _administered(request)
    form = RosterUploadForm(
        request.POST or None, request.FILES or None, branches=branches.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        _sweep_stale_uploads()
        token = uuid.uuid4().hex
        folder = upload_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{token}.{form.kind}").write_bytes(form.data_bytes)
        # One pending upload per session: a new upload discards the one not confirmed.
        for old_token, old_entry in list(request.session.get(SESSION_KEY, {}).items()):
            _forget(request, old_token, old_entry)
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "branch": form.cleaned_data["branch"].pk,
            "ext": form.kind,
            "name": form.cleaned_data["file"].name[:200],
        }
        request.session[SESSION_KEY] = uploads
        return redirect("roster_preview", token=token)
    return render(
        request,
        "branch/admin/roster_upload.html",
        {
            "form": form,
            "branches": branches.order_by("name"),
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "page_title": _("Import roster"),
            "header_icon": "upload",
        },
    )


def _load(request, token: str):
    entry = _pending(request, token)
    branch = get_object_or_404(_administered(request), pk=entry["branch"])
    file_path = upload_dir() / f"{token}.{entry['ext']}"
    if not file_path.is_file():
        _forget(request, token, None)
        messages.error(request, _("The uploaded file has expired, please upload it again"))
        return entry, branch, None
    return entry, branch, file_path.read_bytes()


def preview(request, token: str):
    entry, branch, data = _load(request, token)
    if data is None:
        return redirect("roster_upload")
    context = {
        "branch": branch,
        "filename": entry["name"],
        "token": token,
        "page_title": _("Roster preview"),
        "header_icon": "upload",
    }
    try:
        context["report"] = import_roster(
            branch=branch, file=data, filename=entry["name"], dry_run=True
        )
    except RosterImportError as exc:
        context["errors"] = exc.errors
        _forget(request, token, entry)
    return render(request, "branch/admin/roster_preview.html", context)


@require_POST
def confirm(request, token: str):
    entry, branch, data = _load(request, token)
    if data is None:
        return redirect("roster_upload")
    try:
        report = import_roster(branch=branch, file=data, filename=entry["name"], user=request.user)
    except RosterImportError as exc:
        return render(
            request,
            "branch/admin/roster_preview.html",
            {
                "branch": branch,
                "filename": entry["name"],
                "errors": exc.errors,
                "page_title": _("Roster preview"),
                "header_icon": "upload",
            },
        )
    finally:
        _forget(request, token, entry)
    messages.success(request, _("Roster imported: %(summary)s") % {"summary": report.summary()})
    return redirect("roster_upload")


def export(request, branch_id: int):
    branch = get_object_or_404(_administered(request), pk=branch_id)
    response = HttpResponse(export_roster(branch=branch), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(export_filename(branch))}"
    )
    return response


def template(request):
    _administered(request)
    response = HttpResponse(roster_template(), content_type=XLSX_CONTENT_TYPE)
    filename = _("roster-template.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def roster_urls():
    return [
        path("roster/", upload, name="roster_upload"),
        path("roster/preview/<str:token>/", preview, name="roster_preview"),
        path("roster/confirm/<str:token>/", confirm, name="roster_confirm"),
        path("roster/export/<int:branch_id>/", export, name="roster_export"),
        path("roster/template/", template, name="roster_template"),
    ]
