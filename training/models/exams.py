"""The question bank (题库), exams (一季一考) and each person's submission (答卷).

Scoring (``score_answer``): every question is worth the same; a single-choice or true/false
question scores in full when the one right option is picked. A multiple-choice question scores
**proportionally with no wrong picks**: any wrong option picked scores 0; otherwise the share of
right options picked (2 of 3 right, none wrong → 2/3 of the points).
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee

from .plans import Session


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")


TRUE_FALSE_OPTIONS = ["正确", "错误"]


class Question(models.Model):
    """One question of a branch's bank. ``options`` is the list of option texts; ``answer`` the
    0-based indexes of the right ones; every question carries an explanation."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("Question type"), max_length=16, choices=QuestionKind.choices)
    category = models.CharField(_("Category"), max_length=50, blank=True)
    text = models.TextField(_("Question"), max_length=1000)
    options = models.JSONField(_("Options"), default=list)
    answer = models.JSONField(_("Right answer"), default=list)
    explanation = models.TextField(_("Explanation"), max_length=2000)
    active = models.BooleanField(_("In use"), default=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Question")
        verbose_name_plural = _("Question bank")
        ordering = ["branch", "pk"]

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self):
        from django.core.exceptions import ValidationError

        options, answer = self.options, self.answer
        if not isinstance(options, list) or not all(isinstance(o, str) and o for o in options):
            raise ValidationError({"options": _("Options must be a list of texts.")})
        if not 2 <= len(options) <= 8:
            raise ValidationError({"options": _("A question has 2 to 8 options.")})
        if (
            not isinstance(answer, list)
            or not answer
            or len(set(answer)) != len(answer)
            or not all(isinstance(a, int) and 0 <= a < len(options) for a in answer)
        ):
            raise ValidationError({"answer": _("The right answer must name existing options.")})
        if self.kind != QuestionKind.MULTIPLE and len(answer) != 1:
            raise ValidationError({"answer": _("This question type has exactly one right answer.")})
        if self.kind == QuestionKind.TRUE_FALSE and len(options) != 2:
            raise ValidationError({"options": _("A true/false question has two options.")})


def score_answer(question_kind: str, answer: list[int], picked) -> Decimal:
    """The share (0..1) of a question's points earned by ``picked`` (see the module docstring)."""
    if not isinstance(picked, list | tuple):
        return Decimal(0)
    picked_set, right = set(picked), set(answer)
    if not picked_set:
        return Decimal(0)
    if question_kind != QuestionKind.MULTIPLE:
        return Decimal(1) if picked_set == right else Decimal(0)
    if picked_set - right:
        return Decimal(0)
    return Decimal(len(picked_set)) / Decimal(len(right))


class Exam(models.Model):
    """An exam (一季一考) taken on the phone within its window; the result and explanations
    are shown after it closes."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    session = models.OneToOneField(
        Session,
        verbose_name=_("Training session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exam",
    )
    title = models.CharField(_("Title"), max_length=100)
    opens_at = models.DateTimeField(_("Opens at"))
    closes_at = models.DateTimeField(_("Closes at"))
    questions = models.ManyToManyField(Question, verbose_name=_("Questions"), related_name="exams")
    max_attempts = models.PositiveSmallIntegerField(
        _("Attempts allowed"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("One unless the secretary allows more; the best score counts"),
    )
    pass_mark = models.DecimalField(_("Pass mark"), max_digits=5, decimal_places=1, default=60)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Exam")
        verbose_name_plural = _("Exam")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="exam_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Attempt(models.Model):
    """A person's submission (答卷): taken on the phone, or a paper score entered by a leader.
    The score is stored with the answers given; a submitted attempt is never changed."""

    class Status(models.TextChoices):
        STARTED = "started", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        PAPER = "paper", _("Paper exam")

    exam = models.ForeignKey(
        Exam, verbose_name=_("Exam"), on_delete=models.CASCADE, related_name="attempts"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE,
        related_name="exam_attempts",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("Attempt"), default=1)
    token = models.UUIDField(_("Token"), default=uuid.uuid4, unique=True, editable=False)
    seed = models.PositiveIntegerField(_("Shuffle seed"), default=0)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.STARTED
    )
    answers = models.JSONField(_("Answers"), default=dict, blank=True)
    score = models.DecimalField(
        _("Score"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    started_at = models.DateTimeField(_("Started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Exam attempt")
        verbose_name_plural = _("Exam attempt")
        ordering = ["exam", "employee", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "employee", "number"], name="attempt_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status="started") | Q(score__isnull=False),
                name="attempt_finished_has_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.exam}"

    @property
    def finished(self) -> bool:
        return self.status != self.Status.STARTED


def round_score(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
