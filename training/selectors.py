"""Read queries of the training pages, scoped by branch and role (DESIGN.md §3)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, EmploymentType

from .models import Attempt, Contest, Entry, Evaluation, Exam, Session, round_score
from .services import evaluation_inputs, half_period


def home_branch_of(user) -> Branch | None:
    """The branch a page is about: the one the user administers, else their own."""
    administered = branch_selectors.branches_administered_by(user).first()
    if administered is not None:
        return administered
    me = branch_selectors.employee_of(user)
    return me.branch if me and not me.has_left() else None


def sessions_visible_to(user, branch: Branch):
    """A secretary: the branch's sessions; anyone else: the branch-wide ones and those of the
    teams they lead or belong to."""
    qs = Session.objects.filter(branch=branch).select_related("team", "material")
    if branch_selectors.is_secretary(user, branch):
        return qs
    team_ids = set(branch_selectors.led_team_ids(user))
    me = branch_selectors.employee_of(user)
    if me is not None and me.team_id:
        team_ids.add(me.team_id)
    return qs.filter(Q(team__isnull=True) | Q(team_id__in=team_ids))


def exams_visible_to(user, branch: Branch):
    return Exam.objects.filter(branch=branch)


def my_attempts(employee: Employee, exams) -> dict[int, list[Attempt]]:
    rows = defaultdict(list)
    for attempt in Attempt.objects.filter(employee=employee, exam__in=exams).order_by("number"):
        rows[attempt.exam_id].append(attempt)
    return rows


def contests_published(branch: Branch):
    return Contest.objects.filter(branch=branch, published_at__isnull=False).order_by("-held_on")


def my_entries(employee: Employee):
    return Entry.objects.filter(employee=employee).select_related("event", "event__contest")


def report_rows(branch: Branch, people: list[Employee], period: str, today=None):
    """Completion and average scores per team and per employment type, for ``people``."""
    inputs = evaluation_inputs(branch, people, period, today)

    def summarise(group: list[Employee]) -> dict:
        def avg(key):
            values = [inputs[p.pk][key] for p in group if inputs[p.pk][key] is not None]
            return round_score(sum(values, Decimal(0)) / len(values)) if values else None

        return {
            "people": len(group),
            "drill_rate": avg("drill_rate"),
            "lesson_rate": avg("lesson_rate"),
            "exam_score": avg("exam_score"),
            "exam_taken": sum(1 for p in group if inputs[p.pk]["exam_score"] is not None),
        }

    by_team: dict = defaultdict(list)
    by_type: dict = defaultdict(list)
    for person in people:
        by_team[person.team.name if person.team_id else "—"].append(person)
        by_type[person.employment_type].append(person)
    labels = dict(EmploymentType.choices)
    teams = [(name, summarise(group)) for name, group in sorted(by_team.items())]
    types = [
        (labels[key], summarise(by_type[key])) for key in EmploymentType.values if key in by_type
    ]
    people_rows = [(p, inputs[p.pk]) for p in people]
    return teams, types, people_rows


def evaluations_for(branch: Branch, period: str, employees=None):
    qs = Evaluation.objects.filter(employee__branch=branch, period=period, employee__left_on=None)
    if employees is not None:
        qs = qs.filter(employee__in=employees)
    return qs.select_related("employee", "employee__team").order_by("-total", "employee__staff_no")


def my_rank(employee: Employee, period: str) -> tuple[Evaluation | None, int | None, int]:
    """The person's evaluation, their rank in the branch by total (ties share), and how many
    were ranked. Only the person's own rank is shown, never the list."""
    mine = Evaluation.objects.filter(employee=employee, period=period).first()
    ranked = Evaluation.objects.filter(
        employee__branch_id=employee.branch_id, period=period, employee__left_on=None
    )
    if mine is None:
        return None, None, ranked.count()
    return mine, ranked.filter(total__gt=mine.total).count() + 1, ranked.count()


def current_period(day: datetime.date | None = None) -> str:
    return half_period(day or timezone.localdate())
