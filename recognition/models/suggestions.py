"""Suggestions (合理化建议 / 小改小革), their responses, award levels and awards."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team
from branch.validators import count_validators, date_in_range_constraint, stored_plan_date


class BenefitUnit(models.TextChoices):
    YUAN = "yuan", _("Yuan saved")
    HOURS = "hours", _("Hours saved")


class SuggestionKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Rationalisation suggestion")
    SMALL_IMPROVEMENT = "small_improvement", _("Small improvement")


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted for review")
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    REJECTED = "rejected", _("Not adopted")
    IMPLEMENTED = "implemented", _("Implemented")


# Allowed status changes: 已提交 → 已受理 → 采纳 / 部分采纳 / 不采纳 → 已实施 (only when adopted).
SUGGESTION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    SuggestionStatus.SUBMITTED: (SuggestionStatus.ACCEPTED,),
    SuggestionStatus.ACCEPTED: (
        SuggestionStatus.ADOPTED,
        SuggestionStatus.PARTLY_ADOPTED,
        SuggestionStatus.REJECTED,
    ),
    SuggestionStatus.ADOPTED: (SuggestionStatus.IMPLEMENTED,),
    SuggestionStatus.PARTLY_ADOPTED: (SuggestionStatus.IMPLEMENTED,),
    SuggestionStatus.REJECTED: (),
    SuggestionStatus.IMPLEMENTED: (),
}
AWARDABLE_STATUSES = (
    SuggestionStatus.ADOPTED,
    SuggestionStatus.PARTLY_ADOPTED,
    SuggestionStatus.IMPLEMENTED,
)
BOARD_STATUSES = AWARDABLE_STATUSES


def suggestion_photo_path(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"recognition/suggestions/{today:%Y/%m}/{filename}"


class Suggestion(models.Model):
    """A rationalisation suggestion or small improvement. It always gets an answer: the first
    response is due by ``response_deadline``; a missed deadline is escalated once."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="suggestions"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("Suggested by"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("Employee who made the suggestion"),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_("Team of the suggester at submission"),
    )
    kind = models.CharField(
        _("Category"),
        max_length=20,
        choices=SuggestionKind.choices,
        default=SuggestionKind.SUGGESTION,
    )
    title = models.CharField(_("Title"), max_length=100)
    what = models.TextField(
        _("Suggestion"), max_length=2000, help_text=_("What to change, and how")
    )
    why = models.TextField(
        _("Rationale"), max_length=2000, help_text=_("Why change it, and what good it brings")
    )
    photo = models.ImageField(
        _("Photo"),
        upload_to=suggestion_photo_path,
        blank=True,
        help_text=_("Optional image, up to 5 MB"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Team leaders may submit for employees without an account"),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("Submitted at"), default=timezone.now)
    response_deadline = models.DateTimeField(_("Answer deadline"))
    first_response_at = models.DateTimeField(_("First replied at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("Overdue reminder sent at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        Employee,
        verbose_name=_("Escalated to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The committee member who may also reply once the deadline has passed"),
    )
    benefit_unit = models.CharField(
        _("Benefit measured in"), max_length=8, choices=BenefitUnit.choices,
        default=BenefitUnit.YUAN,
    )  # fmt: skip
    estimated_benefit = models.DecimalField(
        _("Estimated benefit"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Money or hours the suggestion should save"),
    )  # fmt: skip
    realised_benefit = models.DecimalField(
        _("Realised benefit"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Money or hours it has saved"),
    )  # fmt: skip
    implemented_by = models.ManyToManyField(
        Employee, verbose_name=_("Implemented by"), blank=True,
        related_name="suggestions_implemented",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rationalisation suggestion")
        verbose_name_plural = _("Rationalisation suggestion")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_deadline__gt=F("submitted_at")),
                name="suggestion_deadline_after_submission",
            ),
            models.CheckConstraint(
                condition=(Q(estimated_benefit__isnull=True) | Q(estimated_benefit__gte=0))
                & (Q(realised_benefit__isnull=True) | Q(realised_benefit__gte=0)),
                name="suggestion_benefit_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "status"]),
            models.Index(fields=["first_response_at", "response_deadline"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.first_response_at is None and self.response_deadline < now

    @property
    def allowed_next(self) -> tuple[str, ...]:
        return SUGGESTION_TRANSITIONS[self.status]

    @property
    def awardable(self) -> bool:
        return self.status in AWARDABLE_STATUSES


class SuggestionResponse(models.Model):
    """The answer that goes with every status change of a suggestion (反馈)."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("Suggestion made"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    from_status = models.CharField(
        _("Previous status"), max_length=20, choices=SuggestionStatus.choices
    )
    to_status = models.CharField(_("New status"), max_length=20, choices=SuggestionStatus.choices)
    text = models.TextField(_("Reply"), max_length=2000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Answered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("Suggestion reply")
        verbose_name_plural = _("Suggestion reply")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="suggestion_response_text_required"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} → {self.get_to_status_display()}"


class AwardLevel(models.Model):
    """An award level of the branch (e.g. 一等奖 500 元)."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="award_levels",
    )
    name = models.CharField(_("Award name"), max_length=30)
    amount = models.DecimalField(
        _("Prize money (yuan)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(
        _("Order"), default=0, validators=[*count_validators(1000)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Suggestion award level")
        verbose_name_plural = _("Suggestion award level")
        ordering = ["branch", "order", "-amount"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="award_level_unique_name"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="award_level_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.amount} 元）"


class Award(models.Model):
    """合理化建议奖: at most one per suggestion, only for adopted suggestions."""

    suggestion = models.OneToOneField(
        Suggestion,
        verbose_name=_("Suggestion made"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    level = models.ForeignKey(
        AwardLevel, verbose_name=_("Award"), on_delete=models.PROTECT, related_name="awards"
    )
    amount = models.DecimalField(
        _("Prize money (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Defaults to the award's amount, may be adjusted"),
    )
    awarded_on = models.DateField(_("Awarded on"), validators=[stored_plan_date])
    note = models.CharField(_("Notes"), max_length=200, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    self_approved = models.BooleanField(
        _("Granted by the person themself"),
        default=False,
        help_text=_("Set when the branch had no other committee member to grant the award"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Suggestion award")
        verbose_name_plural = _("Suggestion award")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            date_in_range_constraint("awarded_on", "award_awarded_on_in_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.level.name}"
