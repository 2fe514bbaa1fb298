"""三会一课 and 主题党日: the branch's statutory meetings and themed Party days, who was expected,
who came, and what was decided.

A meeting is recorded by the secretary or a Party-group leader and stays editable until the
secretary locks it; history keeps every edit. One session may also count for a second kind
(``also_counts_as``), e.g. a 支部党员大会 followed by a 党课."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, PartyGroup
from branch.validators import date_in_range_constraint, stored_plan_date


class MeetingKind(models.TextChoices):
    GENERAL_ASSEMBLY = "assembly", _("Branch general meeting")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    ORG_LIFE = "org_life", _("Organisational life meeting")
    REVIEW = "review", _("Democratic appraisal of members")
    TALK = "talk", _("Heart-to-heart talk")
    THEMED_DAY = "themed_day", _("Themed Party day")


class ThemedActivity(models.TextChoices):
    OATH = "oath", _("Retaking the admission oath")
    DISCUSSION = "discussion", _("Topic discussion")
    VIDEO = "video", _("Watching a film")
    OTHER = "other", _("Other activity")


class AttendanceStatus(models.TextChoices):
    PENDING = "pending", _("Not yet marked")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("On leave")
    ABSENT = "absent", _("Absent")


class Meeting(models.Model):
    """One session of organisational life (三会一课, 组织生活会, 民主评议, 谈心谈话, 主题党日)."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("Kind"), max_length=16, choices=MeetingKind.choices)
    also_counts_as = models.CharField(
        _("Also counts as"),
        max_length=16,
        choices=MeetingKind.choices,
        blank=True,
        help_text=_("When the branch decides this session also counts as a second kind"),
    )
    title = models.CharField(_("Title"), max_length=100)
    held_on = models.DateField(_("Date"), validators=[stored_plan_date])
    start_time = models.TimeField(_("Start time"), null=True, blank=True)
    period_of = models.DateField(
        _("Makes up for the period of"),
        null=True,
        blank=True,
        help_text=_(
            "A day in the month, quarter or year this meeting makes up for when it is held after "
            "that period ended; empty when it counts for its own date"
        ),
        validators=[stored_plan_date],
    )
    place = models.CharField(_("Place"), max_length=100, blank=True)
    host = models.ForeignKey(
        Employee,
        verbose_name=_("Host"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    recorder = models.ForeignKey(
        Employee,
        verbose_name=_("Recorder"),
        on_delete=models.PROTECT,
        related_name="recorded_meetings",
        null=True,
        blank=True,
    )
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("Party group"),
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        help_text=_("For a Party group meeting: the group that meets"),
    )
    study_material = models.ForeignKey(
        "home.StudyMaterialPage",
        verbose_name=_("Study material"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("For a Party lecture: the study material it teaches"),
    )
    themed_activity = models.CharField(
        _("Themed activity"), max_length=16, choices=ThemedActivity.choices, blank=True
    )
    topic = models.CharField(
        _("Topic"), max_length=200, blank=True, help_text=_("Required for a topic discussion")
    )
    agenda = models.TextField(_("Agenda"), blank=True)
    minutes = models.TextField(_("Minutes"), blank=True)
    resolutions = models.TextField(_("Resolutions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("Locked on"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Locked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Meeting")
        verbose_name_plural = _("Meeting")
        ordering = ["-held_on", "-id"]
        constraints = [
            date_in_range_constraint("held_on", "meeting_held_on_in_range"),
            models.CheckConstraint(
                condition=~Q(also_counts_as=models.F("kind")),
                name="meeting_second_kind_differs",
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | Q(party_group__isnull=False),
                name="meeting_group_has_party_group",
            ),
            models.CheckConstraint(
                condition=Q(period_of__isnull=True) | Q(period_of__lt=models.F("held_on")),
                name="meeting_makes_up_for_an_earlier_period",
            ),
        ]
        indexes = [models.Index(fields=["branch", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.title}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, self.also_counts_as) if self.also_counts_as else (self.kind,)


class Attendance(models.Model):
    """A person expected at a meeting and whether they came (with the reason when not)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Member"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("Attendance"),
        max_length=16,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PENDING,
    )
    reason = models.CharField(
        _("Reason for absence"), max_length=200, blank=True, help_text=_("Why the person missed it")
    )
    marked_at = models.DateTimeField(_("Marked at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Attendance")
        verbose_name_plural = _("Attendance")
        ordering = ["meeting", "employee__team__name", "employee__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "employee"], name="attendance_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(status="present") | Q(reason=""),
                name="attendance_reason_only_when_absent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}：{self.get_status_display()}"


def meeting_file_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"partylife/meetings/{instance.meeting_id}/{uuid.uuid4().hex}.{suffix}"


class MeetingFile(models.Model):
    """A photo of the session or an attachment (sign-in sheet, slides), checked by content and
    photos re-encoded without their metadata before anything is stored."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        ATTACHMENT = "attachment", _("Attachment")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Meeting"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("File"), upload_to=meeting_file_path)
    original_name = models.CharField(_("File name"), max_length=200)
    content_kind = models.CharField(_("Content type"), max_length=16)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Meeting file")
        verbose_name_plural = _("Meeting file")
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


# The statutory minimum when the branch has set nothing else (谈心谈话 is per member, yearly).
DEFAULT_FREQUENCIES = {
    MeetingKind.GENERAL_ASSEMBLY: Frequency.QUARTERLY,
    MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY,
    MeetingKind.LECTURE: Frequency.QUARTERLY,
    MeetingKind.THEMED_DAY: Frequency.MONTHLY,
    MeetingKind.ORG_LIFE: Frequency.YEARLY,
    MeetingKind.REVIEW: Frequency.YEARLY,
}


class MeetingRequirement(models.Model):
    """How often the branch must hold a kind of meeting (at least once per period). A kind
    without a row follows ``DEFAULT_FREQUENCIES``; ``required=False`` exempts the branch."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="meeting_requirements",
    )
    kind = models.CharField(_("Kind"), max_length=16, choices=MeetingKind.choices)
    frequency = models.CharField(_("At least"), max_length=16, choices=Frequency.choices)
    required = models.BooleanField(_("Required"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Meeting requirement")
        verbose_name_plural = _("Meeting requirement")
        ordering = ["branch", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "kind"], name="meeting_requirement_once"),
            models.CheckConstraint(
                condition=~Q(kind="talk"), name="meeting_requirement_not_for_talks"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_frequency_display()}"
