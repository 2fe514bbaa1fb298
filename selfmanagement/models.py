"""Self-management (自主管理): the shift's economics (算经济账) and the team analysis (班组分析会).

Before a job the shift records the materials and hours it plans to use, priced from the branch's
item catalogue; after it, the actual quantities and who checked each item (生产材料人人把关).
Money is Decimal throughout, never float: a line's cost is quantity × unit cost rounded to the
fen (0.01 yuan) with ROUND_HALF_UP, and totals are sums of rounded line costs."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branch.models import Branch, Employee, Team
from branch.validators import date_in_range_constraint, stored_plan_date

FEN = Decimal("0.01")


def to_fen(value: Decimal) -> Decimal:
    """Round an amount of money to the fen, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


class ItemCategory(models.TextChoices):
    TUBING = "tubing", _("Tubing")
    RODS = "rods", _("Sucker rods")
    CHEMICAL = "chemical", _("Chemicals")
    FUEL = "fuel", _("Fuel")
    HOURS = "hours", _("Work hours")
    OTHER = "other", _("Other")


class CostItem(models.Model):
    """An item of the branch's catalogue with its unit cost, e.g. 油管 (根) 850.00 元."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="cost_items"
    )
    name = models.CharField(_("Item"), max_length=60)
    category = models.CharField(_("Category"), max_length=16, choices=ItemCategory.choices)
    unit = models.CharField(_("Unit"), max_length=16)
    unit_cost = models.DecimalField(
        _("Unit cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    active = models.BooleanField(_("In use"), default=True)

    class Meta:
        verbose_name = _("Cost item")
        verbose_name_plural = _("Cost items")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="sm_item_name_per_branch"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="sm_item_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class ShiftJob(models.Model):
    """One job of a shift (当班作业) and its economics: planned lines before, actual after."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="shift_jobs"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("Team"), on_delete=models.PROTECT, related_name="shift_jobs"
    )
    date = models.DateField(_("Date"), db_index=True, validators=[stored_plan_date])
    job = models.CharField(
        _("Job"), max_length=100, help_text=_("The well and the work, e.g. pump check at well 3-12")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        constraints = [
            date_in_range_constraint("date", "shift_job_date_in_range"),
        ]
        verbose_name = _("Shift economics")
        verbose_name_plural = _("Shift economics")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.team.name} {self.job}"


class ShiftLine(models.Model):
    """One item of a job: planned quantity, actual quantity, and who checked it."""

    job = models.ForeignKey(
        ShiftJob, verbose_name=_("Job"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(
        CostItem, verbose_name=_("Item"), on_delete=models.PROTECT, related_name="+"
    )
    unit_cost = models.DecimalField(
        _("Unit cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("The catalogue's unit cost when the line was planned"),
    )
    planned_qty = models.DecimalField(
        _("Planned quantity"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    actual_qty = models.DecimalField(
        _("Actual quantity"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    checked_by = models.ForeignKey(
        Employee,
        verbose_name=_("Checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Who checked this item: every production material has someone answering for it"
        ),
    )

    class Meta:
        verbose_name = _("Item line")
        verbose_name_plural = _("Item lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "item"], name="sm_line_item_once_per_job"),
            models.CheckConstraint(
                condition=Q(planned_qty__gte=0)
                & (Q(actual_qty__isnull=True) | Q(actual_qty__gte=0)),
                name="sm_line_quantities_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual_qty__isnull=True) | Q(checked_by__isnull=False),
                name="sm_line_actual_needs_checker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.item.name}"

    @property
    def planned_cost(self) -> Decimal:
        return to_fen(self.planned_qty * self.unit_cost)

    @property
    def actual_cost(self) -> Decimal | None:
        return None if self.actual_qty is None else to_fen(self.actual_qty * self.unit_cost)

    @property
    def saving(self) -> Decimal | None:
        """Planned minus actual cost: positive is money saved."""
        actual = self.actual_cost
        return None if actual is None else self.planned_cost - actual


class TeamAnalysis(models.Model):
    """A team analysis meeting (班组分析会): who came, what went well, problems and measures;
    open measures of earlier meetings are followed up at the next one."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("Team"), on_delete=models.PROTECT, related_name="analyses"
    )
    held_on = models.DateField(_("Held on"), validators=[stored_plan_date])
    attendees = models.ManyToManyField(Employee, verbose_name=_("Attendees"), related_name="+")
    went_well = models.TextField(_("What went well"), blank=True)
    problems = models.TextField(_("Problems"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Team analysis")
        verbose_name_plural = _("Team analyses")
        ordering = ["-held_on", "-id"]
        constraints = [
            date_in_range_constraint("held_on", "team_analysis_held_on_in_range"),
            models.UniqueConstraint(fields=["team", "held_on"], name="sm_analysis_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.team.name} {self.held_on}"


class MeasureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class AnalysisMeasure(models.Model):
    """A measure decided at a team analysis, with its owner and due date."""

    analysis = models.ForeignKey(
        TeamAnalysis, verbose_name=_("Team analysis"), on_delete=models.CASCADE,
        related_name="measures",
    )  # fmt: skip
    text = models.CharField(_("Measure"), max_length=200)
    owner = models.ForeignKey(
        Employee, verbose_name=_("Person responsible"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("Due date"), validators=[stored_plan_date])
    status = models.CharField(
        _("Status"), max_length=8, choices=MeasureStatus.choices, default=MeasureStatus.OPEN
    )
    follow_up = models.CharField(_("Follow-up"), max_length=200, blank=True)
    followed_up_at = models.ForeignKey(
        TeamAnalysis,
        verbose_name=_("Followed up at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_up_measures",
    )

    class Meta:
        constraints = [
            date_in_range_constraint("due_on", "analysis_measure_due_on_in_range"),
        ]
        verbose_name = _("Measure")
        verbose_name_plural = _("Measures")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text
