"""Recognition: the branch's platform for showing talent (搭建平台，展示才能) and its
self-management mode (自主管理).

* Star employees (星级员工评比挂牌): rating periods, criteria with weights, one rating per person
  and period with a 1-5 score per criterion, approved by the secretary and then locked.
* Suggestions (合理化建议 / 小改小革): every status change carries a response to the submitter,
  with a response deadline and escalation; adopted suggestions may earn an award.
* Visions and commitments (小愿景 / 承诺) and the safety goals (零事故、零伤害、零污染).

Every write goes through ``recognition.services``; every scoped read through
``recognition.selectors``.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team

DEFAULT_RESPONSE_DAYS = 7
DEFAULT_ELIGIBILITY_AVERAGE = Decimal("4.0")
DEFAULT_ELIGIBILITY_PERIODS = 2


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Year")


class RecognitionSettings(models.Model):
    """Per-branch settings of the recognition app. Created with defaults on first use."""

    branch = models.OneToOneField(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="recognition_settings",
    )
    rating_kind = models.CharField(
        _("Rating period length"),
        max_length=16,
        choices=PeriodKind.choices,
        default=PeriodKind.QUARTERLY,
        help_text=_("Whether this branch's star ratings are monthly, quarterly or yearly"),
    )
    response_days = models.PositiveSmallIntegerField(
        _("Suggestion reply deadline (days)"),
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Within how many days a suggestion must first be answered; the branch secretary is reminded when overdue"
        ),
    )
    eligibility_min_average = models.DecimalField(
        _("Minimum average stars for recuperation / commendation"),
        max_digits=2,
        decimal_places=1,
        default=DEFAULT_ELIGIBILITY_AVERAGE,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("5.0"))],
        help_text=_("Priority when the average of the latest approved ratings reaches this value"),
    )
    eligibility_periods = models.PositiveSmallIntegerField(
        _("Periods counted"),
        default=DEFAULT_ELIGIBILITY_PERIODS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "How many of the latest closed rating periods count; each must have an approved rating"
        ),
    )
    safety_start_date = models.DateField(
        _("Safe days counted from"),
        null=True,
        blank=True,
        help_text=_("Without incidents, safe days are counted from this day"),
    )

    class Meta:
        verbose_name = _("Stars and suggestions settings")
        verbose_name_plural = _("Stars and suggestions settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(response_days__gte=1),
                name="recognition_settings_response_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(eligibility_min_average__gte=1) & Q(eligibility_min_average__lte=5),
                name="recognition_settings_average_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Settings of %(branch)s") % {"branch": self.branch})


class RatingPeriod(models.Model):
    """A rating round (月度/季度/年度). Ratings are written while it is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed period")

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="rating_periods",
    )
    kind = models.CharField(_("Period type"), max_length=16, choices=PeriodKind.choices)
    start = models.DateField(_("Start date"))
    end = models.DateField(_("End date"))
    name = models.CharField(
        _("Designation"),
        max_length=50,
        blank=True,
        help_text=_("e.g. 2026 third quarter; leave empty to generate"),
    )
    status = models.CharField(
        _("Status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("Rating period")
        verbose_name_plural = _("Rating period")
        ordering = ["branch", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "start", "kind"], name="rating_period_unique_start_per_branch"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="rating_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.default_name()

    def default_name(self) -> str:
        if self.kind == PeriodKind.MONTHLY:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTERLY:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年度"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RatingCriterion(models.Model):
    """One thing a star rating looks at, with its weight. The branch's defaults put character
    and values first (品格, 人生价值观), then safety, skill and teamwork."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="rating_criteria",
    )
    name = models.CharField(_("Rating criterion"), max_length=30)
    description = models.CharField(_("Caption"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Weight in the weighted average, larger means more important"),
    )
    order = models.PositiveSmallIntegerField(_("Order"), default=0)
    active = models.BooleanField(
        _("In use"),
        default=True,
        help_text=_("Inactive criteria no longer appear on the rating sheet"),
    )

    class Meta:
        verbose_name = _("Rating criterion")
        verbose_name_plural = _("Rating criterion")
        ordering = ["branch", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="rating_criterion_unique_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="rating_criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def weighted_stars(pairs) -> Decimal | None:
    """The overall stars of ``(stars, weight)`` pairs: the weighted average, rounded to one
    decimal half up (4.25 → 4.3, 4.24 → 4.2). None when there is nothing to average."""
    pairs = list(pairs)
    total_weight = sum(weight for _stars, weight in pairs)
    if not total_weight:
        return None
    total = sum(Decimal(stars) * weight for stars, weight in pairs)
    return (total / Decimal(total_weight)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class StarRating(models.Model):
    """One person's star rating in one period, written by their team leader and approved by
    the secretary. Approved ratings are locked; their past is kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.PROTECT, related_name="star_ratings"
    )
    period = models.ForeignKey(
        RatingPeriod,
        verbose_name=_("Rating period"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.PROTECT,
        related_name="star_ratings",
        help_text=_("Team at rating time"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    overall = models.DecimalField(
        _("Overall stars"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Weighted average of the criteria's stars, rounded to one decimal"),
    )
    comment = models.TextField(_("Remarks"), blank=True, max_length=500)
    return_reason = models.TextField(_("Reason for returning"), blank=True, max_length=500)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Rated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("Approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Star rating")
        verbose_name_plural = _("Star rating")
        ordering = ["period", "team", "employee__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], name="star_rating_one_per_employee_period"
            ),
            models.CheckConstraint(
                condition=Q(overall__isnull=True) | (Q(overall__gte=1) & Q(overall__lte=5)),
                name="star_rating_overall_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="star_rating_returned_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def whole_stars(self) -> int:
        """Stars to draw: the overall rounded half up to a whole star."""
        if self.overall is None:
            return 0
        return int(self.overall.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class StarScore(models.Model):
    """1-5 stars on one criterion of a rating."""

    rating = models.ForeignKey(
        StarRating, verbose_name=_("Rating"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RatingCriterion,
        verbose_name=_("Rating criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stars = models.PositiveSmallIntegerField(
        _("Stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    weight = models.PositiveSmallIntegerField(
        _("Weight"),
        default=1,
        help_text=_(
            "The criterion's weight at rating time (changing weights later does not affect ratings made)"
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Criterion stars")
        verbose_name_plural = _("Criterion stars")
        ordering = ["rating", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "criterion"], name="star_score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="star_score_stars_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.stars}"


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
    order = models.PositiveSmallIntegerField(_("Order"), default=0)

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
    awarded_on = models.DateField(_("Awarded on"))
    note = models.CharField(_("Notes"), max_length=200, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Suggestion award")
        verbose_name_plural = _("Suggestion award")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.level.name}"


BIG_GOALS = _("Zero accidents, zero injuries, zero pollution")


class Vision(models.Model):
    """The branch's vision (大愿景, with its big goals) or a team's yearly small vision (小愿景)."""

    class Scope(models.TextChoices):
        BRANCH = "branch", _("Branch vision")
        TEAM = "team", _("Team vision")

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="visions"
    )
    scope = models.CharField(_("Scope"), max_length=8, choices=Scope.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visions",
        help_text=_("Required for a team vision, empty for the branch vision"),
    )
    year = models.PositiveSmallIntegerField(
        _("Year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    text = models.TextField(_("Vision"), max_length=1000)
    goals = models.CharField(
        _("Big goal"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Zero accidents, zero injuries, zero pollution"),
    )
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Vision")
        verbose_name_plural = _("Vision")
        ordering = ["-year", "scope", "team__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="branch") & Q(team__isnull=True))
                | (Q(scope="team") & Q(team__isnull=False)),
                name="vision_scope_matches_team",
            ),
            models.UniqueConstraint(
                fields=["team", "year"],
                condition=Q(scope="team"),
                name="vision_one_per_team_year",
            ),
            models.UniqueConstraint(
                fields=["branch", "year"],
                condition=Q(scope="branch"),
                name="vision_one_per_branch_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.team or self.branch}"


class Commitment(models.Model):
    """A member's pledge (承诺) with a role, e.g. 我是当班安全员 · 井控设备我负责."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE, related_name="commitments"
    )
    role = models.CharField(_("Role"), max_length=30, help_text=_("e.g. shift safety officer"))
    promise = models.CharField(
        _("Pledge"), max_length=200, help_text=_("e.g. I look after the well control equipment")
    )
    start_on = models.DateField(_("Start date"))
    end_on = models.DateField(
        _("End date"), null=True, blank=True, help_text=_("Leave empty for no end")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Pledge")
        verbose_name_plural = _("Pledge")
        ordering = ["employee__team__name", "employee__staff_no", "-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="commitment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}：{self.promise}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)


class CommitmentCheckIn(models.Model):
    """The leader's check of a commitment on one shift or day: kept or not, with a note."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("Pledge"), on_delete=models.CASCADE, related_name="checkins"
    )
    date = models.DateField(_("Date"))
    kept = models.BooleanField(_("Kept"), default=True)
    note = models.CharField(_("Caption"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Checked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Pledge check")
        verbose_name_plural = _("Pledge check")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "date"], name="commitment_checkin_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.date}"


class Incident(models.Model):
    """An accident, injury or pollution event; it resets the safe-days counters."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("Accident")
        INJURY = "injury", _("Injury")
        POLLUTION = "pollution", _("Pollution")

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="incidents"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        help_text=_("The team involved; leave empty for the branch level"),
    )
    kind = models.CharField(_("Category"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("Occurred on"))
    description = models.TextField(_("What happened"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by whom"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Safety incident")
        verbose_name_plural = _("Safety incident")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["branch", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"
