"""发展党员: 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员.

A ``Development`` is one person's way through the pipeline with the dates and checks that the
rules look at; every step taken is a ``DevelopmentStep`` with the people involved (introducers,
the branch meeting and its vote, the Party committee's approval) and the documents held. The
rules themselves are in ``partylife.services.development``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import count_validators, past_date, stored_plan_date

from .meetings import Meeting


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    CANDIDATE = "candidate", _("Candidate for admission")
    PROBATIONARY = "probationary", _("Probationary member")
    MEMBER = "member", _("Full member")
    CANCELLED = "cancelled", _("Probation cancelled")


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.MEMBER]


class Development(models.Model):
    """One person's way into the Party, from the application to full membership."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="developments",
    )
    employee = models.OneToOneField(
        Employee, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="development"
    )
    stage = models.CharField(_("Stage"), max_length=16, choices=Stage.choices)
    applied_on = models.DateField(_("Applied on"), validators=[past_date])
    activist_on = models.DateField(
        _("Activist since"), null=True, blank=True, validators=[past_date]
    )
    candidate_on = models.DateField(
        _("Candidate since"), null=True, blank=True, validators=[past_date]
    )
    political_review_on = models.DateField(
        _("Political review passed on"), null=True, blank=True, validators=[past_date]
    )
    training_days = models.PositiveSmallIntegerField(
        _("Training days"), default=0, validators=[*count_validators(3650)]
    )
    training_hours = models.PositiveSmallIntegerField(
        _("Training hours"), default=0, validators=[*count_validators(10000)]
    )
    notice_from = models.DateField(
        _("Public notice from"), null=True, blank=True, validators=[stored_plan_date]
    )
    notice_to = models.DateField(
        _("Public notice until"), null=True, blank=True, validators=[stored_plan_date]
    )
    admitted_on = models.DateField(
        _("Admitted on"),
        null=True,
        blank=True,
        help_text=_("The branch meeting's vote: the probation starts this day"),
        validators=[past_date],
    )
    approved_on = models.DateField(
        _("Approved by the Party committee on"), null=True, blank=True, validators=[past_date]
    )
    extension_months = models.PositiveSmallIntegerField(
        _("Probation extended by (months)"),
        default=0,
        validators=[*count_validators(12)],
    )
    full_on = models.DateField(
        _("Full member since"), null=True, blank=True, validators=[past_date]
    )
    cancelled_on = models.DateField(
        _("Cancelled on"), null=True, blank=True, validators=[past_date]
    )
    status_before = models.CharField(
        _("Political status before admission"), max_length=16, blank=True
    )
    introducers = models.ManyToManyField(
        Employee, verbose_name=_("Introducers"), blank=True, related_name="introduced"
    )
    documents = models.TextField(
        _("Documents held"),
        blank=True,
        help_text=_("One a line: the application, the thought reports, the review, …"),
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Member development")
        verbose_name_plural = _("Member development")
        ordering = ["branch", "stage", "applied_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_months=0) | Q(extension_months__range=(6, 12)),
                name="development_extension_6_to_12_months",
            ),
            models.CheckConstraint(
                condition=Q(notice_to__isnull=True)
                | Q(notice_from__isnull=True)
                | Q(notice_to__gte=models.F("notice_from")),
                name="development_notice_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}：{self.get_stage_display()}"


class DevelopmentStep(models.Model):
    """One step taken in the pipeline, with who and what decided it."""

    class Outcome(models.TextChoices):
        ADVANCED = "advanced", _("Advanced")
        EXTENDED = "extended", _("Probation extended")
        CANCELLED = "cancelled", _("Probation cancelled")

    development = models.ForeignKey(
        Development, verbose_name=_("Member development"), on_delete=models.CASCADE,
        related_name="steps",
    )  # fmt: skip
    stage = models.CharField(_("Stage reached"), max_length=16, choices=Stage.choices)
    outcome = models.CharField(
        _("Outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ADVANCED
    )
    taken_on = models.DateField(_("Date"), validators=[past_date])
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("Branch meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development_steps",
    )
    votes_for = models.PositiveSmallIntegerField(
        _("Votes for"), null=True, blank=True, validators=[*count_validators()]
    )
    votes_against = models.PositiveSmallIntegerField(
        _("Votes against"), null=True, blank=True, validators=[*count_validators()]
    )
    votes_abstain = models.PositiveSmallIntegerField(
        _("Abstentions"), null=True, blank=True, validators=[*count_validators()]
    )
    approved_on = models.DateField(
        _("Approved by the Party committee on"), null=True, blank=True, validators=[past_date]
    )
    approver = models.CharField(_("Approving Party committee"), max_length=100, blank=True)
    note = models.TextField(_("Note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Recorded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Development step")
        verbose_name_plural = _("Development step")
        ordering = ["development", "taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.taken_on:%Y-%m-%d} {self.get_stage_display()}"
