"""The care calendar: settings, birthday greetings, welfare campaigns and distributions."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, EmploymentType, Team
from branch.validators import (
    count_validators,
    date_in_range_constraint,
    deadline_days_validators,
    require_within,
    stored_plan_date,
)

PLACEHOLDERS = ("姓名", "年龄", "班组")
PLACEHOLDER_LIST = " ".join("{" + name + "}" for name in PLACEHOLDERS)
DEFAULT_GREETING = (
    "亲爱的{姓名}：\n今天是您{年龄}岁的生日，{班组}的全体同事和党支部祝您生日快乐、"
    "身体健康、阖家幸福！感谢您为大队付出的辛勤汗水。"
)


def validate_greeting_template(value: str) -> None:
    used = re.findall(r"\{([^{}]*)\}", value)
    unknown = sorted({name for name in used if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Available: %(available)s"),
            params={
                "names": "、".join("{" + n + "}" for n in unknown),
                "available": PLACEHOLDER_LIST,
            },
        )
    stripped = re.sub(r"\{[^{}]*\}", "", value)
    if "{" in stripped or "}" in stripped:
        raise ValidationError(_("Unpaired braces, please check the placeholders."))


class CareSettings(models.Model):
    """A branch's care preferences: the greeting text and how long the secretary has to
    answer a question."""

    branch = models.OneToOneField(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="care_settings",
    )
    greeting_template = models.TextField(
        _("Birthday greeting text"),
        default=DEFAULT_GREETING,
        validators=[validate_greeting_template],
        help_text=format_lazy(
            _("Available placeholders: {placeholders}"), placeholders=PLACEHOLDER_LIST
        ),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("Answer deadline (days)"),
        default=3,
        help_text=_("Within how many days the secretary should answer an employee's question"),
        validators=[*deadline_days_validators()],
    )
    talk_ack_hours = models.PositiveSmallIntegerField(
        _("Talk request acknowledgement (hours)"),
        default=48,
        help_text=_(
            "Within how many hours a request for a private talk must be acknowledged; after that "
            "the listener is reminded and the secretary told"
        ),
        validators=[*count_validators(720, minimum=1)],
    )
    heads_up_days = models.PositiveSmallIntegerField(
        _("Birthday heads-up (days before)"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "How many days before a birthday the team leader is reminded, so the wishes can be "
            "prepared; 0 for no reminder before the day"
        ),
    )

    class Meta:
        verbose_name = _("Care settings")
        verbose_name_plural = _("Care settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_days__lte=365), name="care_answer_days_at_most_a_year"
            ),
            models.CheckConstraint(
                condition=Q(answer_days__gte=1), name="care_answer_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(talk_ack_hours__gte=1), name="care_talk_ack_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.branch)

    def render_greeting(self, *, name: str, age: int | None, team: str) -> str:
        return render_greeting(self.greeting_template, name=name, age=age, team=team)


def render_greeting(template: str, *, name: str, age, team: str) -> str:
    values = {"姓名": name, "年龄": "" if age is None else str(age), "班组": team or ""}
    return re.sub(r"\{(姓名|年龄|班组)\}", lambda m: values[m.group(1)], template)


class Greeting(models.Model):
    """A birthday greeting (生日祝福): exactly one per person per birthday year, however often
    and from however many schedulers the daily job runs."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE, related_name="greetings"
    )
    year = models.PositiveSmallIntegerField(
        _("Year"), help_text=_("Solar year for a solar birthday, lunar year for a lunar birthday")
    )
    birthday = models.DateField(_("Birthday"))
    age = models.PositiveSmallIntegerField(_("Age"))
    message = models.TextField(_("Greeting"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    passed_on_at = models.DateTimeField(
        _("Passed on at"),
        null=True,
        blank=True,
        help_text=_("When the team leader passed the wishes on to a member without an account"),
    )
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Passed on by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Birthday greeting")
        verbose_name_plural = _("Birthday greeting")
        ordering = ["-birthday", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="greeting_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.year}"

    @property
    def notification_key(self) -> str:
        return f"care:greeting:{self.employee_id}:{self.year}"


class Season(models.TextChoices):
    SUMMER = "summer", _("Summer cooling")
    WINTER = "winter", _("Winter warmth")
    FESTIVAL = "festival", _("Festival visit")


class WelfareCampaign(models.Model):
    """A welfare campaign (送清凉 / 送温暖 / festival). Everyone in the target is included unless
    the secretary deliberately excludes an employment type, with a reason the report shows."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="campaigns"
    )
    season = models.CharField(_("Category"), max_length=16, choices=Season.choices)
    occasion = models.CharField(
        _("Designation"), max_length=100, help_text=_("e.g. 2026 summer cooling")
    )
    starts_on = models.DateField(_("Start date"), validators=[stored_plan_date])
    ends_on = models.DateField(_("End date"), validators=[stored_plan_date])
    teams = models.ManyToManyField(
        Team,
        verbose_name=_("Teams served"),
        blank=True,
        related_name="campaigns",
        help_text=_("Leave empty for the whole branch"),
    )
    excluded_types = models.JSONField(
        _("Employment types not taking part"),
        default=list,
        blank=True,
        help_text=_(
            "All employment types take part by default; an exclusion needs a written reason"
        ),
    )
    exclusion_reason = models.CharField(_("Reason for exclusion"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("Welfare campaign")
        verbose_name_plural = _("Welfare campaign")
        ordering = ["-starts_on", "-id"]
        constraints = [
            date_in_range_constraint("starts_on", "campaign_starts_on_in_range"),
            date_in_range_constraint("ends_on", "campaign_ends_on_in_range"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.occasion

    def clean(self):
        bad = [t for t in self.excluded_types or [] if t not in EmploymentType.values]
        if bad:
            raise ValidationError({"excluded_types": _("Unknown employment type")})
        if self.excluded_types and not self.exclusion_reason.strip():
            raise ValidationError(
                {"exclusion_reason": _("Excluding an employment type needs a written reason")}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date")})

    @property
    def excluded_labels(self) -> list[str]:
        return [str(EmploymentType(t).label) for t in self.excluded_types or []]


class CampaignItem(models.Model):
    """Something handed out in a campaign, with its unit (绿豆汤 碗, 矿泉水 瓶...)."""

    campaign = models.ForeignKey(
        WelfareCampaign,
        verbose_name=_("Welfare campaign"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    name = models.CharField(_("Item"), max_length=50)
    unit = models.CharField(
        _("Unit"), max_length=10, help_text=_("e.g. bowl, bottle, piece, box, set")
    )
    default_quantity = models.PositiveSmallIntegerField(
        _("Quantity per person"),
        default=1,
        help_text=_("The quantity recorded per person by “all received”"),
        validators=[*count_validators(1000, minimum=1)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Campaign item")
        verbose_name_plural = _("Campaign item")
        ordering = ["campaign", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_quantity__lte=1000), name="campaign_item_quantity_at_most_1000"
            ),
            models.UniqueConstraint(fields=["campaign", "name"], name="campaign_item_unique_name"),
            models.CheckConstraint(
                condition=Q(default_quantity__gt=0), name="campaign_item_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Distribution(models.Model):
    """Who received how much of which item, when, recorded by whom (发放记录)."""

    campaign = models.ForeignKey(
        WelfareCampaign,
        verbose_name=_("Welfare campaign"),
        on_delete=models.CASCADE,
        related_name="distributions",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.PROTECT, related_name="distributions"
    )
    item = models.ForeignKey(
        CampaignItem, verbose_name=_("Item"), on_delete=models.CASCADE, related_name="distributions"
    )
    quantity = models.PositiveSmallIntegerField(
        _("Quantity"), validators=[*count_validators(1000, minimum=1)]
    )
    received_on = models.DateField(_("Received on"), validators=[stored_plan_date])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("Recorded at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("Distribution")
        verbose_name_plural = _("Distribution")
        ordering = ["campaign", "employee", "item"]
        constraints = [
            date_in_range_constraint("received_on", "distribution_received_on_in_range"),
            models.CheckConstraint(
                condition=Q(quantity__lte=1000), name="distribution_quantity_at_most_1000"
            ),
            models.UniqueConstraint(
                fields=["campaign", "employee", "item"], name="distribution_once_per_item"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="distribution_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.item}"

    def clean(self):
        if self.campaign_id and self.received_on:
            campaign = self.campaign
            require_within(
                self.received_on,
                campaign.starts_on,
                campaign.ends_on,
                field="received_on",
                message=_(
                    "The date of receipt must lie within the campaign's dates "
                    "(%(first)s to %(last)s)."
                )
                % {"first": campaign.starts_on, "last": campaign.ends_on},
            )
