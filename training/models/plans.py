"""Training plans (培训计划), each team's calendar of working days, the sessions a plan
creates (一日一练、一月一课、一季一考、半年一赛) and who took part in them."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team
from branch.validators import count_validators, date_in_range_constraint, stored_plan_date


class SessionKind(models.TextChoices):
    DRILL = "drill", _("Daily drill")
    LESSON = "lesson", _("Monthly lesson")
    EXAM = "exam", _("Quarterly exam")
    CONTEST = "contest", _("Half-yearly contest")


class Plan(models.Model):
    """Which drills, lessons, exams and contests happen when, for a branch or one team. A team
    with a plan of its own is left out of the branch plan."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_plans",
        help_text=_("Leave empty for the plan of the whole branch"),
    )
    name = models.CharField(_("Name"), max_length=100)
    drill_topic = models.CharField(
        _("Drill topic"),
        max_length=200,
        default="岗位应知应会",
        help_text=_("The default topic of each daily drill; the leader may change it"),
    )
    daily_drills = models.BooleanField(_("Daily drills"), default=True)
    monthly_lessons = models.BooleanField(_("Monthly lessons"), default=True)
    lesson_day = models.PositiveSmallIntegerField(
        _("Lesson day of the month"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("In a shorter month the lesson falls on its last day"),
    )
    quarterly_exams = models.BooleanField(_("Quarterly exams"), default=True)
    exam_month = models.PositiveSmallIntegerField(
        _("Exam month of the quarter"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    exam_day = models.PositiveSmallIntegerField(
        _("Exam day"), default=20, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    half_yearly_contests = models.BooleanField(_("Half-yearly contests"), default=True)
    contest_month = models.PositiveSmallIntegerField(
        _("Contest month of the half year"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    contest_day = models.PositiveSmallIntegerField(
        _("Contest day"), default=25, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    starts_on = models.DateField(_("Starts on"), validators=[stored_plan_date])
    ends_on = models.DateField(_("Ends on"), null=True, blank=True, validators=[stored_plan_date])
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Training plan")
        verbose_name_plural = _("Training plan")
        ordering = ["branch", "team__name"]
        constraints = [
            date_in_range_constraint("starts_on", "training_plan_starts_on_in_range"),
            date_in_range_constraint("ends_on", "training_plan_ends_on_in_range"),
            models.UniqueConstraint(
                fields=["branch"], condition=Q(team__isnull=True), name="plan_one_per_branch"
            ),
            models.UniqueConstraint(
                fields=["team"], condition=Q(team__isnull=False), name="plan_one_per_team"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class WorkCalendar(models.Model):
    """A team's working days (班组工作日历): crews work shifts, so each team keeps its own
    calendar instead of the national holiday table. A repeating pattern (e.g. 4 days on,
    2 off from a start date) and explicit days off; with no pattern every day is a working day
    unless it is a day off."""

    team = models.OneToOneField(
        Team, verbose_name=_("Team"), on_delete=models.CASCADE, related_name="work_calendar"
    )
    days_on = models.PositiveSmallIntegerField(
        _("Days on"),
        default=0,
        help_text=_("0: no repeating pattern, every day is worked"),
        validators=[*count_validators(366)],
    )
    days_off = models.PositiveSmallIntegerField(
        _("Days off"), default=0, validators=[*count_validators(366)]
    )
    pattern_start = models.DateField(
        _("Pattern starts on"),
        null=True,
        blank=True,
        help_text=_("The first working day of a cycle"),
        validators=[stored_plan_date],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Work calendar")
        verbose_name_plural = _("Work calendar")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_on=0) | Q(pattern_start__isnull=False),
                name="workcalendar_pattern_has_start",
            ),
            models.CheckConstraint(
                condition=Q(days_on__lte=366) & Q(days_off__lte=366),
                name="workcalendar_pattern_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.team)

    def in_pattern(self, day: datetime.date) -> bool:
        if not self.days_on or self.pattern_start is None:
            return True
        cycle = self.days_on + self.days_off
        return (day - self.pattern_start).days % cycle < self.days_on


class DayOff(models.Model):
    """A day a team does not work, outside its pattern (a holiday, a crew change)."""

    team = models.ForeignKey(
        Team, verbose_name=_("Team"), on_delete=models.CASCADE, related_name="days_off"
    )
    day = models.DateField(_("Date"), validators=[stored_plan_date])
    reason = models.CharField(_("Reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Day off")
        verbose_name_plural = _("Day off")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["team", "day"], name="dayoff_unique_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.day}"


class Session(models.Model):
    """One drill, lesson, exam or contest of a plan, created ahead of time by the scheduled job.
    ``period`` names the period it belongs to (2026-02-28, 2026-02, 2026-Q1, 2026-H1); the
    database holds one session per plan, team, kind and period, so generating twice changes
    nothing."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("Training plan"), on_delete=models.CASCADE, related_name="sessions"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_sessions",
        help_text=_("Empty: the whole branch"),
    )
    kind = models.CharField(_("Type"), max_length=16, choices=SessionKind.choices)
    period = models.CharField(_("Period"), max_length=16)
    on = models.DateField(_("Date"), validators=[stored_plan_date])
    topic = models.CharField(_("Topic"), max_length=200, blank=True)
    material = models.ForeignKey(
        "home.StudyMaterialPage",
        verbose_name=_("Study material"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A lesson's material counts as studied for those present"),
    )
    questions = models.ManyToManyField(
        "training.Question",
        verbose_name=_("Question set"),
        blank=True,
        related_name="drills",
        help_text=_("Optional questions practised in a drill"),
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Training session")
        verbose_name_plural = _("Training session")
        ordering = ["on", "kind", "team__name"]
        constraints = [
            date_in_range_constraint("on", "training_session_on_in_range"),
            models.UniqueConstraint(
                fields=["plan", "team", "kind", "period"],
                condition=Q(team__isnull=False),
                name="session_unique_per_team_period",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "period"],
                condition=Q(team__isnull=True),
                name="session_unique_per_branch_period",
            ),
        ]
        indexes = [models.Index(fields=["branch", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class Attendance(models.Model):
    """Who took part in a drill or a lesson: present, or absent with a reason."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        Session, verbose_name=_("Training session"), on_delete=models.CASCADE,
        related_name="attendances",
    )  # fmt: skip
    employee = models.ForeignKey(
        Employee, verbose_name=_("Employee"), on_delete=models.CASCADE,
        related_name="training_attendances",
    )  # fmt: skip
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("Reason for absence"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by whom"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("Recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Attendance")
        verbose_name_plural = _("Attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"], name="attendance_unique_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status="present") | ~Q(reason=""),
                name="attendance_absence_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.session}"
