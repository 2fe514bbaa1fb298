"""Star ratings (星级员工评比挂牌): periods, criteria with weights, ratings and their scores."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team
from branch.validators import count_validators, date_in_range_constraint, stored_plan_date

from .settings import PeriodKind


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
    start = models.DateField(_("Start date"), validators=[stored_plan_date])
    end = models.DateField(_("End date"), validators=[stored_plan_date])
    name = models.CharField(
        _("Designation"),
        max_length=50,
        blank=True,
        help_text=_("e.g. 2026 third quarter; leave empty to generate"),
    )
    status = models.CharField(
        _("Status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rating period")
        verbose_name_plural = _("Rating period")
        ordering = ["branch", "-start"]
        constraints = [
            date_in_range_constraint("start", "rating_period_start_in_range"),
            date_in_range_constraint("end", "rating_period_end_in_range"),
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
    order = models.PositiveSmallIntegerField(
        _("Order"), default=0, validators=[*count_validators(1000)]
    )
    active = models.BooleanField(
        _("In use"),
        default=True,
        help_text=_("Inactive criteria no longer appear on the rating sheet"),
    )

    history = HistoricalRecords()

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
    self_approved = models.BooleanField(
        _("Approved by the person themself"),
        default=False,
        help_text=_(
            "Set when the branch had no other committee member to approve the person's own "
            "rating; the fairness report shows it"
        ),
    )
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
            models.CheckConstraint(
                condition=Q(self_approved=False) | Q(status="approved"),
                name="star_rating_self_approved_only_when_approved",
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
