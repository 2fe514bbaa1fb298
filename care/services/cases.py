"""Hardship cases (帮困扶难): handlers, visits, attachments, follow-up reminders."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Branch, Employee, Notification
from branch.services import notifications_send_bulk

from ..models import (
    CaseAccessLog,
    CaseAttachment,
    CaseStatus,
    HardshipCase,
    Visit,
)

# ---------------------------------------------------------------- hardship cases

TRANSITIONS = {
    CaseStatus.REGISTERED: {CaseStatus.FOLLOWING, CaseStatus.CLOSED},
    CaseStatus.FOLLOWING: {CaseStatus.RESOLVED, CaseStatus.CLOSED},
    CaseStatus.RESOLVED: set(),
    CaseStatus.CLOSED: set(),
}


def require_secretary(user, branch) -> None:
    if not branch_selectors.is_secretary(user, branch):
        raise PermissionDenied(_("Only the secretary of this branch can do this"))


def _check_handlers(branch: Branch, handlers) -> None:
    """Handlers are people of the branch (with accounts) or its secretaries."""
    from django.contrib.auth import get_user_model

    ids = {u.pk for u in handlers}
    allowed = set(
        get_user_model()
        .objects.filter(pk__in=ids)
        .filter(Q(employee__branch=branch) | Q(administered_branches=branch))
        .values_list("pk", flat=True)
    )
    if ids - allowed:
        raise ValidationError(_("The case handler must be a member of this branch"))


@transaction.atomic
def case_create(
    *,
    branch: Branch,
    employee: Employee,
    category: str,
    description: str,
    created_by,
    handlers=(),
    follow_up_on: datetime.date | None = None,
) -> HardshipCase:
    require_secretary(created_by, branch)
    if employee.branch_id != branch.pk:
        raise ValidationError(_("The person helped must be an employee of this branch"))
    _check_handlers(branch, handlers)
    case = HardshipCase(
        branch=branch,
        employee=employee,
        category=category,
        description=description,
        created_by=created_by,
        follow_up_on=follow_up_on,
    )
    case.full_clean()
    case.save()
    case.handlers.set(handlers)
    return case


@transaction.atomic
def case_update(
    *, case: HardshipCase, user, handlers=None, follow_up_on=None, description=None
) -> HardshipCase:
    """The secretary names handlers; secretary or handler set the follow-up date."""
    from ..selectors import can_read_case

    if handlers is not None:
        require_secretary(user, case.branch)
        _check_handlers(case.branch, handlers)
        case.handlers.set(handlers)
    if not can_read_case(user, case):
        raise PermissionDenied
    if follow_up_on is not None:
        case.follow_up_on = follow_up_on
    if description is not None:
        case.description = description
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_transition(*, case: HardshipCase, status: str, user) -> HardshipCase:
    """登记 → 跟进中 → 已解决 / 已关闭 (登记 may also be closed); anything else is refused."""
    from ..selectors import can_read_case

    if not can_read_case(user, case):
        raise PermissionDenied
    locked = HardshipCase.objects.select_for_update().get(pk=case.pk)
    if status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("Cannot change from “%(old)s” to “%(new)s”")
            % {
                "old": CaseStatus(locked.status).label,
                "new": CaseStatus(status).label if status in CaseStatus.values else status,
            }
        )
    locked.status = status
    locked.save()
    case.status = status
    return locked


@transaction.atomic
def visit_record(
    *,
    case: HardshipCase,
    visitor,
    visited_on: datetime.date,
    notes: str,
    follow_up_on: datetime.date | None = None,
) -> Visit:
    from ..selectors import can_read_case

    if not can_read_case(visitor, case):
        raise PermissionDenied
    if visited_on > timezone.localdate():
        raise ValidationError(_("The visit date cannot be after today"))
    if follow_up_on is not None and follow_up_on < visited_on:
        raise ValidationError(_("The next follow-up cannot be before the visit"))
    visit = Visit(case=case, visitor=visitor, visited_on=visited_on, notes=notes)
    visit.full_clean()
    visit.save()
    changed = []
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.FOLLOWING
        changed.append("status")
    if follow_up_on is not None:
        case.follow_up_on = follow_up_on
        changed.append("follow_up_on")
    if changed:
        case.save()
    return visit


def case_access_log(*, case: HardshipCase, user, action: str = "view") -> None:
    CaseAccessLog.objects.create(case=case, user=user, action=action)


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_type(upload) -> tuple[str, str] | None:
    """The file type judged by content (not by name): PDF, JPEG, PNG or DOCX."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX, ".docx"
    return None


@transaction.atomic
def attachment_add(*, case: HardshipCase, upload, user) -> CaseAttachment:
    from ..selectors import can_read_case

    if not can_read_case(user, case):
        raise PermissionDenied
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file cannot exceed 10 MB"))
    kind = sniff_type(upload)
    if kind is None:
        raise ValidationError(_("Only PDF, JPEG, PNG or Word (.docx) files are accepted"))
    content_type, ext = kind
    original = (upload.name or "file").rsplit("/", 1)[-1][:200]
    attachment = CaseAttachment(
        case=case,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(f"case-{case.pk}{ext}", upload, save=False)
    attachment.save()
    return attachment


def remind_follow_ups(day: datetime.date) -> int:
    """Tell each handler (or the secretaries when none is named) about follow-ups due on or
    before ``day`` of open cases; keyed per case and date, so reruns send nothing new."""
    cases = (
        HardshipCase.objects.filter(
            follow_up_on__lte=day, status__in=[CaseStatus.REGISTERED, CaseStatus.FOLLOWING]
        )
        .select_related("employee", "branch")
        .prefetch_related("handlers", "branch__secretaries")
    )
    notes = []
    for case in cases:
        recipients = list(case.handlers.all()) or list(case.branch.secretaries.all())
        for user in recipients:
            notes.append(
                Notification(
                    recipient=user,
                    branch=case.branch,
                    title=_("Follow-up reminder: %(category)s (%(date)s)")
                    % {"category": case.get_category_display(), "date": case.follow_up_on},
                    body=_("A hardship case has reached its follow-up date, please visit in time."),
                    url=reverse("care:case_detail", args=[case.pk]),
                    key=f"care:case:{case.pk}:follow-up:{case.follow_up_on.isoformat()}",
                )
            )
    return notifications_send_bulk(notifications=notes)
