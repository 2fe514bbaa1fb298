"""The communication mode (多倾听、多褒奖、多尊重): praise of a colleague's good deed for the
praise wall, requests for a private talk (谈心), and family-dispute mediation records
(家庭矛盾调解). Talks and mediations are confidential: their notes are read by few, and every
read is logged in :class:`ConfidentialAccessLog`, like hardship cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import past_date, stored_plan_date

from .cases import HardshipCase, get_private_storage

PRAISE_MAX_CHARS = 300


class PraiseStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("On the praise wall")
    DECLINED = "declined", _("Not published")


class Praise(models.Model):
    """A short praise (多褒奖) of colleagues' good deed, posted by anyone in the branch. A team
    leader or the secretary approves it for the branch's praise wall; the people praised are
    told. Praise is information for the leader, never an automatic score."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="praises"
    )
    people = models.ManyToManyField(
        Employee, verbose_name=_("People praised"), related_name="praises_received"
    )
    text = models.TextField(
        _("Good deed"), max_length=PRAISE_MAX_CHARS, help_text=_("What they did, in a few lines")
    )
    photo = models.FileField(
        _("Photo"),
        storage=get_private_storage,
        upload_to="care/praise/%Y/%m/",
        blank=True,
        help_text=_("Optional; re-encoded without location data"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Posted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=PraiseStatus.choices, default=PraiseStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("Reviewed at"), null=True, blank=True)
    featured = models.BooleanField(
        _("Featured on the home page"),
        default=False,
        help_text=_("The secretary may feature an approved praise on the home page"),
    )
    created_at = models.DateTimeField(_("Posted at"), auto_now_add=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["photo"])

    class Meta:
        verbose_name = _("Praise")
        verbose_name_plural = _("Praise")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(featured=False) | Q(status="approved"),
                name="care_praise_featured_only_when_approved",
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]


class TalkWith(models.TextChoices):
    SECRETARY = "secretary", _("The branch secretary")
    LEADER = "leader", _("My team leader")


class TalkStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TalkRequest(models.Model):
    """A worker's request for a private talk (谈心) with the secretary or their team leader.
    It is acknowledged by ``acknowledge_by``, scheduled, and recorded with a short note only the
    one who held the talk and the secretary may read; every read of the note is logged."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="talks"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    with_whom = models.CharField(_("Talk with"), max_length=16, choices=TalkWith.choices)
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Listener"),
        on_delete=models.PROTECT,
        related_name="talks_to_hold",
        help_text=_("The secretary or team leader asked for"),
    )
    topic = models.CharField(_("Topic"), max_length=200, blank=True)
    confidential = models.BooleanField(
        _("Confidential"),
        default=False,
        help_text=_("The topic is shown only to the listener and the secretary, never in lists"),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=TalkStatus.choices, default=TalkStatus.REQUESTED
    )
    acknowledge_by = models.DateTimeField(_("Acknowledge by"))
    acknowledged_at = models.DateTimeField(_("Acknowledged at"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("Secretary told at"),
        null=True,
        blank=True,
        help_text=_("When the secretary was told the request had not been acknowledged in time"),
    )
    scheduled_at = models.DateTimeField(_("Scheduled for"), null=True, blank=True)
    place = models.CharField(_("Place"), max_length=100, blank=True)
    held_on = models.DateField(_("Held on"), null=True, blank=True, validators=[past_date])
    talker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(
        _("Talk note"),
        max_length=1000,
        blank=True,
        help_text=_("A short note; read only by the one who held the talk and the secretary"),
    )
    created_at = models.DateTimeField(_("Requested at"), auto_now_add=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["note"])

    class Meta:
        verbose_name = _("Talk request")
        verbose_name_plural = _("Talk requests")
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(held_on__isnull=False) & Q(talker__isnull=False)),
                name="care_talk_held_has_date_and_talker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.get_with_whom_display()}"


class MediationStatus(models.TextChoices):
    OPEN = "open", _("Being followed up")
    CLOSED = "closed", _("Closed")


class Mediation(models.Model):
    """A family-dispute mediation record (家庭矛盾、感情波折): the parties, what was agreed and
    a follow-up date. Confidential like hardship cases: the secretary and the handlers they name,
    every read logged; linked to the person's hardship case when there is one."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="mediations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Person concerned"), on_delete=models.PROTECT, related_name="+"
    )
    parties = models.CharField(
        _("Parties"), max_length=200, help_text=_("Who is involved, e.g. the person and spouse")
    )
    situation = models.TextField(_("Situation"))
    agreed = models.TextField(_("What was agreed"), blank=True)
    follow_up_on = models.DateField(
        _("Follow-up date"), null=True, blank=True, validators=[stored_plan_date]
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=MediationStatus.choices, default=MediationStatus.OPEN
    )
    case = models.ForeignKey(
        HardshipCase,
        verbose_name=_("Hardship case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediations",
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Handler"),
        blank=True,
        related_name="mediations",
        help_text=_("People the secretary allows to see and follow up this record"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[handlers])

    class Meta:
        verbose_name = _("Family mediation")
        verbose_name_plural = _("Family mediation")
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.parties}"


class ConfidentialAccessLog(models.Model):
    """Every read of a talk note or a mediation record: who, when, which record."""

    talk = models.ForeignKey(
        TalkRequest,
        verbose_name=_("Talk request"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    mediation = models.ForeignKey(
        Mediation,
        verbose_name=_("Family mediation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Viewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Access log")
        verbose_name_plural = _("Access log")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(talk__isnull=False) & Q(mediation__isnull=True))
                | (Q(talk__isnull=True) & Q(mediation__isnull=False)),
                name="care_access_log_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"
