"""The organisation: branches, their teams and the people the branch looks after.

Everything else in the product (care, recognition, study) hangs off these three models.
Roles are Django groups (see ``branch.roles``); their *scope* comes from the relations here:
a secretary administers the branches in ``Branch.secretaries``, a team leader looks after the
teams whose ``leaders`` include their employee record, a worker sees only themself.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .history import M2MHistoricalRecords
from .validators import date_in_range_constraint, past_date, stored_plan_date


class Branch(models.Model):
    """A Party branch (党支部). One deployment may host several."""

    code = models.SlugField(
        _("Code"),
        max_length=32,
        unique=True,
        help_text=_("Short code used by the import command and at login, e.g. zydd"),
    )
    name = models.CharField(
        _("Designation"), max_length=100, help_text=_("e.g. Workover Brigade Party Branch")
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Branch secretary"),
        blank=True,
        related_name="administered_branches",
        help_text=_(
            "Accounts that may manage all of the branch's affairs (including confidential care records)"
        ),
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = M2MHistoricalRecords(m2m_fields=[secretaries])

    class Meta:
        verbose_name = _("Party branch")
        verbose_name_plural = _("Party branch")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A work team or shift crew (班组) of a branch, with one or more leaders."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("Team name"), max_length=100)
    leaders = models.ManyToManyField(
        "Employee",
        verbose_name=_("Team leader"),
        blank=True,
        related_name="led_teams",
        help_text=_(
            "Team leaders rate their team's employees, keep the team vision and pledges, and receive birthday reminders"
        ),
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = M2MHistoricalRecords(m2m_fields=[leaders])

    class Meta:
        verbose_name = _("Team")
        verbose_name_plural = _("Team")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="team_unique_name_per_branch"),
        ]

    def __str__(self) -> str:
        return self.name


class EmploymentType(models.TextChoices):
    FORMAL = "formal", _("Formal employee")
    CONTRACT = "contract", _("Rural contract worker")
    INTERN = "intern", _("Short-term intern")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("Party member")
    PROBATIONARY = "probationary", _("Probationary Party member")
    LEAGUE = "league", _("Youth League member")
    MASSES = "masses", _("Masses")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class BirthdayCalendar(models.TextChoices):
    SOLAR = "solar", _("Solar")
    LUNAR = "lunar", _("Lunar")


class EmployeeQuerySet(models.QuerySet):
    def active(self, day: datetime.date | None = None):
        """People still with the branch on ``day`` (today): no leaving date, or one still to
        come (a leaver keeps access until their last day)."""
        day = day or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


class Employee(models.Model):
    """A person the branch looks after (员工): formal staff, rural contract workers and interns
    alike. An account is optional; a worker without one is still a full member."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.PROTECT, related_name="employees"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    staff_no = models.CharField(
        _("Staff number"),
        max_length=32,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z_-]+$", _("A staff number may only contain letters, digits, - and _")
            )
        ],
        help_text=_("Unique within the branch"),
    )
    name = models.CharField(_("Full name"), max_length=50)
    gender = models.CharField(_("Gender"), max_length=8, choices=Gender.choices, blank=True)
    employment_type = models.CharField(
        _("Employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.FORMAL,
    )
    political_status = models.CharField(
        _("Political status"),
        max_length=16,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    birth_date = models.DateField(
        _("Date of birth"),
        null=True,
        blank=True,
        help_text=_("Solar date of birth (as on the ID card)"),
        validators=[past_date],
    )
    birthday_calendar = models.CharField(
        _("Birthday calendar"),
        max_length=8,
        choices=BirthdayCalendar.choices,
        default=BirthdayCalendar.SOLAR,
        help_text=_("Lunar: the birthday falls each year on the lunar month and day of birth"),
    )
    hired_on = models.DateField(_("Hired on"), null=True, blank=True, validators=[past_date])
    mobile = models.CharField(
        _("Mobile"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^\+?[0-9][0-9 -]{5,18}$", _("Please enter a valid phone number"))
        ],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    left_on = models.DateField(
        _("Left on"),
        null=True,
        blank=True,
        help_text=_("Leave empty while employed"),
        validators=[stored_plan_date],
    )
    password_change_required = models.BooleanField(
        _("Must change password"),
        default=False,
        help_text=_(
            "Set when an account is opened with a printed first-login password; cleared when "
            "the person chooses their own"
        ),
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Employee")
        verbose_name_plural = _("Employee")
        ordering = ["branch", "team__name", "staff_no"]
        constraints = [
            date_in_range_constraint("birth_date", "employee_birth_date_in_range"),
            date_in_range_constraint("hired_on", "employee_hired_on_in_range"),
            date_in_range_constraint("left_on", "employee_left_on_in_range"),
            models.UniqueConstraint(
                fields=["branch", "staff_no"], name="employee_unique_staff_no_per_branch"
            ),
            models.CheckConstraint(
                condition=Q(hired_on__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(hired_on__gt=models.F("birth_date")),
                name="employee_hired_after_birth",
            ),
        ]
        indexes = [models.Index(fields=["branch", "left_on"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @staticmethod
    def label_expression(prefix: str = ""):
        """``str(employee)`` computed by the database, for rows read without building an
        Employee each (``prefix`` leads to the employee, e.g. ``"employee__"``)."""
        from django.db.models.functions import Concat

        return Concat(
            models.F(f"{prefix}name"),
            models.Value("（"),
            models.F(f"{prefix}staff_no"),
            models.Value("）"),
            output_field=models.CharField(),
        )

    @property
    def is_active(self) -> bool:
        return not self.has_left()

    def has_left(self, day: datetime.date | None = None) -> bool:
        """Whether the leaving day has come (on it, access ends)."""
        return self.left_on is not None and self.left_on <= (day or timezone.localdate())

    def age_on(self, day: datetime.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        day = day or timezone.localdate()
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class CommitteePost(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy", _("Deputy secretary")
    ORGANISATION = "organisation", _("Organisation member")
    PUBLICITY = "publicity", _("Publicity member")
    DISCIPLINE = "discipline", _("Discipline member")
    OTHER = "other", _("Other committee member")


class CommitteeMemberQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(start_on__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gt=day))


class CommitteeMember(models.Model):
    """A seat on the branch committee (支部委员会): who holds which post, from when to when.

    A post ends by setting ``end_on`` (the first day the person no longer holds it), so the
    committee's past stays readable; history records every edit besides."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="committee_members",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("Committee member"),
        on_delete=models.PROTECT,
        related_name="committee_posts",
    )
    post = models.CharField(_("Post"), max_length=16, choices=CommitteePost.choices)
    post_title = models.CharField(
        _("Post title"),
        max_length=50,
        blank=True,
        help_text=_("The post's name when the branch names its own, e.g. a youth member"),
    )
    start_on = models.DateField(_("Holds the post from"), validators=[stored_plan_date])
    end_on = models.DateField(
        _("Holds the post until"),
        null=True,
        blank=True,
        help_text=_("The first day the post is no longer held; empty while held"),
        validators=[stored_plan_date],
    )

    history = HistoricalRecords()
    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Committee member")
        verbose_name_plural = _("Committee member")
        ordering = ["branch", "post", "start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gt=models.F("start_on")),
                name="committee_member_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["branch", "employee", "post"],
                condition=Q(end_on__isnull=True),
                name="committee_member_one_open_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_title or self.get_post_display()}：{self.employee.name}"


class PartyGroup(models.Model):
    """A Party group (党小组) within a branch, its leader and members."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="party_groups",
    )
    name = models.CharField(_("Party group name"), max_length=100)
    leader = models.ForeignKey(
        Employee,
        verbose_name=_("Party group leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_party_groups",
    )
    members = models.ManyToManyField(
        Employee, verbose_name=_("Members"), blank=True, related_name="party_groups"
    )

    history = M2MHistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("Party group")
        verbose_name_plural = _("Party group")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="party_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An item in a user's inbox (站内消息). Channels beyond the inbox (e-mail, group-chat
    robots) deliver copies of it; the inbox copy is written first and is never lost."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, null=True, blank=True
    )
    about = models.ForeignKey(
        Employee,
        verbose_name=_("Employee concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The employee the message is about; team leaders receive it when the employee has no account"
        ),
    )
    title = models.CharField(_("Title"), max_length=200)
    body = models.TextField(_("Body"), blank=True)
    url = models.CharField(_("Link"), max_length=300, blank=True)
    key = models.CharField(
        _("Deduplication key"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only one message per recipient and key is kept; sending again creates no duplicate"
        ),
    )
    created_at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("Read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Notification")
        verbose_name_plural = _("Notification")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_unique_key_per_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # Batch jobs look messages up by key alone (``notifications_send_bulk``); the
            # unique constraint leads with the recipient and cannot serve that.
            models.Index(fields=["key"], name="notification_key_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ChannelSettings(models.Model):
    """How a branch's notifications leave the site besides the inbox: e-mail to people who
    have an address, and a group-chat robot (e.g. a WeCom group) that receives a text post."""

    branch = models.OneToOneField(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="channel_settings",
    )
    email_enabled = models.BooleanField(
        _("Send email"),
        default=True,
        help_text=_("Also send an email when the recipient's account has an email address"),
    )
    webhook_url = models.URLField(
        _("Group bot address"),
        blank=True,
        help_text=_(
            "Webhook address of a group bot (e.g. WeCom); leave empty to not post to the group"
        ),
    )
    webhook_enabled = models.BooleanField(_("Post to group"), default=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Notification channel settings")
        verbose_name_plural = _("Notification channel settings")

    def __str__(self) -> str:
        return str(self.branch)

    def clean(self) -> None:
        from .channels import validate_webhook_url

        try:
            validate_webhook_url(self.webhook_url)
        except ValidationError as exc:
            raise ValidationError({"webhook_url": exc.messages}) from exc


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("By email")
    WEBHOOK = "webhook", _("Group bot")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One copy of a notification sent through one channel, so a secretary can see what left
    the site and what failed (and why). The inbox copy never depends on it."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("Notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, null=True, blank=True
    )
    channel = models.CharField(_("Channel"), max_length=16, choices=DeliveryChannel.choices)
    target = models.CharField(
        _("Target"),
        max_length=300,
        help_text=_("Email address, or the group bot (the address itself is not stored)"),
    )
    key = models.CharField(
        _("Deduplication key"),
        max_length=200,
        blank=True,
        help_text=_(
            "Posted only once per group and key (a message for several recipients goes to the group once)"
        ),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    last_error = models.TextField(_("Last error"), blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("Sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Notification delivery")
        verbose_name_plural = _("Notification delivery")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_unique_channel_per_notification"
            ),
            models.UniqueConstraint(
                fields=["branch", "channel", "key"],
                condition=Q(channel="webhook") & ~Q(key=""),
                name="delivery_webhook_once_per_key",
            ),
        ]
        indexes = [models.Index(fields=["branch", "status"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target}"


class FormSubmission(models.Model):
    """A creating form sent once: the one-time token the rendered form carried and where its
    first submission led, so that a second tap on “submit” (or a resent POST) leads there again
    instead of creating a duplicate. See ``branch.idempotency``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Login account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("Form token"), max_length=32)
    redirect_to = models.CharField(_("Led to"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Submitted at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Form submission")
        verbose_name_plural = _("Form submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_submission_once")
        ]

    def __str__(self) -> str:
        return self.token
