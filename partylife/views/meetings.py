"""Meetings: the list, recording and editing, the host's attendance page, files, locking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.idempotency import once
from branch.paging import paginate

from .. import selectors, services
from ..forms import AttendanceMarkForm, MeetingFileForm, MeetingForm
from ..models import AttendanceStatus, MeetingKind
from .common import add_form_errors, show_errors

CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _meeting_for(request, pk):
    meeting = selectors.meeting_detail(pk, request.user)
    if meeting is None:
        raise Http404
    return meeting


def _recording_branch(request):
    """The branch the user records meetings for, and the Party groups they are limited to
    (None for the secretary, who records every kind)."""
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is not None:
        return branch, None
    groups = selectors.party_groups_led_by(request.user)
    me = branch_selectors.employee_of(request.user)
    if me is None or not groups.exists():
        raise PermissionDenied
    return me.branch, groups


@login_required
def meeting_list(request):
    kind = request.GET.get("kind", "")
    meetings = selectors.meetings_with_counts(selectors.meetings_visible_to(request.user))
    if kind in MeetingKind.values:
        meetings = meetings.filter(Q(kind=kind) | Q(also_counts_as=kind))
    me = branch_selectors.employee_of(request.user)
    may_record = bool(
        selectors.secretary_branch_ids(request.user)
        or selectors.party_groups_led_by(request.user).exists()
    )
    page = paginate(request, meetings.order_by("-held_on", "-id"))
    return render(
        request,
        "partylife/meeting_list.html",
        {
            "meetings": page.object_list,
            "page": page,
            "kinds": MeetingKind.choices,
            "kind": kind,
            "may_record": may_record,
            "me": me,
        },
    )


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("attendees", None)
    return data


@login_required
def meeting_create(request):
    branch, groups = _recording_branch(request)
    form = MeetingForm(
        request.POST or None,
        branch=branch,
        group_leader_groups=groups,
        initial={
            "kind": request.GET.get("kind")
            if request.GET.get("kind") in MeetingKind.values
            else None
        },
    )
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                meeting = services.meeting_create(
                    branch=branch,
                    user=request.user,
                    attendees=list(form.cleaned_data.get("attendees") or []),
                    **_form_data(form),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("partylife:meeting_detail", pk=meeting.pk)
            return None

        response = once(request, _create)
        if response is not None:
            return response
    return render(request, "partylife/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request, pk: int):
    meeting = _meeting_for(request, pk)
    if not selectors.can_edit(request.user, meeting):
        raise PermissionDenied
    groups = None
    if meeting.branch_id not in selectors.secretary_branch_ids(request.user):
        groups = selectors.party_groups_led_by(request.user)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        branch=meeting.branch,
        group_leader_groups=groups,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request.user, **_form_data(form))
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partylife:meeting_detail", pk=meeting.pk)
    return render(request, "partylife/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting_for(request, pk)
    may_read = selectors.minutes_visible(request.user, meeting)
    attendances = list(selectors.attendance_sheet(meeting))
    history = (
        meeting.history.select_related("history_user").order_by("-history_date")[:20]
        if may_read
        else []
    )
    return render(
        request,
        "partylife/meeting_detail.html",
        {
            "meeting": meeting,
            "may_read": may_read,
            "attendances": attendances,
            "present": sum(1 for a in attendances if a.status == "present"),
            "files": list(meeting.files.all()) if may_read else [],
            "history": history,
            "may_edit": selectors.can_edit(request.user, meeting),
            "may_mark": selectors.can_mark_attendance(request.user, meeting),
            "may_lock": meeting.branch_id in selectors.secretary_branch_ids(request.user)
            and not meeting.is_locked,
            "may_unlock": meeting.branch_id in selectors.secretary_branch_ids(request.user)
            and meeting.is_locked,
            "file_form": MeetingFileForm(),
        },
    )


@login_required
def meeting_attendance(request, pk: int):
    """The host's page in the meeting room: one tap per person, on a phone."""
    meeting = _meeting_for(request, pk)
    if not selectors.can_mark_attendance(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        form = AttendanceMarkForm(_attendance_mark_data(request.POST))
        if form.is_valid():
            try:
                services.attendance_mark(
                    meeting=meeting,
                    employee_id=form.cleaned_data["employee"],
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as exc:
                show_errors(request, exc)
        else:
            messages.error(request, _("Please choose a person and their attendance."))
        anchor = parse_object_id(form.data.get("employee"))
        url = request.path + (f"#p{anchor}" if anchor else "")
        return redirect(url)
    rows = selectors.attendance_roll(meeting)
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for row in rows:
        counts[row["status"]] += 1
    return render(
        request,
        "partylife/meeting_attendance.html",
        {"meeting": meeting, "roll": _roll_html(rows), "counts": counts},
    )


ROLL_ROW = (
    '\n<li id="p{pk}" class="roll-row status-{status}" data-testid="roll-row">'
    '<div class="roll-name"><strong>{name}</strong> <span class="muted small">{team}</span> '
    '<span class="tag status-{status}">{label}</span></div><div class="roll-actions">'
    '<button class="tap present" name="mark" value="{pk}:present">{present}</button>'
    '<input type="text" name="reason-{pk}" value="{reason}" placeholder="{reason_hint}" '
    'aria-label="{reason_label}" maxlength="200">'
    '<button class="tap excused" name="mark" value="{pk}:excused">{excused}</button>'
    '<button class="tap absent" name="mark" value="{pk}:absent">{absent}</button></div></li>'
)


def _roll_html(rows: list[dict]) -> SafeString:
    """The rows of the roll call (``selectors.attendance_roll``), drawn in one pass with the
    words translated once: a general assembly has hundreds of rows, and through the template
    engine they were most of the page's time. Each tap sends ``mark=<id>:<status>`` with the
    row's ``reason-<id>`` (``_attendance_mark_data``)."""
    labels = {value: escape(str(label)) for value, label in AttendanceStatus.choices}
    words = {
        "present": labels[AttendanceStatus.PRESENT],
        "excused": labels[AttendanceStatus.EXCUSED],
        "absent": labels[AttendanceStatus.ABSENT],
        "reason_hint": escape(_("Reason, if absent")),
        "reason_label": escape(_("Reason for absence")),
    }
    return SafeString(
        "".join(
            ROLL_ROW.format(
                pk=escape(row["pk"]),
                status=escape(row["status"]),
                label=labels.get(row["status"], ""),
                name=escape(row["name"]),
                team=escape(row["team"]),
                reason=escape(row["reason"]),
                **words,
            )
            for row in rows
        )
    )


def _attendance_mark_data(post) -> dict:
    """The one mark a tap on the roll sends: ``mark=<employee id>:<status>`` with that row's
    ``reason-<employee id>`` (the page is one form), or the plain ``employee`` / ``status`` /
    ``reason`` fields."""
    employee, _sep, status = post.get("mark", "").partition(":")
    if not employee:
        return post
    return {"employee": employee, "status": status, "reason": post.get(f"reason-{employee}", "")}


@login_required
@require_POST
def meeting_lock(request, pk: int):
    meeting = _meeting_for(request, pk)
    try:
        services.meeting_lock(meeting=meeting, user=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The meeting record is locked."))
    return redirect("partylife:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_unlock(request, pk: int):
    meeting = _meeting_for(request, pk)
    try:
        services.meeting_unlock(
            meeting=meeting, user=request.user, reason=request.POST.get("reason", "")[:200]
        )
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The meeting record is open for corrections again."))
    return redirect("partylife:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_file_upload(request, pk: int):
    meeting = _meeting_for(request, pk)
    if not selectors.can_edit(request.user, meeting):
        raise PermissionDenied
    form = MeetingFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Please choose a file and its kind."))
    else:
        try:
            services.meeting_file_add(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                user=request.user,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Uploaded."))
    return redirect("partylife:meeting_detail", pk=meeting.pk)


@login_required
def meeting_file(request, pk: int, file_id: int):
    """A photo or attachment, streamed only to people who may read the meeting's minutes."""
    meeting = _meeting_for(request, pk)
    if not selectors.minutes_visible(request.user, meeting):
        raise Http404
    item = meeting.files.filter(pk=file_id).first()
    if item is None:
        raise Http404
    with item.file.open("rb") as handle:
        response = HttpResponse(
            handle.read(),
            content_type=CONTENT_TYPES.get(item.content_kind, "application/octet-stream"),
        )
    if item.kind != "photo":
        from urllib.parse import quote

        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(item.original_name)}"
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response
