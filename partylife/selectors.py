"""Read queries of organisational life, scoped by branch and role (DESIGN.md §3).

- Meetings: the secretary sees the branch's; anyone else the meetings they are expected at,
  host or record, and a Party-group leader their group's. A 支委会's minutes, resolutions and
  files are for the committee and the secretary only, even for someone invited to attend."""

from django.db.models import Prefetch, Q, QuerySet

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, PartyGroup, PoliticalStatus

from .models import Attendance, Meeting, MeetingKind

PARTY_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
COMMITTEE_MIN_MEMBERS = 7


def secretary_branch_ids(user) -> list[int]:
    cached = getattr(user, "_partylife_secretary_branch_ids", None)
    if cached is None:
        cached = branch_selectors.administered_branch_ids(user)
        user._partylife_secretary_branch_ids = cached
    return cached


def party_groups_led_by(user) -> QuerySet[PartyGroup]:
    me = branch_selectors.employee_of(user)
    if me is None:
        return PartyGroup.objects.none()
    return PartyGroup.objects.filter(leader=me, branch_id=me.branch_id)


def is_committee_member(user, branch: Branch, day=None) -> bool:
    me = branch_selectors.employee_of(user)
    if me is None or me.branch_id != branch.pk:
        return False
    return branch_selectors.committee_of(branch, day).filter(employee=me).exists()


def full_member_count(branch: Branch) -> int:
    return (
        Employee.objects.active()
        .filter(branch=branch, political_status=PoliticalStatus.MEMBER)
        .count()
    )


def party_members_of(branch: Branch) -> QuerySet[Employee]:
    return (
        Employee.objects.active()
        .filter(branch=branch, political_status__in=PARTY_STATUSES)
        .select_related("team", "user")
    )


def meetings_visible_to(user) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("branch", "host", "recorder", "party_group")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    scope = Q(branch_id__in=secretary_branch_ids(user))
    me = branch_selectors.employee_of(user)
    if me is not None:
        mine = Q(attendances__employee=me) | Q(host=me) | Q(recorder=me) | Q(party_group__leader=me)
        not_committee = ~Q(kind=MeetingKind.COMMITTEE) | Q(
            pk__in=Attendance.objects.filter(employee=me).values("meeting_id")
        )
        scope |= Q(branch_id=me.branch_id) & mine & not_committee
    return qs.filter(pk__in=Meeting.objects.filter(scope).values("pk"))


def minutes_visible(user, meeting: Meeting) -> bool:
    """Whether ``user`` may read the meeting's minutes, resolutions and files."""
    if user.is_superuser or meeting.branch_id in secretary_branch_ids(user):
        return True
    if meeting.kind != MeetingKind.COMMITTEE and meeting.also_counts_as != MeetingKind.COMMITTEE:
        return meetings_visible_to(user).filter(pk=meeting.pk).exists()
    return is_committee_member(user, meeting.branch, meeting.held_on) or is_committee_member(
        user, meeting.branch
    )


def can_record(user, branch: Branch) -> bool:
    """The secretary, or a leader of one of the branch's Party groups."""
    return (
        branch.pk in secretary_branch_ids(user)
        or party_groups_led_by(user).filter(branch=branch).exists()
    )


def can_edit(user, meeting: Meeting) -> bool:
    """The secretary, or the leader of the meeting's Party group, until it is locked."""
    if meeting.is_locked:
        return False
    if meeting.branch_id in secretary_branch_ids(user):
        return True
    if meeting.party_group_id is None:
        return False
    return party_groups_led_by(user).filter(pk=meeting.party_group_id).exists()


def can_mark_attendance(user, meeting: Meeting) -> bool:
    """Whoever may edit the meeting, and its host and recorder (in the meeting room)."""
    if meeting.is_locked:
        return False
    if can_edit(user, meeting):
        return True
    me = branch_selectors.employee_of(user)
    return me is not None and me.pk in (meeting.host_id, meeting.recorder_id)


def attendance_sheet(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("employee", "employee__team").order_by(
        "employee__team__name", "employee__staff_no"
    )


def attendance_roll(meeting: Meeting) -> list[dict]:
    """The host's roll call of ``meeting``: per expected person, as plain values (no model
    instances, a whole general assembly in one query) in the order of the attendance sheet:
    ``pk`` (the employee's id as text), ``name``, ``team``, ``status``, ``reason``."""
    return [
        {"pk": str(pk), "name": name, "team": team or "", "status": status, "reason": reason}
        for pk, name, team, status, reason in attendance_sheet(meeting).values_list(
            "employee_id", "employee__name", "employee__team__name", "status", "reason"
        )
    ]


def meetings_with_counts(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    from django.db.models import Count

    return qs.annotate(
        expected_count=Count("attendances", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__status="present"), distinct=True),
    )


def meeting_detail(pk: int, user) -> Meeting | None:
    return (
        meetings_visible_to(user)
        .select_related("study_material", "created_by", "locked_by")
        .prefetch_related(Prefetch("files"))
        .filter(pk=pk)
        .first()
    )


def dues_visible_to(user):
    """Dues lines ``user`` may see amounts of: the secretary their branch's, a Party-group
    leader their group's members', everyone their own."""
    from .models import DuesPayment

    qs = DuesPayment.objects.select_related("employee", "employee__team")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    scope = Q(branch_id__in=secretary_branch_ids(user))
    me = branch_selectors.employee_of(user)
    if me is not None:
        scope |= Q(employee=me)
        led = list(party_groups_led_by(user).values_list("pk", flat=True))
        if led:
            scope |= Q(branch_id=me.branch_id, employee__party_groups__in=led)
    return qs.filter(pk__in=DuesPayment.objects.filter(scope).values("pk"))


def meeting_file_visible(request, name: str) -> bool:
    """/media/ check for a meeting's photo or attachment: whoever may read its minutes."""
    from .models import MeetingFile

    item = (
        MeetingFile.objects.filter(file=name, meeting__in=meetings_visible_to(request.user))
        .select_related("meeting")
        .first()
    )
    return item is not None and minutes_visible(request.user, item.meeting)
