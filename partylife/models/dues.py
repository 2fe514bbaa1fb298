"""党费: each Party member's monthly dues from their dues base (the after-tax regular wage).

One rate applies to the whole base, chosen by the bracket the base falls in (each bound
inclusive). Members without a wage base (retirees, members without a wage) pay a fixed small
amount by category. A branch may set its own table (``DuesRate`` rows); without rows the
statutory default in ``partylife.services.dues.DEFAULT_RATES`` applies. Amounts are rounded to
the fen with ROUND_HALF_UP."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import past_date, stored_plan_date


class DuesCategory(models.TextChoices):
    WAGE = "wage", _("Wage earner")
    RETIRED = "retired", _("Retiree")
    NO_WAGE = "no_wage", _("Member without a wage")


class DuesRate(models.Model):
    """One line of the branch's dues table: a bracket of the base with its percentage, or a
    fixed monthly amount for a category without a wage base."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="dues_rates"
    )
    category = models.CharField(_("Category"), max_length=16, choices=DuesCategory.choices)
    up_to = models.DecimalField(
        _("Base up to (inclusive)"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: no upper bound"),
    )  # fmt: skip
    percent = models.DecimalField(
        _("Rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_amount = models.DecimalField(
        _("Fixed monthly amount"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Dues rate")
        verbose_name_plural = _("Dues rate")
        ordering = ["branch", "category", "up_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=False, fixed_amount__isnull=True)
                | Q(percent__isnull=True, fixed_amount__isnull=False),
                name="dues_rate_percent_or_fixed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ≤ {self.up_to or '∞'}"


class DuesPayment(models.Model):
    """One member's dues for one month: the base and category it was computed from, the amount,
    and when it was paid (empty while unpaid)."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="dues_payments",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Member"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    month = models.DateField(
        _("Month"), help_text=_("The first day of the month"), validators=[stored_plan_date]
    )
    category = models.CharField(
        _("Category"), max_length=16, choices=DuesCategory.choices, default=DuesCategory.WAGE
    )
    base = models.DecimalField(
        _("Dues base"), max_digits=10, decimal_places=2, default=0,
        help_text=_("The monthly after-tax regular wage"),
    )  # fmt: skip
    amount = models.DecimalField(_("Amount"), max_digits=8, decimal_places=2, default=0)
    paid_on = models.DateField(_("Paid on"), null=True, blank=True, validators=[past_date])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Recorded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Dues payment")
        verbose_name_plural = _("Dues payment")
        ordering = ["branch", "month", "employee__staff_no"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="dues_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_month_first_day"),
            models.CheckConstraint(
                condition=Q(base__gte=0) & Q(amount__gte=0), name="dues_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.month:%Y-%m}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None
