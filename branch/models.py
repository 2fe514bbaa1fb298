"""The organisation: branches, their teams and the people the branch looks after.

Everything else in the product (care, recognition, study) hangs off these three models.
Roles are Django groups (see ``branch.roles``); their *scope* comes from the relations here:
a secretary administers the branches in ``Branch.secretaries``, a team leader looks after the
teams whose ``leaders`` include their employee record, a worker sees only themself.
"""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Branch(models.Model):
    """A Party branch (党支部). One deployment may host several."""

    code = models.SlugField(
        _("代码"), max_length=32, unique=True, help_text=_("短代码，用于导入命令和登录，如 zydd")
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：作业大队党支部"))
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("支部书记"),
        blank=True,
        related_name="administered_branches",
        help_text=_("可管理本支部全部事务（含保密的关爱记录）的账号"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党支部")
        verbose_name_plural = _("党支部")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A work team or shift crew (班组) of a branch, with one or more leaders."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("班组名称"), max_length=100)
    leaders = models.ManyToManyField(
        "Employee",
        verbose_name=_("班组长"),
        blank=True,
        related_name="led_teams",
        help_text=_("班组长可以评定本班组员工、维护小愿景和承诺、收到生日提醒"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("班组")
        verbose_name_plural = _("班组")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="team_unique_name_per_branch"),
        ]

    def __str__(self) -> str:
        return self.name


class EmploymentType(models.TextChoices):
    FORMAL = "formal", _("正式工")
    CONTRACT = "contract", _("农民合同工")
    INTERN = "intern", _("短期实习生")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("党员")
    PROBATIONARY = "probationary", _("预备党员")
    LEAGUE = "league", _("共青团员")
    MASSES = "masses", _("群众")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class BirthdayCalendar(models.TextChoices):
    SOLAR = "solar", _("公历")
    LUNAR = "lunar", _("农历")


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_on__isnull=True)


class Employee(models.Model):
    """A person the branch looks after (员工): formal staff, rural contract workers and interns
    alike. An account is optional; a worker without one is still a full member."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.PROTECT, related_name="employees"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("班组"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    staff_no = models.CharField(
        _("工号"),
        max_length=32,
        validators=[RegexValidator(r"^[0-9A-Za-z_-]+$", _("工号只能包含字母、数字、-、_"))],
        help_text=_("在本支部内唯一"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    employment_type = models.CharField(
        _("用工性质"), max_length=16, choices=EmploymentType.choices, default=EmploymentType.FORMAL
    )
    political_status = models.CharField(
        _("政治面貌"),
        max_length=16,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    birth_date = models.DateField(
        _("出生日期"), null=True, blank=True, help_text=_("公历出生日期（以身份证为准）")
    )
    birthday_calendar = models.CharField(
        _("生日历法"),
        max_length=8,
        choices=BirthdayCalendar.choices,
        default=BirthdayCalendar.SOLAR,
        help_text=_("农历：每年在出生日期对应的农历月日过生日"),
    )
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    mobile = models.CharField(
        _("手机"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9][0-9 -]{5,18}$", _("请输入有效的电话号码"))],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    left_on = models.DateField(_("离职日期"), null=True, blank=True, help_text=_("留空表示在岗"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        ordering = ["branch", "team__name", "staff_no"]
        constraints = [
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

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    def age_on(self, day: datetime.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        day = day or timezone.localdate()
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Notification(models.Model):
    """An item in a user's inbox (站内消息). Channels beyond the inbox (e-mail, group-chat
    robots) deliver copies of it; the inbox copy is written first and is never lost."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, null=True, blank=True
    )
    about = models.ForeignKey(
        Employee,
        verbose_name=_("相关员工"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("消息所涉及的员工；该员工无账号时由班组长代收"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    key = models.CharField(
        _("去重键"),
        max_length=200,
        blank=True,
        help_text=_("同一收件人同一键只保留一条，重复发送不会产生重复消息"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_unique_key_per_recipient",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

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
        verbose_name=_("党支部"),
        on_delete=models.CASCADE,
        related_name="channel_settings",
    )
    email_enabled = models.BooleanField(
        _("发送邮件"), default=True, help_text=_("收件人账号填写了邮箱时，同时发一封邮件")
    )
    webhook_url = models.URLField(
        _("群机器人地址"),
        blank=True,
        help_text=_("企业微信等群机器人的 Webhook 地址；留空则不推送到群"),
    )
    webhook_enabled = models.BooleanField(_("推送到群"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息渠道设置")
        verbose_name_plural = _("消息渠道设置")

    def __str__(self) -> str:
        return str(self.branch)


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("邮件")
    WEBHOOK = "webhook", _("群机器人")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败")


class Delivery(models.Model):
    """One copy of a notification sent through one channel, so a secretary can see what left
    the site and what failed (and why). The inbox copy never depends on it."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("消息"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, null=True, blank=True
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=DeliveryChannel.choices)
    target = models.CharField(
        _("发送目标"), max_length=300, help_text=_("邮箱地址，或群机器人（不保存地址本身）")
    )
    key = models.CharField(
        _("去重键"),
        max_length=200,
        blank=True,
        help_text=_("同一群同一键只推送一次（多个收件人的同一条消息只发一次到群）"),
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
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
