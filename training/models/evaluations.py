"""Contests (半年一赛), the technical evaluation (技术考评) and nominations it informs."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import count_validators, stored_plan_date

from .plans import Session


class Contest(models.Model):
    """A skills contest (半年一赛) with its events; results are published to the branch as
    winners and placed entrants only, each entrant seeing their own rank."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    session = models.OneToOneField(
        Session, verbose_name=_("Training session"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="contest",
    )  # fmt: skip
    title = models.CharField(_("Title"), max_length=100)
    held_on = models.DateField(_("Held on"), validators=[stored_plan_date])
    places = models.PositiveSmallIntegerField(
        _("Placed entrants per event"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )  # fmt: skip
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Contest")
        verbose_name_plural = _("Contest")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ContestEvent(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("Contest"), on_delete=models.CASCADE, related_name="events"
    )
    name = models.CharField(_("Event"), max_length=100)

    class Meta:
        verbose_name = _("Contest event")
        verbose_name_plural = _("Contest event")
        ordering = ["contest", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="contestevent_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """One entrant in one event, with a score and the rank computed from the scores."""

    event = models.ForeignKey(
        ContestEvent, verbose_name=_("Contest event"), on_delete=models.CASCADE,
        related_name="entries",
    )  # fmt: skip
    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE,
        related_name="contest_entries",
    )  # fmt: skip
    score = models.DecimalField(
        _("Score"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    rank = models.PositiveSmallIntegerField(
        _("Rank"), null=True, blank=True, validators=[*count_validators(10000, minimum=1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Contest entry")
        verbose_name_plural = _("Contest entry")
        ordering = ["event", "rank", "employee__staff_no"]
        constraints = [
            models.UniqueConstraint(fields=["event", "employee"], name="entry_unique_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.event}"


class EvaluationRule(models.Model):
    """How a branch computes the technical-evaluation grade: weights of the four inputs (each
    0..100, as a percentage) and the thresholds of the grades. Shown next to every list."""

    branch = models.OneToOneField(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE,
        related_name="evaluation_rule",
    )  # fmt: skip
    drill_weight = models.PositiveSmallIntegerField(
        _("Drill weight (%)"), default=20, validators=[*count_validators(100)]
    )
    lesson_weight = models.PositiveSmallIntegerField(
        _("Lesson weight (%)"), default=20, validators=[*count_validators(100)]
    )
    exam_weight = models.PositiveSmallIntegerField(
        _("Exam weight (%)"), default=50, validators=[*count_validators(100)]
    )
    contest_weight = models.PositiveSmallIntegerField(
        _("Contest weight (%)"), default=10, validators=[*count_validators(100)]
    )
    excellent_from = models.PositiveSmallIntegerField(
        _("Excellent from"), default=90, validators=[*count_validators(100)]
    )
    good_from = models.PositiveSmallIntegerField(
        _("Good from"), default=75, validators=[*count_validators(100)]
    )
    pass_from = models.PositiveSmallIntegerField(
        _("Pass from"), default=60, validators=[*count_validators(100)]
    )
    contest_entry_grade = models.CharField(
        _("Lowest grade to enter a contest"), max_length=16, default="good",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Evaluation rule")
        verbose_name_plural = _("Evaluation rule")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    drill_weight__lte=100,
                    lesson_weight__lte=100,
                    exam_weight__lte=100,
                    contest_weight__lte=100,
                ),
                name="evaluationrule_weights_percent",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("good_from"))
                & Q(good_from__gt=models.F("pass_from"))
                & Q(excellent_from__lte=100),
                name="evaluationrule_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.branch)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


GRADE_ORDER = [Grade.FAIL, Grade.PASS, Grade.GOOD, Grade.EXCELLENT]


class Evaluation(models.Model):
    """A person's technical evaluation (技术考评) for a half year: the inputs and the grade the
    branch's rule gave them, stored so the grade a nomination relied on stays readable."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE,
        related_name="training_evaluations",
    )  # fmt: skip
    period = models.CharField(_("Period"), max_length=8, help_text=_("e.g. 2026-H1"))
    drill_rate = models.DecimalField(_("Drill participation (%)"), max_digits=5, decimal_places=1)
    lesson_rate = models.DecimalField(_("Lesson attendance (%)"), max_digits=5, decimal_places=1)
    exam_score = models.DecimalField(
        _("Exam score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    contest_score = models.DecimalField(
        _("Contest score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    total = models.DecimalField(_("Total"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("Grade"), max_length=16, choices=Grade.choices)
    computed_at = models.DateTimeField(_("Computed at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Technical evaluation")
        verbose_name_plural = _("Technical evaluation")
        ordering = ["-period", "employee__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], name="evaluation_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.period}"


class Nomination(models.Model):
    """A secretary's decision to nominate (or not) a person, informed by the grade: for 入党
    reference, a contest or commendation. The branch meeting and the Party committee decide
    admission; this records the branch's nomination, with history."""

    class Purpose(models.TextChoices):
        PARTY = "party", _("Party admission reference")
        CONTEST = "contest", _("Skills contest")
        COMMENDATION = "commendation", _("Commendation")

    class Decision(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        DEFERRED = "deferred", _("Not this time")

    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE,
        related_name="training_nominations",
    )  # fmt: skip
    purpose = models.CharField(_("Purpose"), max_length=16, choices=Purpose.choices)
    period = models.CharField(_("Period"), max_length=8)
    decision = models.CharField(_("Decision"), max_length=16, choices=Decision.choices)
    grade = models.CharField(_("Grade"), max_length=16, choices=Grade.choices, blank=True)
    note = models.CharField(_("Note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("Decided at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Nomination")
        verbose_name_plural = _("Nomination")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "purpose", "period"], name="nomination_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.get_purpose_display()}"


ZERO = Decimal(0)
