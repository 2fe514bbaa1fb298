"""The training home and a session's attendance page (一日一练、一月一课)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.forms import parse_object_id

from .. import selectors, services
from ..models import Attendance, SessionKind
from .common import branch_or_403, error_text, role_flags


@login_required
def index(request):
    """What is on: this week's sessions, the open exams, published contests."""
    user = request.user
    branch = branch_or_403(user)
    today = timezone.localdate()
    sessions = list(
        selectors.sessions_visible_to(user, branch)
        .filter(on__range=(today - datetime.timedelta(days=3), today + datetime.timedelta(days=7)))
        .order_by("on", "kind", "team__name")[:60]
    )
    now = timezone.now()
    exams = list(
        selectors.exams_visible_to(user, branch)
        .filter(closes_at__gte=now - datetime.timedelta(days=90))
        .order_by("closes_at")[:10]
    )
    me = branch_selectors.employee_of(user)
    attempts = selectors.my_attempts(me, exams) if me else {}
    exam_rows = [(exam, attempts.get(exam.pk, [])) for exam in exams]
    return render(
        request,
        "training/index.html",
        {
            "branch": branch,
            "today": today,
            "sessions": sessions,
            "exam_rows": exam_rows,
            "now": now,
            "contests": list(selectors.contests_published(branch)[:4]),
            **role_flags(user, branch),
        },
    )


@login_required
def session_detail(request, pk: int):
    """A drill's or lesson's attendance: one tap per person, or everyone present; a worker
    records their own drill."""
    user = request.user
    branch = branch_or_403(user)
    session = get_object_or_404(selectors.sessions_visible_to(user, branch), pk=pk)
    if session.kind not in (SessionKind.DRILL, SessionKind.LESSON):
        raise PermissionDenied
    me = branch_selectors.employee_of(user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "all":
                count = services.attendance_everyone_present(session=session, user=user)
                messages.success(request, _("%(n)s people marked present.") % {"n": count})
            elif action in ("present", "absent", "self"):
                if action == "self":
                    employee = me
                else:
                    employee_id = parse_object_id(request.POST.get("employee"))
                    employee = (
                        services.recordable_people(session, user).filter(pk=employee_id).first()
                    )
                if employee is None:
                    raise PermissionDenied
                services.attendance_record(
                    session=session,
                    employee=employee,
                    status="present" if action == "self" else action,
                    reason=request.POST.get("reason", ""),
                    user=user,
                )
                messages.success(request, _("Recorded."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect("training:session_detail", pk=session.pk)
    people = list(services.recordable_people(session, user))
    records = {
        a.employee_id: a
        for a in Attendance.objects.filter(session=session).select_related("employee")
    }
    rows = [(person, records.get(person.pk)) for person in people]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "present_count": sum(
                1 for a in records.values() if a.status == Attendance.Status.PRESENT
            ),
            "mine": records.get(me.pk) if me else None,
            "can_self": me is not None
            and session.kind == SessionKind.DRILL
            and (session.team_id is None or session.team_id == me.team_id),
            "is_past": session.on <= timezone.localdate(),
            **role_flags(user, branch),
        },
    )
