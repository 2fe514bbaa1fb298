"""Contests (半年一赛), the technical evaluation (技术考评) and nominations.

The grade rule (per branch, set by the secretary, shown next to every list): each of the four
inputs is a 0-100 figure — drill participation (% of the team's drills up to today), lesson
attendance (% of lessons), the average of the person's best score in each exam, the best contest
score. The total is the weighted average of the inputs the person *has* (an input with no
session in the period is left out and the other weights share its part). Grades: 优秀 from
``excellent_from``, 良好 from ``good_from``, 合格 from ``pass_from``, else 不合格.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import caching
from branch.models import Branch, Employee
from branch.selectors import is_secretary

from ..models import (
    GRADE_ORDER,
    Attempt,
    Attendance,
    Contest,
    ContestEvent,
    Entry,
    Evaluation,
    EvaluationRule,
    Grade,
    Nomination,
    Session,
    SessionKind,
    round_score,
)
from .schedule import half_bounds, half_period


def evaluation_rule_of(branch: Branch) -> EvaluationRule:
    rule = getattr(branch, "_training_rule", None)
    if rule is None:
        rule = EvaluationRule.objects.filter(branch=branch).first() or EvaluationRule(branch=branch)
        branch._training_rule = rule
    return rule


@transaction.atomic
def evaluation_rule_set(*, branch: Branch, user, **values) -> EvaluationRule:
    if not is_secretary(user, branch):
        raise PermissionDenied
    rule = EvaluationRule.objects.filter(branch=branch).first() or EvaluationRule(branch=branch)
    for key, value in values.items():
        setattr(rule, key, value)
    if rule.drill_weight + rule.lesson_weight + rule.exam_weight + rule.contest_weight != 100:
        raise ValidationError(_("The four weights must add up to 100."))
    if not rule.excellent_from > rule.good_from > rule.pass_from:
        raise ValidationError(_("Thresholds must fall: excellent > good > pass."))
    if rule.contest_entry_grade not in Grade.values:
        raise ValidationError(_("Unknown grade."))
    rule.full_clean()
    rule.save()
    branch.__dict__.pop("_training_rule", None)
    return rule


def grade_for(rule: EvaluationRule, inputs: dict[str, Decimal | None]) -> tuple[Decimal, str]:
    """(total, grade) from the four inputs under ``rule`` (see the module docstring)."""
    weights = {
        "drill_rate": rule.drill_weight,
        "lesson_rate": rule.lesson_weight,
        "exam_score": rule.exam_weight,
        "contest_score": rule.contest_weight,
    }
    used = {k: w for k, w in weights.items() if inputs.get(k) is not None and w}
    if not used:
        return Decimal(0), Grade.FAIL
    total = round_score(sum(Decimal(inputs[k]) * w for k, w in used.items()) / sum(used.values()))
    if total >= rule.excellent_from:
        return total, Grade.EXCELLENT
    if total >= rule.good_from:
        return total, Grade.GOOD
    if total >= rule.pass_from:
        return total, Grade.PASS
    return total, Grade.FAIL


def _rate(done: int, due: int) -> Decimal | None:
    return round_score(Decimal(done) * 100 / due) if due else None


def evaluation_inputs(
    branch: Branch, employees: list[Employee], period: str, today: datetime.date | None = None
) -> dict[int, dict]:
    """Each person's four inputs for a half-year period, in a constant number of queries."""
    today = today or timezone.localdate()
    start, end = half_bounds(period)
    end = min(end, today)
    sessions = Session.objects.filter(branch=branch, on__range=(start, end))
    drills_per_team: dict[int, int] = defaultdict(int)
    lessons_per_team: dict[int | None, int] = defaultdict(int)
    for kind, team_id in sessions.filter(
        kind__in=[SessionKind.DRILL, SessionKind.LESSON]
    ).values_list("kind", "team_id"):
        if kind == SessionKind.DRILL:
            drills_per_team[team_id] += 1
        else:
            lessons_per_team[team_id] += 1
    ids = [e.pk for e in employees]
    present: dict[tuple[int, str], int] = defaultdict(int)
    for employee_id, kind in Attendance.objects.filter(
        employee_id__in=ids,
        status=Attendance.Status.PRESENT,
        session__branch=branch,
        session__on__range=(start, end),
    ).values_list("employee_id", "session__kind"):
        present[(employee_id, kind)] += 1
    best: dict[int, list[Decimal]] = defaultdict(list)
    for row in (
        Attempt.objects.filter(
            employee_id__in=ids,
            exam__branch=branch,
            exam__closes_at__date__range=(start, end + datetime.timedelta(days=366)),
            exam__opens_at__date__range=(start, end),
        )
        .exclude(status=Attempt.Status.STARTED)
        .values("employee_id", "exam_id")
        .annotate(best=Max("score"))
    ):
        best[row["employee_id"]].append(row["best"])
    contest: dict[int, Decimal] = {}
    for row in (
        Entry.objects.filter(
            employee_id__in=ids,
            score__isnull=False,
            event__contest__branch=branch,
            event__contest__held_on__range=(start, end),
        )
        .values("employee_id")
        .annotate(best=Max("score"))
    ):
        contest[row["employee_id"]] = row["best"]
    result = {}
    for person in employees:
        lessons_due = lessons_per_team[None] + (
            lessons_per_team[person.team_id] if person.team_id else 0
        )
        scores = best.get(person.pk)
        result[person.pk] = {
            "drill_rate": _rate(
                present[(person.pk, SessionKind.DRILL)], drills_per_team.get(person.team_id, 0)
            ),
            "lesson_rate": _rate(present[(person.pk, SessionKind.LESSON)], lessons_due),
            "exam_score": round_score(sum(scores) / len(scores)) if scores else None,
            "contest_score": contest.get(person.pk),
        }
    return result


@transaction.atomic
def evaluations_compute(*, branch: Branch, period: str, today: datetime.date | None = None) -> int:
    """Compute and store every active person's evaluation for ``period`` (e.g. 2026-H1)."""
    half_bounds(period)  # validates the period's shape
    rule = evaluation_rule_of(branch)
    people = list(Employee.objects.active().filter(branch=branch))
    inputs = evaluation_inputs(branch, people, period, today)
    existing = {
        e.employee_id: e for e in Evaluation.objects.filter(employee__in=people, period=period)
    }
    for person in people:
        values = inputs[person.pk]
        total, grade = grade_for(rule, values)
        row = existing.get(person.pk) or Evaluation(employee=person, period=period)
        row.drill_rate = values["drill_rate"] or Decimal(0)
        row.lesson_rate = values["lesson_rate"] or Decimal(0)
        row.exam_score, row.contest_score = values["exam_score"], values["contest_score"]
        row.total, row.grade = total, grade
        row.save()
    return len(people)


def evaluations_compute_all(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(
        evaluations_compute(branch=b, period=half_period(today), today=today)
        for b in Branch.objects.all()
    )


def grade_at_least(grade: str, lowest: str) -> bool:
    return grade in GRADE_ORDER and GRADE_ORDER.index(grade) >= GRADE_ORDER.index(lowest)


@transaction.atomic
def nomination_decide(
    *, employee: Employee, purpose: str, period: str, decision: str, user, note: str = ""
) -> Nomination:
    """The secretary records a nomination decision; the grade it relied on is kept with it."""
    if not is_secretary(user, employee.branch):
        raise PermissionDenied
    if purpose not in Nomination.Purpose.values or decision not in Nomination.Decision.values:
        raise ValidationError(_("Unknown choice."))
    evaluation = Evaluation.objects.filter(employee=employee, period=period).first()
    row = Nomination.objects.filter(employee=employee, purpose=purpose, period=period).first()
    row = row or Nomination(employee=employee, purpose=purpose, period=period)
    row.decision, row.note, row.decided_by = decision, (note or "").strip()[:300], user
    row.grade = evaluation.grade if evaluation else ""
    row.full_clean()
    row.save()
    return row


# ---------------------------------------------------------------- contests


@transaction.atomic
def contest_create(*, branch: Branch, title: str, held_on: datetime.date, events: list[str],
                   session=None, places: int = 3) -> Contest:  # fmt: skip
    contest = Contest(branch=branch, title=title, held_on=held_on, session=session, places=places)
    contest.full_clean()
    contest.save()
    for name in events:
        ContestEvent.objects.create(contest=contest, name=name)
    return contest


@transaction.atomic
def entry_add(*, event: ContestEvent, employee: Employee, user) -> Entry:
    """Enter a person in an event, if their latest grade meets the branch's entry rule."""
    contest = event.contest
    if not is_secretary(user, contest.branch):
        raise PermissionDenied
    if employee.branch_id != contest.branch_id or employee.has_left():
        raise ValidationError(_("%(name)s is not in this branch.") % {"name": employee.name})
    rule = evaluation_rule_of(contest.branch)
    latest = (
        Evaluation.objects.filter(employee=employee, period__lte=half_period(contest.held_on))
        .order_by("-period")
        .first()
    )
    if latest is None or not grade_at_least(latest.grade, rule.contest_entry_grade):
        raise ValidationError(
            _("%(name)s does not meet the entry rule (grade %(grade)s or better).")
            % {"name": employee.name, "grade": Grade(rule.contest_entry_grade).label}
        )
    entry, _created = Entry.objects.get_or_create(event=event, employee=employee)
    return entry


@transaction.atomic
def entry_score_set(*, entry: Entry, score, user) -> Entry:
    if not is_secretary(user, entry.event.contest.branch):
        raise PermissionDenied
    if entry.event.contest.published_at is not None:
        raise ValidationError(_("The results are published; scores can no longer change."))
    entry.score = round_score(Decimal(str(score)))
    entry.full_clean()
    entry.save()
    contest_rank(contest=entry.event.contest)
    return entry


def contest_rank(*, contest: Contest) -> None:
    """Rank each event's entrants by score (ties share a rank: 1, 1, 3)."""
    for event in contest.events.prefetch_related("entries"):
        scored = sorted(
            (e for e in event.entries.all() if e.score is not None), key=lambda e: -e.score
        )
        previous, rank = None, 0
        for position, entry in enumerate(scored, start=1):
            if entry.score != previous:
                rank, previous = position, entry.score
            if entry.rank != rank:
                entry.rank = rank
                entry.save(update_fields=["rank"])
        Entry.objects.filter(event=event, score__isnull=True).exclude(rank=None).update(rank=None)
        caching.bump_for(event, "training")  # an update sends no model signal


@transaction.atomic
def contest_publish(*, contest: Contest, user) -> Contest:
    """Publish the winners and placed entrants to the branch (ranks up to ``places``)."""
    if not is_secretary(user, contest.branch):
        raise PermissionDenied
    contest_rank(contest=contest)
    contest.published_at = timezone.now()
    contest.save(update_fields=["published_at"])
    return contest


def placed_entries(contest: Contest):
    return (
        Entry.objects.filter(event__contest=contest, rank__lte=contest.places)
        .filter(~Q(rank=None))
        .select_related("employee", "employee__team", "event")
        .order_by("event_id", "rank")
    )
