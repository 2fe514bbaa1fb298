"""Hardship cases (帮困扶难): confidential, with visits, private attachments and an access log."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import date_in_range_constraint, past_date, stored_plan_date


class HardshipCategory(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    HOUSING = "housing", _("Housing")
    CHILDREN = "children", _("Children's nursery and school")
    FAMILY = "family", _("Family conflict")
    MONEY = "money", _("Financial hardship")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    FOLLOWING = "following", _("Being followed up")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class HardshipCase(models.Model):
    """A hardship case (帮困扶难). Confidential: only the branch's secretaries and the handlers
    they name may read it, and every read is logged."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("Party branch"),
        on_delete=models.CASCADE,
        related_name="hardship_cases",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Person helped"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("Category"), max_length=16, choices=HardshipCategory.choices)
    description = models.TextField(_("Situation"))
    status = models.CharField(
        _("Status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Case handler"),
        blank=True,
        related_name="hardship_cases",
        help_text=_("People the secretary allows to see and follow up this case"),
    )
    follow_up_on = models.DateField(
        _("Follow-up date"), null=True, blank=True, validators=[stored_plan_date]
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
        constraints = [
            date_in_range_constraint("follow_up_on", "case_follow_up_on_in_range"),
        ]
        verbose_name = _("Hardship help")
        verbose_name_plural = _("Hardship help")
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.get_category_display()}"


class Visit(models.Model):
    """A visit (走访) to a person in a hardship case, with notes."""

    case = models.ForeignKey(
        HardshipCase,
        verbose_name=_("Hardship case"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    visited_on = models.DateField(_("Visit date"), validators=[past_date])
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Visitor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("Visit notes"))
    created_at = models.DateTimeField(_("Recorded time"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            date_in_range_constraint("visited_on", "visit_visited_on_in_range"),
        ]
        verbose_name = _("Visit")
        verbose_name_plural = _("Visit")
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
        verbose_name=_("Hardship case"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("File"), storage=get_private_storage, upload_to="care/cases/%Y/%m/")
    original_name = models.CharField(_("File name"), max_length=200)
    content_type = models.CharField(_("Type"), max_length=100)
    size = models.PositiveIntegerField(_("Size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Attachment")
        verbose_name_plural = _("Attachment")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseAccessLog(models.Model):
    """Every read of a confidential case: who, when, which case, what they opened."""

    case = models.ForeignKey(
        HardshipCase,
        verbose_name=_("Hardship case"),
        on_delete=models.CASCADE,
        related_name="access_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Viewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        _("Access action"),
        max_length=32,
        default="view",
        choices=[("view", _("View")), ("download", _("Download attachment"))],
    )
    at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Access log")
        verbose_name_plural = _("Access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.case_id} {self.at:%Y-%m-%d %H:%M}"
