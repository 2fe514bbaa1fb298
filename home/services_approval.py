"""Writes of the study-material approval step: telling approvers a draft waits, and telling the
author what was decided (DESIGN.md §3: the secretary approves, nobody approves their own)."""

from django.utils.translation import gettext as _

from branch.selectors import employee_of
from branch.services import notification_send, notify_employee


def _edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def approval_requested_notify(*, page, approvers, requested_by) -> int:
    """Tell each approver that ``page`` waits for their approval (once per revision)."""
    revision_id = page.latest_revision_id or 0
    author = employee_of(requested_by) if requested_by else None
    name = author.name if author else (requested_by.get_username() if requested_by else "")
    sent = 0
    for user in approvers:
        message = notification_send(
            recipient=user,
            title=_("Study material to approve: %(title)s") % {"title": page.title},
            body=_("Submitted by %(name)s.") % {"name": name},
            url=_edit_url(page),
            key=f"study-approval:{page.pk}:{revision_id}:{user.pk}",
            branch=getattr(page, "branch", None),
        )
        sent += message is not None
    return sent


def approval_decided_notify(*, task_state, approved: bool) -> int:
    """Tell the author that their material was approved (published) or sent back, with the
    approver's comment. An author without an employee record gets the message directly."""
    workflow_state = task_state.workflow_state
    author_user = workflow_state.requested_by
    page = workflow_state.content_object
    if author_user is None or page is None:
        return 0
    page = page.specific
    if approved:
        title = _("Approved and published: %(title)s") % {"title": page.title}
        url = page.url or ""
    else:
        title = _("Sent back for changes: %(title)s") % {"title": page.title}
        url = _edit_url(page)
    body = task_state.comment or ""
    key = f"study-decision:{task_state.pk}"
    author = employee_of(author_user)
    if author is not None:
        return len(notify_employee(employee=author, title=title, body=body, url=url, key=key))
    message = notification_send(recipient=author_user, title=title, body=body, url=url, key=key)
    return int(message is not None)
