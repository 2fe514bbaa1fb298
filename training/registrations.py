"""What training adds to home's registries (filled from ``TrainingConfig.ready``): the 我的
panel, 工作台 to-dos, the 台账 section and the per-person measure ``training.grade``."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def me_panel_context(request) -> dict | None:
    from branch.selectors import employee_of

    from . import selectors, services
    from .models import Attempt, Exam

    me = employee_of(request.user)
    if me is None or me.has_left():
        return None
    period = selectors.current_period()
    evaluation, rank, ranked = selectors.my_rank(me, period)
    inputs = services.evaluation_inputs(me.branch, [me], period)[me.pk]
    now = timezone.now()
    done = Attempt.objects.filter(employee=me).exclude(status=Attempt.Status.STARTED)
    open_exams = list(
        Exam.objects.filter(branch_id=me.branch_id, opens_at__lte=now, closes_at__gt=now)
        .exclude(pk__in=done.values("exam_id"))
        .order_by("closes_at")[:3]
    )
    return {
        "evaluation": evaluation, "rank": rank, "ranked": ranked, "inputs": inputs,
        "open_exams": open_exams,
    }  # fmt: skip


def grade_values(employee_ids, day: datetime.date) -> dict:
    """``training.grade``: each person's latest technical evaluation up to ``day``'s period,
    with its inputs as the detail."""
    from home.registries import Measure

    from .models import Evaluation
    from .services import half_period

    rows = (
        Evaluation.objects.filter(employee_id__in=employee_ids, period__lte=half_period(day))
        .order_by("employee_id", "-period")
        .only("employee_id", "period", "grade", "total", "drill_rate", "lesson_rate",
              "exam_score", "contest_score")
    )  # fmt: skip
    values = {}
    for row in rows:
        if row.employee_id in values:
            continue
        values[row.employee_id] = Measure(
            text=f"{row.get_grade_display()}（{row.total}）",
            value=row.total,
            detail=_(
                "%(period)s: drills %(drill)s%%, lessons %(lesson)s%%, exam %(exam)s, contest %(contest)s"
            )
            % {
                "period": row.period,
                "drill": row.drill_rate,
                "lesson": row.lesson_rate,
                "exam": row.exam_score if row.exam_score is not None else "—",
                "contest": row.contest_score if row.contest_score is not None else "—",
            },
        )
    return values


def todos(user, day: datetime.date):
    from branch.selectors import employee_of, is_secretary, led_team_ids
    from home.registries import Todo, Urgency

    from .models import Attempt, Attendance, Exam, Session, SessionKind

    me = employee_of(user)
    if me is None or me.has_left():
        return []
    now = timezone.now()
    result = []
    done = Attempt.objects.filter(employee=me).exclude(status=Attempt.Status.STARTED)
    open_exams = Exam.objects.filter(
        branch_id=me.branch_id, opens_at__lte=now, closes_at__gt=now
    ).exclude(pk__in=done.values("exam_id"))
    count = open_exams.count()
    if count:
        soon = open_exams.filter(closes_at__lte=now + datetime.timedelta(days=1)).exists()
        result.append(
            Todo(
                key="training.exams_open",
                label=_("Open exams not taken"),
                count=count,
                url=reverse("training:index"),
                urgency=Urgency.TODAY if soon else Urgency.THIS_WEEK,
            )
        )
    secretary = is_secretary(user, me.branch)
    led = led_team_ids(user)
    if secretary or led:
        sessions = Session.objects.filter(
            branch_id=me.branch_id,
            kind__in=[SessionKind.DRILL, SessionKind.LESSON],
            on__range=(day - datetime.timedelta(days=6), day),
        ).exclude(pk__in=Attendance.objects.values("session_id"))
        if not secretary:
            sessions = sessions.filter(Q(team_id__in=led) | Q(team__isnull=True))
        count = sessions.count()
        if count:
            result.append(
                Todo(
                    key="training.attendance_to_record",
                    label=_("Drills and lessons without attendance"),
                    count=count,
                    url=reverse("training:index"),
                    urgency=Urgency.TODAY,
                )
            )
    return result


def ledger_section(branch, year: int):
    from home.registries import LedgerSection, LedgerTable

    from .models import Attendance, Exam, Session, SessionKind

    sessions = Session.objects.filter(branch=branch, on__year=year)
    counts = {kind: sessions.filter(kind=kind).count() for kind in SessionKind.values}
    if not any(counts.values()):
        return None
    present = Attendance.objects.filter(
        session__in=sessions, status=Attendance.Status.PRESENT
    ).count()
    exams = Exam.objects.filter(branch=branch, opens_at__year=year).order_by("opens_at")
    rows = [
        (exam.title, f"{timezone.localtime(exam.opens_at):%Y-%m-%d}", exam.attempts.exclude(
            status="started").count())
        for exam in exams
    ]  # fmt: skip
    return LedgerSection(
        title=_("Training"),
        paragraphs=[
            _(
                "Daily drills %(drill)s, monthly lessons %(lesson)s, quarterly exams %(exam)s, "
                "half-yearly contests %(contest)s; %(present)s attendances recorded."
            )
            % {**counts, "present": present}
        ],
        tables=[LedgerTable(_("Exams"), [_("Exam"), _("Opens at"), _("Answer sheets")], rows)]
        if rows
        else [],
    )


def register() -> None:
    from django.utils.translation import gettext_lazy

    from branch import roles
    from home.registries import register_nav_item

    everyone = (roles.SECRETARY, roles.LEADER, roles.WORKER)
    register_nav_item(
        "training.index",
        gettext_lazy("Training"),
        "training:index",
        everyone,
        gettext_lazy("Training"),
        60,
    )
    register_nav_item(
        "training.report",
        gettext_lazy("Training report"),
        "training:report",
        (roles.SECRETARY, roles.LEADER),
        gettext_lazy("Training"),
        61,
    )
    from django.utils.translation import gettext_lazy

    from home.panels import register_me_panel
    from home.registries import register_ledger_section, register_person_measure, register_todos

    register_me_panel("training/me_panel.html", me_panel_context, order=30, topics=["training"])
    register_person_measure(
        "training.grade", gettext_lazy("Technical evaluation"), grade_values, order=20
    )
    register_todos("training", todos, order=40, topics=["training"])
    register_ledger_section("training", gettext_lazy("Training"), ledger_section, order=40)
