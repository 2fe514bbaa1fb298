"""Per-branch settings of the recognition app."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch
from branch.validators import past_date

DEFAULT_RESPONSE_DAYS = 7
DEFAULT_ELIGIBILITY_AVERAGE = Decimal("4.0")
DEFAULT_ELIGIBILITY_PERIODS = 2
DEFAULT_WALL_MIN_STARS = Decimal("4.0")


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
    wall_min_stars = models.DecimalField(
        _("Stars needed for the star wall and plaques"),
        max_digits=2,
        decimal_places=1,
        default=DEFAULT_WALL_MIN_STARS,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("5.0"))],
        help_text=_(
            "Praise in public: the star wall and plaques show only people rated at or above "
            "this; other scores are seen by the person, their leader and the secretary only"
        ),
    )
    safety_start_date = models.DateField(
        _("Safe days counted from"),
        null=True,
        blank=True,
        help_text=_("Without incidents, safe days are counted from this day"),
        validators=[past_date],
    )

    history = HistoricalRecords()

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
            models.CheckConstraint(
                condition=Q(wall_min_stars__gte=1) & Q(wall_min_stars__lte=5),
                name="recognition_settings_wall_stars_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Settings of %(branch)s") % {"branch": self.branch})
