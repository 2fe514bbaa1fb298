"""Writes of meetings: record, edit until locked, mark attendance, attach files, lock."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import caching
from branch import selectors as branch_selectors
from branch.models import Branch, Employee, PartyGroup
from branch.uploads import IMAGE_KINDS, MB, reencode_image, validate_upload

from .. import selectors
from ..models import Attendance, AttendanceStatus, Meeting, MeetingFile, MeetingKind, ThemedActivity

PHOTO_MAX_BYTES = 5 * MB  # as suggestion photos
ATTACHMENT_KINDS = frozenset({"pdf", "jpeg", "png", "docx", "xlsx", "pptx"})
MEETING_FIELDS = (
    "kind",
    "also_counts_as",
    "title",
    "held_on",
    "start_time",
    "period_of",
    "place",
    "host",
    "recorder",
    "party_group",
    "study_material",
    "themed_activity",
    "topic",
    "agenda",
    "minutes",
    "resolutions",
)


def committee_refusal(branch: Branch, day: datetime.date | None = None) -> str | None:
    """Why the branch may not hold a 支委会 (None when it may): a branch sets up a committee
    only with seven or more full members, and the committee's seats must be recorded."""
    count = selectors.full_member_count(branch)
    if count < selectors.COMMITTEE_MIN_MEMBERS:
        return _(
            "A branch committee meeting needs a branch committee, which a branch has only with "
            "at least %(min)s full Party members; this branch has %(count)s."
        ) % {"min": selectors.COMMITTEE_MIN_MEMBERS, "count": count}
    if not branch_selectors.committee_of(branch, day).exists():
        return _("No branch committee members are recorded for this date.")
    return None


def expected_members(
    *, branch: Branch, kind: str, party_group: PartyGroup | None, day: datetime.date
) -> list[Employee]:
    """Who is expected, from the roster: the committee for a 支委会, the group's members for a
    党小组会, nobody by default for a 谈心谈话 (the people talking are chosen), and every Party
    member (full and probationary) of the branch otherwise."""
    if kind == MeetingKind.COMMITTEE:
        return [seat.employee for seat in branch_selectors.committee_of(branch, day)]
    if kind == MeetingKind.GROUP:
        if party_group is None:
            return []
        return list(party_group.members.active().filter(branch=branch))
    if kind == MeetingKind.TALK:
        return []
    return list(selectors.party_members_of(branch))


def _check(meeting: Meeting) -> None:
    errors: dict[str, list[str]] = {}
    branch = meeting.branch

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for field in ("host", "recorder"):
        person = getattr(meeting, field)
        if person is not None and person.branch_id != branch.pk:
            add(field, _("Choose a member of this branch."))
    if meeting.party_group_id and meeting.party_group.branch_id != branch.pk:
        add("party_group", _("Choose a Party group of this branch."))
    if MeetingKind.GROUP in meeting.kinds and meeting.party_group_id is None:
        add("party_group", _("A Party group meeting needs its Party group."))
    if meeting.study_material_id and meeting.study_material.branch_id != branch.pk:
        add("study_material", _("Choose a study material of this branch."))
    if MeetingKind.THEMED_DAY in meeting.kinds:
        if not meeting.themed_activity:
            add("themed_activity", _("Choose what the themed Party day does."))
        elif meeting.themed_activity == ThemedActivity.DISCUSSION and not meeting.topic.strip():
            add("topic", _("A topic discussion needs its topic."))
    elif meeting.themed_activity:
        add("themed_activity", _("Only a themed Party day has a themed activity."))
    if meeting.also_counts_as and meeting.also_counts_as == meeting.kind:
        add("also_counts_as", _("The second kind must differ from the first."))
    if MeetingKind.COMMITTEE in meeting.kinds:
        reason = committee_refusal(branch, meeting.held_on)
        if reason:
            add("kind", reason)
    if meeting.period_of and meeting.period_of >= meeting.held_on:
        add("period_of", _("A make-up meeting makes up for an earlier period."))
    if errors:
        raise ValidationError(errors)


def _may_record(user, meeting: Meeting) -> None:
    if meeting.branch_id in selectors.secretary_branch_ids(user):
        return
    led = selectors.party_groups_led_by(user).filter(branch=meeting.branch)
    if meeting.kind == MeetingKind.GROUP and led.filter(pk=meeting.party_group_id).exists():
        return
    raise PermissionDenied(_("Only the secretary or the Party group's leader may record this."))


@transaction.atomic
def meeting_create(
    *, branch: Branch, user, attendees: list[Employee] | None = None, **fields
) -> Meeting:
    """Record a meeting and the people expected at it (``attendees`` adds to the roster's)."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    meeting = Meeting(branch=branch, created_by=user, **fields)
    if meeting.recorder_id is None:
        meeting.recorder = branch_selectors.employee_of(user)
    _may_record(user, meeting)
    _check(meeting)
    meeting.full_clean()
    meeting.save()
    people = {
        e.pk: e
        for e in expected_members(
            branch=branch, kind=meeting.kind, party_group=meeting.party_group, day=meeting.held_on
        )
    }
    for extra in attendees or []:
        if extra.branch_id != branch.pk:
            raise ValidationError({"attendees": _("Choose members of this branch.")})
        people.setdefault(extra.pk, extra)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, employee=person) for person in people.values()]
    )
    caching.bump(branch.pk, "partylife")  # bulk writes send no model signal
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, user, **fields) -> Meeting:
    """Edit a meeting; refused once it is locked."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not selectors.can_edit(user, meeting):
        raise PermissionDenied(
            _("This record is locked and can no longer be changed.")
            if meeting.is_locked
            else _("Only the secretary or the Party group's leader may edit this.")
        )
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(name)
        setattr(meeting, name, value)
    _may_record(user, meeting)
    _check(meeting)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_lock(*, meeting: Meeting, user) -> Meeting:
    """The secretary closes the record: nothing of it can be changed afterwards."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.branch_id not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary may lock a meeting record."))
    if meeting.is_locked:
        return meeting
    if not meeting.minutes.strip():
        raise ValidationError(_("Record the minutes before locking the meeting."))
    meeting.locked_at = timezone.now()
    meeting.locked_by = user
    meeting.save(update_fields=["locked_at", "locked_by"])
    return meeting


@transaction.atomic
def meeting_unlock(*, meeting: Meeting, user, reason: str) -> Meeting:
    """The secretary reopens a locked record to correct it, saying why; the reason stays in the
    record's history, and the record must be locked again afterwards."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.branch_id not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary may reopen a meeting record."))
    reason = " ".join((reason or "").split())
    if not meeting.is_locked:
        raise ValidationError(_("This record is not locked."))
    if len(reason) < 4:
        raise ValidationError(_("Say why the record is reopened (at least 4 characters)."))
    meeting.locked_at = None
    meeting.locked_by = None
    meeting._change_reason = (_("Reopened: %(reason)s") % {"reason": reason})[:100]
    meeting.save(update_fields=["locked_at", "locked_by"])
    return meeting


@transaction.atomic
def attendance_mark(
    *, meeting: Meeting, employee_id: int, status: str, reason: str = "", user
) -> Attendance:
    """Mark one person present, on leave or absent (one tap in the meeting room)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not selectors.can_mark_attendance(user, meeting):
        raise PermissionDenied(
            _("This record is locked and can no longer be changed.")
            if meeting.is_locked
            else _("Only the host, the recorder or the secretary may take attendance.")
        )
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("employee")
        .filter(meeting=meeting, employee_id=employee_id)
        .first()
    )
    if attendance is None:
        raise ValidationError(_("This person is not on the meeting's list."))
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Unknown attendance status."))
    attendance.status = status
    attendance.reason = "" if status == AttendanceStatus.PRESENT else reason.strip()[:200]
    attendance.marked_at = timezone.now() if status != AttendanceStatus.PENDING else None
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def attendance_add(*, meeting: Meeting, employee: Employee, user) -> Attendance:
    """Add someone to the list (a member who joined, an invited activist)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not selectors.can_edit(user, meeting):
        raise PermissionDenied(_("This record is locked and can no longer be changed."))
    if employee.branch_id != meeting.branch_id:
        raise ValidationError(_("Choose members of this branch."))
    attendance, _created = Attendance.objects.get_or_create(meeting=meeting, employee=employee)
    return attendance


@transaction.atomic
def meeting_file_add(*, meeting: Meeting, upload, kind: str, user) -> MeetingFile:
    """Attach a photo (checked by content, at most 5 MB, re-encoded without metadata) or a
    document (PDF, Office, image; checked by content)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not selectors.can_edit(user, meeting):
        raise PermissionDenied(_("This record is locked and can no longer be changed."))
    original = (getattr(upload, "name", "") or "file")[-200:]
    if kind == MeetingFile.Kind.PHOTO:
        content_kind = validate_upload(upload, kinds=IMAGE_KINDS, max_bytes=PHOTO_MAX_BYTES)
        stored = reencode_image(upload, max_bytes=PHOTO_MAX_BYTES)
        content_kind = "png" if stored.name.endswith(".png") else "jpeg"
    elif kind == MeetingFile.Kind.ATTACHMENT:
        content_kind = validate_upload(upload, kinds=ATTACHMENT_KINDS)
        stored = upload
    else:
        raise ValidationError(_("Unknown file kind."))
    item = MeetingFile(
        meeting=meeting,
        kind=kind,
        original_name=original,
        content_kind=content_kind,
        uploaded_by=user,
    )
    item.file.save(stored.name, stored, save=False)
    item.save()
    return item
