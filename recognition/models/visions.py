"""Visions and commitments (大愿景 / 小愿景 / 承诺) and incidents for the safe-day count."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team
from branch.validators import date_in_range_constraint, past_date, stored_plan_date

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

    history = HistoricalRecords()

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
    start_on = models.DateField(_("Start date"), validators=[stored_plan_date])
    end_on = models.DateField(
        _("End date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no end"),
        validators=[stored_plan_date],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Pledge")
        verbose_name_plural = _("Pledge")
        ordering = ["employee__team__name", "employee__staff_no", "-start_on"]
        constraints = [
            date_in_range_constraint("start_on", "commitment_start_on_in_range"),
            date_in_range_constraint("end_on", "commitment_end_on_in_range"),
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
    date = models.DateField(_("Date"), validators=[past_date])
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
            date_in_range_constraint("date", "checkin_date_in_range"),
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
    occurred_on = models.DateField(_("Occurred on"), validators=[past_date])
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
        constraints = [
            date_in_range_constraint("occurred_on", "incident_occurred_on_in_range"),
        ]
        verbose_name = _("Safety incident")
        verbose_name_plural = _("Safety incident")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["branch", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"
