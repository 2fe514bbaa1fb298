"""Who took part in a drill (一日一练) or a lesson (一月一课).

A team leader records their team's members (one tap per person, or everyone present at once);
the secretary anyone of the branch; a worker may record their own drill. A lesson attended
counts as its study material studied (``home.services.study_records_mark_attendance``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.models import Employee
from branch.selectors import employee_of, is_secretary, teams_led_by
from home.services import study_records_mark_attendance

from ..models import Attendance, Session, SessionKind


def session_people(session: Session):
    """Everyone a session is for: the team's active members, or the whole branch."""
    people = Employee.objects.active().filter(branch_id=session.branch_id)
    if session.team_id:
        people = people.filter(team_id=session.team_id)
    return people.select_related("team", "user").order_by("team__name", "staff_no")


def recordable_people(session: Session, user):
    """The people of ``session`` whose attendance ``user`` may record (none for a worker)."""
    people = session_people(session)
    if is_secretary(user, session.branch):
        return people
    return people.filter(team__in=teams_led_by(user))


def _check(session: Session, user, employee: Employee, status: str) -> None:
    if session.kind not in (SessionKind.DRILL, SessionKind.LESSON):
        raise ValidationError(_("Attendance is recorded for drills and lessons only."))
    if session.on > timezone.localdate():
        raise ValidationError(_("This session has not taken place yet."))
    if (
        employee.branch_id != session.branch_id
        or employee.has_left()
        or (session.team_id and employee.team_id != session.team_id)
    ):
        raise ValidationError(_("%(name)s is not in this session.") % {"name": employee.name})
    if is_secretary(user, session.branch):
        return
    if employee.team_id and teams_led_by(user).filter(pk=employee.team_id).exists():
        return
    me = employee_of(user)
    if (
        me is not None
        and me.pk == employee.pk
        and session.kind == SessionKind.DRILL
        and status == Attendance.Status.PRESENT
    ):
        return
    raise PermissionDenied(
        _("You may not record attendance for %(name)s.") % {"name": employee.name}
    )


def _mark_studied(session: Session, user, people: list[Employee]) -> None:
    page = session.material
    if session.kind != SessionKind.LESSON or page is None or not people:
        return
    if page.live and page.branch_id == session.branch_id:
        study_records_mark_attendance(leader_user=user, page=page, employees=people)


@transaction.atomic
def attendance_record(
    *, session: Session, employee: Employee, status: str, user, reason: str = ""
) -> Attendance:
    """Record one person present, or absent with a reason (a second call updates it)."""
    if status not in Attendance.Status.values:
        raise ValidationError(_("Unknown attendance status."))
    reason = (reason or "").strip()
    if status == Attendance.Status.ABSENT and not reason:
        raise ValidationError(_("Please give the reason for the absence."))
    if status == Attendance.Status.PRESENT:
        reason = ""
    _check(session, user, employee, status)
    row = Attendance.objects.filter(session=session, employee=employee).first()
    row = row or Attendance(session=session, employee=employee)
    row.status, row.reason, row.recorded_by = status, reason[:200], user
    row.full_clean(validate_constraints=False)
    row.save()
    if status == Attendance.Status.PRESENT:
        _mark_studied(session, user, [employee])
    return row


@transaction.atomic
def attendance_everyone_present(*, session: Session, user, except_ids: Iterable[int] = ()) -> int:
    """Everyone the user may record who has no record yet is marked present (people already
    recorded absent stay absent). Returns how many were added."""
    if session.kind not in (SessionKind.DRILL, SessionKind.LESSON):
        raise ValidationError(_("Attendance is recorded for drills and lessons only."))
    if session.on > timezone.localdate():
        raise ValidationError(_("This session has not taken place yet."))
    people = recordable_people(session, user)
    if not is_secretary(user, session.branch) and not teams_led_by(user).exists():
        raise PermissionDenied(_("Only a team leader or the branch secretary can do this."))
    recorded = set(Attendance.objects.filter(session=session).values_list("employee_id", flat=True))
    skip = recorded | set(except_ids)
    new = [p for p in people if p.pk not in skip]
    for person in new:
        Attendance.objects.create(
            session=session, employee=person, status=Attendance.Status.PRESENT, recorded_by=user
        )
    _mark_studied(session, user, new)
    return len(new)
