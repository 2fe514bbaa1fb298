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
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")
    YEARLY = "yearly", _("年度")


class RecognitionSettings(models.Model):
    """Per-branch settings of the recognition app. Created with defaults on first use."""

    branch = models.OneToOneField(
        Branch,
        verbose_name=_("党支部"),
        on_delete=models.CASCADE,
        related_name="recognition_settings",
    )
    rating_kind = models.CharField(
        _("评星周期"),
        max_length=16,
        choices=PeriodKind.choices,
        default=PeriodKind.QUARTERLY,
        help_text=_("本支部星级评定按月、按季度还是按年进行"),
    )
    response_days = models.PositiveSmallIntegerField(
        _("建议反馈期限（天）"),
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("建议提交后须在多少天内首次答复，逾期将提醒支部书记"),
    )
    eligibility_min_average = models.DecimalField(
        _("疗养/评先最低平均星级"),
        max_digits=2,
        decimal_places=1,
        default=DEFAULT_ELIGIBILITY_AVERAGE,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("5.0"))],
        help_text=_("最近若干期已批准评定的平均星级达到此值即优先"),
    )
    eligibility_periods = models.PositiveSmallIntegerField(
        _("计算期数"),
        default=DEFAULT_ELIGIBILITY_PERIODS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("取最近几个已结束的评定周期；每一期都须有已批准的评定"),
    )
    safety_start_date = models.DateField(
        _("安全天数起算日"),
        null=True,
        blank=True,
        help_text=_("没有事故记录时，安全天数从这一天算起"),
    )

    class Meta:
        verbose_name = _("评星与建议设置")
        verbose_name_plural = _("评星与建议设置")
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
        return str(_("%(branch)s 的设置") % {"branch": self.branch})


class RatingPeriod(models.Model):
    """A rating round (月度/季度/年度). Ratings are written while it is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="rating_periods"
    )
    kind = models.CharField(_("周期类型"), max_length=16, choices=PeriodKind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    name = models.CharField(
        _("名称"), max_length=50, blank=True, help_text=_("如：2026年第三季度；留空自动生成")
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("评定周期")
        verbose_name_plural = _("评定周期")
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
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="rating_criteria"
    )
    name = models.CharField(_("评定项目"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("权重"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("加权平均时的权重，越大越重要"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用的项目不再出现在评定表中")
    )

    class Meta:
        verbose_name = _("评定项目")
        verbose_name_plural = _("评定项目")
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
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审批")
        APPROVED = "approved", _("已批准")
        RETURNED = "returned", _("已退回")

    employee = models.ForeignKey(
        Employee, verbose_name=_("员工"), on_delete=models.PROTECT, related_name="star_ratings"
    )
    period = models.ForeignKey(
        RatingPeriod, verbose_name=_("评定周期"), on_delete=models.PROTECT, related_name="ratings"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("班组"),
        on_delete=models.PROTECT,
        related_name="star_ratings",
        help_text=_("评定时所在班组"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    overall = models.DecimalField(
        _("综合星级"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("各项星级按权重加权平均，四舍五入到一位小数"),
    )
    comment = models.TextField(_("评语"), blank=True, max_length=500)
    return_reason = models.TextField(_("退回原因"), blank=True, max_length=500)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
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
        StarRating, verbose_name=_("评定"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RatingCriterion, verbose_name=_("评定项目"), on_delete=models.PROTECT, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(
        _("星级"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    weight = models.PositiveSmallIntegerField(
        _("权重"), default=1, help_text=_("评定时该项目的权重（之后修改权重不影响已评结果）")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单项星级")
        verbose_name_plural = _("单项星级")
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
    SUGGESTION = "suggestion", _("合理化建议")
    SMALL_IMPROVEMENT = "small_improvement", _("小改小革")


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    ADOPTED = "adopted", _("采纳")
    PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
    REJECTED = "rejected", _("不采纳")
    IMPLEMENTED = "implemented", _("已实施")


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
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="suggestions"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("建议人"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("提出建议的员工"),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("班组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_("提出时建议人所在班组"),
    )
    kind = models.CharField(
        _("类别"), max_length=20, choices=SuggestionKind.choices, default=SuggestionKind.SUGGESTION
    )
    title = models.CharField(_("标题"), max_length=100)
    what = models.TextField(_("建议内容"), max_length=2000, help_text=_("想改什么、怎么改"))
    why = models.TextField(_("理由"), max_length=2000, help_text=_("为什么要改，能带来什么好处"))
    photo = models.ImageField(
        _("照片"),
        upload_to=suggestion_photo_path,
        blank=True,
        help_text=_("可选，不超过 5 MB 的图片"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("班组长可代无账号的员工提交"),
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    response_deadline = models.DateTimeField(_("答复期限"))
    first_response_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("合理化建议")
        verbose_name_plural = _("合理化建议")
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
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="responses"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=SuggestionStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=SuggestionStatus.choices)
    text = models.TextField(_("答复内容"), max_length=2000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("答复时间"), default=timezone.now)

    class Meta:
        verbose_name = _("建议答复")
        verbose_name_plural = _("建议答复")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="suggestion_response_text_required"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} → {self.get_to_status_display()}"


class AwardLevel(models.Model):
    """An award level of the branch (e.g. 一等奖 500 元)."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="award_levels"
    )
    name = models.CharField(_("奖项名称"), max_length=30)
    amount = models.DecimalField(
        _("奖金（元）"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("建议奖等级")
        verbose_name_plural = _("建议奖等级")
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
        Suggestion, verbose_name=_("建议"), on_delete=models.PROTECT, related_name="award"
    )
    level = models.ForeignKey(
        AwardLevel, verbose_name=_("奖项"), on_delete=models.PROTECT, related_name="awards"
    )
    amount = models.DecimalField(
        _("奖金（元）"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("默认取奖项金额，可按实际调整"),
    )
    awarded_on = models.DateField(_("颁奖日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("合理化建议奖")
        verbose_name_plural = _("合理化建议奖")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.level.name}"


BIG_GOALS = _("零事故、零伤害、零污染")


class Vision(models.Model):
    """The branch's vision (大愿景, with its big goals) or a team's yearly small vision (小愿景)."""

    class Scope(models.TextChoices):
        BRANCH = "branch", _("支部大愿景")
        TEAM = "team", _("班组小愿景")

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="visions"
    )
    scope = models.CharField(_("范围"), max_length=8, choices=Scope.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("班组"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visions",
        help_text=_("班组小愿景必填，支部大愿景留空"),
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    text = models.TextField(_("愿景"), max_length=1000)
    goals = models.CharField(
        _("大目标"), max_length=200, blank=True, help_text=_("如：零事故、零伤害、零污染")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("愿景")
        verbose_name_plural = _("愿景")
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
        Employee, verbose_name=_("员工"), on_delete=models.CASCADE, related_name="commitments"
    )
    role = models.CharField(_("角色"), max_length=30, help_text=_("如：当班安全员"))
    promise = models.CharField(_("承诺"), max_length=200, help_text=_("如：井控设备我负责"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("留空表示长期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("承诺")
        verbose_name_plural = _("承诺")
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
        Commitment, verbose_name=_("承诺"), on_delete=models.CASCADE, related_name="checkins"
    )
    date = models.DateField(_("日期"))
    kept = models.BooleanField(_("已践诺"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("践诺检查")
        verbose_name_plural = _("践诺检查")
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
        ACCIDENT = "accident", _("事故")
        INJURY = "injury", _("伤害")
        POLLUTION = "pollution", _("污染")

    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="incidents"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("班组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        help_text=_("涉及的班组；留空表示支部层面"),
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("经过"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["branch", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"
