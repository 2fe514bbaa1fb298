"""The question bank, exams and submissions (一季一考).

Integrity: an attempt is started once (a second tab gets the same attempt); it is submitted
once, under a row lock, by its token, and only while the exam is open (an answer that arrives
after ``closes_at`` is refused); the score is stored with the answers given and history kept.
Questions and options are shuffled per attempt from its seed (the same seed shows the same
order on every reload). Scoring: see ``training.models.exams``.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.models import Branch, Employee
from branch.selectors import is_secretary, teams_led_by
from branch.services import notify_employee

from ..models import Attempt, Exam, Question, round_score, score_answer


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    question: Question
    options: list[tuple[int, str]]  # (original index, text) in the shown order


def exam_paper(attempt: Attempt, questions: list[Question]) -> list[PaperQuestion]:
    """The attempt's questions and options in its own shuffled order (deterministic)."""
    rng = random.Random(attempt.seed)
    order = sorted(questions, key=lambda q: q.pk)
    rng.shuffle(order)
    paper = []
    for number, question in enumerate(order, start=1):
        options = list(enumerate(question.options))
        if question.kind != "true_false":
            rng.shuffle(options)
        paper.append(PaperQuestion(number, question, options))
    return paper


def score_answers(questions: Iterable[Question], answers: dict) -> Decimal:
    """A 0-100 score: each question counts the same (see ``score_answer``)."""
    questions = list(questions)
    if not questions:
        return Decimal(0)
    earned = sum(
        (score_answer(q.kind, q.answer, answers.get(str(q.pk), [])) for q in questions),
        Decimal(0),
    )
    return round_score(earned * 100 / len(questions))


@transaction.atomic
def exam_create(
    *,
    branch: Branch,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    questions: Iterable[Question],
    max_attempts: int = 1,
    session=None,
) -> Exam:
    questions = list(questions)
    if not questions:
        raise ValidationError(_("An exam needs at least one question."))
    if any(q.branch_id != branch.pk for q in questions):
        raise ValidationError(_("A question does not belong to this branch."))
    exam = Exam(
        branch=branch, title=title, opens_at=opens_at, closes_at=closes_at,
        max_attempts=max_attempts, session=session,
    )  # fmt: skip
    exam.full_clean()
    exam.save()
    exam.questions.set(questions)
    return exam


@transaction.atomic
def exam_allow_attempts(*, exam: Exam, user, max_attempts: int) -> Exam:
    """The secretary allows more (or fewer) attempts."""
    if not is_secretary(user, exam.branch):
        raise PermissionDenied
    exam.max_attempts = max_attempts
    exam.full_clean()
    exam.save(update_fields=["max_attempts"])
    return exam


@transaction.atomic
def attempt_start(*, exam: Exam, employee: Employee, now=None) -> Attempt:
    """The person's attempt in progress, or a new one while attempts remain and the exam is
    open. A second tab gets the same attempt."""
    now = now or timezone.now()
    if employee.branch_id != exam.branch_id or employee.has_left():
        raise PermissionDenied
    if not exam.is_open(now):
        raise ValidationError(_("This exam is not open."))
    # lock the person's row so two tabs cannot both start a new attempt
    list(Employee.objects.select_for_update().filter(pk=employee.pk).order_by().values_list("pk"))
    attempts = list(Attempt.objects.filter(exam=exam, employee=employee).order_by("number"))
    for attempt in attempts:
        if attempt.status == Attempt.Status.STARTED:
            return attempt
    if len(attempts) >= exam.max_attempts:
        raise ValidationError(_("You have used every attempt allowed for this exam."))
    return Attempt.objects.create(
        exam=exam,
        employee=employee,
        number=len(attempts) + 1,
        seed=random.SystemRandom().randrange(1, 2**31),
        started_at=now,
    )


def _clean_answers(questions: list[Question], raw: dict) -> dict[str, list[int]]:
    by_id = {str(q.pk): q for q in questions}
    answers: dict[str, list[int]] = {}
    for key, picked in (raw or {}).items():
        question = by_id.get(str(key))
        if question is None:
            continue
        values = picked if isinstance(picked, list | tuple) else [picked]
        indexes = sorted(
            {
                int(v)
                for v in values
                if str(v).isascii() and str(v).isdigit() and int(v) < len(question.options)
            }
        )
        if question.kind != "multiple":
            indexes = indexes[:1]
        answers[str(key)] = indexes
    return answers


@transaction.atomic
def attempt_submit(*, token, employee: Employee, answers: dict, now=None) -> Attempt:
    """Score and close the attempt named by ``token``. Refused when it was submitted already
    (another tab), when it is not the person's, or when the exam has closed."""
    now = now or timezone.now()
    try:
        token = uuid.UUID(str(token))
    except ValueError as exc:
        raise PermissionDenied from exc
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("exam")
        .filter(token=token)
        .order_by()
        .first()
    )
    if attempt is None or attempt.employee_id != employee.pk:
        raise PermissionDenied
    if attempt.status != Attempt.Status.STARTED:
        raise ValidationError(_("This answer sheet has already been submitted."))
    if now >= attempt.exam.closes_at:
        raise ValidationError(_("The exam has closed; answers can no longer be submitted."))
    questions = list(attempt.exam.questions.all())
    cleaned = _clean_answers(questions, answers)
    attempt.answers = cleaned
    attempt.score = score_answers(questions, cleaned)
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = now
    attempt.save()
    return attempt


@transaction.atomic
def attempt_enter_paper_score(*, exam: Exam, employee: Employee, score, user) -> Attempt:
    """A leader (for their team) or the secretary enters the score of a paper exam taken by
    someone without an account."""
    if employee.branch_id != exam.branch_id or employee.has_left():
        raise PermissionDenied
    if not is_secretary(user, exam.branch) and not (
        employee.team_id and teams_led_by(user).filter(pk=employee.team_id).exists()
    ):
        raise PermissionDenied
    if employee.user_id and employee.user.is_active:
        raise ValidationError(
            _("%(name)s has an account and takes the exam on the phone.") % {"name": employee.name}
        )
    try:
        value = Decimal(str(score).strip())
    except Exception as exc:
        raise ValidationError(_("Please enter a score from 0 to 100.")) from exc
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("Please enter a score from 0 to 100."))
    attempt = Attempt.objects.filter(exam=exam, employee=employee, number=1).first()
    if attempt is not None and attempt.status == Attempt.Status.SUBMITTED:
        raise ValidationError(_("This answer sheet has already been submitted."))
    attempt = attempt or Attempt(exam=exam, employee=employee, number=1)
    value = round_score(value)
    attempt.status, attempt.score, attempt.entered_by = Attempt.Status.PAPER, value, user
    attempt.submitted_at = timezone.now()
    attempt.full_clean(validate_constraints=False)
    attempt.save()
    return attempt


def exam_reminders_send(*, now=None, within: datetime.timedelta | None = None) -> int:
    """People who have not taken an exam that closes within ``within`` (a day) are reminded
    once; people without an account through their team leader."""
    now = now or timezone.now()
    within = within or datetime.timedelta(days=1)
    exams = Exam.objects.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + within)
    sent = 0
    for exam in exams.select_related("branch"):
        done = set(
            Attempt.objects.filter(exam=exam)
            .exclude(status=Attempt.Status.STARTED)
            .values_list("employee_id", flat=True)
        )
        people = (
            Employee.objects.active()
            .filter(branch_id=exam.branch_id)
            .exclude(pk__in=done)
            .select_related("user", "team")
        )
        closes = timezone.localtime(exam.closes_at)
        for person in people:
            with transaction.atomic():
                sent += len(
                    notify_employee(
                        employee=person,
                        title=_("Exam closes soon: %(title)s") % {"title": exam.title},
                        body=_("Please take the exam before %(when)s.")
                        % {"when": f"{closes:%m-%d %H:%M}"},
                        url=f"/training/exams/{exam.pk}/",
                        key=f"training-exam:{exam.pk}:reminder:{person.pk}",
                    )
                )
    return sent
