"""The care calendar (关爱日历): birthday greetings, welfare campaigns and their distribution,
hardship cases with visits, questions and answers, and personal calendar feeds.

Everyone the branch looks after is treated alike: formal staff, contract workers and interns,
with or without an account."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, EmploymentType, Team

PLACEHOLDERS = ("姓名", "年龄", "班组")
DEFAULT_GREETING = (
    "亲爱的{姓名}：\n今天是您{年龄}岁的生日，{班组}的全体同事和党支部祝您生日快乐、"
    "身体健康、阖家幸福！感谢您为大队付出的辛勤汗水。"
)


def validate_greeting_template(value: str) -> None:
    used = re.findall(r"\{([^{}]*)\}", value)
    unknown = sorted({name for name in used if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("未知的占位符：%(names)s。可用：{姓名} {年龄} {班组}"),
            params={"names": "、".join("{" + n + "}" for n in unknown)},
        )
    stripped = re.sub(r"\{[^{}]*\}", "", value)
    if "{" in stripped or "}" in stripped:
        raise ValidationError(_("花括号不成对，请检查占位符。"))


class CareSettings(models.Model):
    """A branch's care preferences: the greeting text and how long the secretary has to
    answer a question."""

    branch = models.OneToOneField(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="care_settings"
    )
    greeting_template = models.TextField(
        _("生日祝福语"),
        default=DEFAULT_GREETING,
        validators=[validate_greeting_template],
        help_text=_("可用占位符：{姓名} {年龄} {班组}"),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("答复期限（天）"), default=3, help_text=_("员工提问后，书记应在几天内答复")
    )

    class Meta:
        verbose_name = _("关爱设置")
        verbose_name_plural = _("关爱设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_days__gte=1), name="care_answer_days_positive"
            )
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
        Employee, verbose_name=_("员工"), on_delete=models.CASCADE, related_name="greetings"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), help_text=_("公历生日为公历年，农历生日为农历年")
    )
    birthday = models.DateField(_("生日当天"))
    age = models.PositiveSmallIntegerField(_("年龄"))
    message = models.TextField(_("祝福语"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("生日祝福")
        verbose_name_plural = _("生日祝福")
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
    SUMMER = "summer", _("送清凉")
    WINTER = "winter", _("送温暖")
    FESTIVAL = "festival", _("节日慰问")


class WelfareCampaign(models.Model):
    """A welfare campaign (送清凉 / 送温暖 / festival). Everyone in the target is included unless
    the secretary deliberately excludes an employment type, with a reason the report shows."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="campaigns"
    )
    season = models.CharField(_("类别"), max_length=16, choices=Season.choices)
    occasion = models.CharField(_("名称"), max_length=100, help_text=_("如：2026年夏季送清凉"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    teams = models.ManyToManyField(
        Team,
        verbose_name=_("发放班组"),
        blank=True,
        related_name="campaigns",
        help_text=_("留空表示全支部"),
    )
    excluded_types = models.JSONField(
        _("不参加的用工性质"),
        default=list,
        blank=True,
        help_text=_("默认全部用工性质都参加；排除时必须写明原因"),
    )
    exclusion_reason = models.CharField(_("排除原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("慰问活动")
        verbose_name_plural = _("慰问活动")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.occasion

    def clean(self):
        bad = [t for t in self.excluded_types or [] if t not in EmploymentType.values]
        if bad:
            raise ValidationError({"excluded_types": _("未知的用工性质")})
        if self.excluded_types and not self.exclusion_reason.strip():
            raise ValidationError({"exclusion_reason": _("排除某类用工性质时必须写明原因")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})

    @property
    def excluded_labels(self) -> list[str]:
        return [str(EmploymentType(t).label) for t in self.excluded_types or []]


class CampaignItem(models.Model):
    """Something handed out in a campaign, with its unit (绿豆汤 碗, 矿泉水 瓶...)."""

    campaign = models.ForeignKey(
        WelfareCampaign, verbose_name=_("慰问活动"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("物品"), max_length=50)
    unit = models.CharField(_("单位"), max_length=10, help_text=_("如：碗、瓶、个、盒、件"))
    default_quantity = models.PositiveSmallIntegerField(
        _("每人数量"), default=1, help_text=_("“全部已领”时每人记录的数量")
    )

    class Meta:
        verbose_name = _("慰问物品")
        verbose_name_plural = _("慰问物品")
        ordering = ["campaign", "id"]
        constraints = [
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
        verbose_name=_("慰问活动"),
        on_delete=models.CASCADE,
        related_name="distributions",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("员工"), on_delete=models.PROTECT, related_name="distributions"
    )
    item = models.ForeignKey(
        CampaignItem, verbose_name=_("物品"), on_delete=models.CASCADE, related_name="distributions"
    )
    quantity = models.PositiveSmallIntegerField(_("数量"))
    received_on = models.DateField(_("领取日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("发放记录")
        verbose_name_plural = _("发放记录")
        ordering = ["campaign", "employee", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee", "item"], name="distribution_once_per_item"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="distribution_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.item}"


class HardshipCategory(models.TextChoices):
    ILLNESS = "illness", _("疾病")
    HOUSING = "housing", _("住房")
    CHILDREN = "children", _("子女入托上学")
    FAMILY = "family", _("家庭矛盾")
    MONEY = "money", _("经济困难")
    OTHER = "other", _("其他")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("登记")
    FOLLOWING = "following", _("跟进中")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("已关闭")


class HardshipCase(models.Model):
    """A hardship case (帮困扶难). Confidential: only the branch's secretaries and the handlers
    they name may read it, and every read is logged."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="hardship_cases"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("帮扶对象"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=16, choices=HardshipCategory.choices)
    description = models.TextField(_("情况说明"))
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        blank=True,
        related_name="hardship_cases",
        help_text=_("书记指定的可以查看和跟进此事的人"),
    )
    follow_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("帮困扶难")
        verbose_name_plural = _("帮困扶难")
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.get_category_display()}"


class Visit(models.Model):
    """A visit (走访) to a person in a hardship case, with notes."""

    case = models.ForeignKey(
        HardshipCase, verbose_name=_("帮扶事项"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("走访人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("走访记录"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.visited_on}"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL at all: ``url()`` refuses, so a template can never link one."""

    def url(self, name):
        raise ValueError("private files have no public URL")


class PrivateStorage(LazyObject):
    """Confidential files: under PRIVATE_STORAGE_ROOT (outside MEDIA_ROOT), no public URL;
    streamed only by a permission-checked view."""

    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(
            location=settings.PRIVATE_STORAGE_ROOT, base_url=None
        )


private_storage = PrivateStorage()


def get_private_storage():
    """A callable, so migrations name this function rather than a machine's path."""
    return private_storage


class CaseAttachment(models.Model):
    """A document for a hardship case (medical record, certificate): PDF, JPEG, PNG or DOCX."""

    case = models.ForeignKey(
        HardshipCase,
        verbose_name=_("帮扶事项"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), storage=get_private_storage, upload_to="care/cases/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseAccessLog(models.Model):
    """Every read of a confidential case: who, when, which case, what they opened."""

    case = models.ForeignKey(
        HardshipCase,
        verbose_name=_("帮扶事项"),
        on_delete=models.CASCADE,
        related_name="access_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        _("操作"),
        max_length=32,
        default="view",
        choices=[("view", _("查看")), ("download", _("下载附件"))],
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("查看记录")
        verbose_name_plural = _("查看记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.case_id} {self.at:%Y-%m-%d %H:%M}"


class QuestionCategory(models.TextChoices):
    HOUSING = "housing", _("改善房")
    JOBS = "jobs", _("子女招工")
    NURSERY = "nursery", _("入托")
    SCHOOL = "school", _("上学")
    OTHER = "other", _("其他")


class Question(models.Model):
    """A question (解惑答疑) from a worker, or from a leader on their behalf. The secretary
    answers by ``due_on``; an answered question may be published anonymously as an FAQ."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="questions"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("本人提问时即本人；班组长代为提问时为班组长"),
    )
    category = models.CharField(_("类别"), max_length=16, choices=QuestionCategory.choices)
    title = models.CharField(_("问题"), max_length=120)
    body = models.TextField(_("详细情况"), blank=True)
    asked_at = models.DateTimeField(_("提问时间"), auto_now_add=True)
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    published = models.BooleanField(
        _("匿名公开"), default=False, help_text=_("公开到“常见问题”，不显示提问人")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("解惑答疑")
        verbose_name_plural = _("解惑答疑")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | ~Q(answer=""), name="question_published_needs_answer"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret behind a user's calendar feed URL; regenerating replaces it, revoking
    deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="care_feed_token",
    )
    token = models.CharField(_("令牌"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("创建时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return str(self.user)
