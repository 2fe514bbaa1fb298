"""The approval step of study materials (支部审核), as a Wagtail workflow task.

An author (宣传委员, or any member the secretary lets write) submits a material; the branch's
secretary approves it (it is published) or sends it back with a comment, and the author is told.
A secretary's own draft goes to another committee member (``branch.selectors.alternate_approver``:
the 副书记 first); when the branch has nobody else it is published at once and the fact is
recorded (a :class:`StudyApproval` with ``self_approved``, shown in the admin and on the
completion report). Who may act is decided per branch from ``branch.selectors``, whatever Wagtail
groups hold the page rights.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState, WorkflowPage

from branch.models import Branch
from branch.selectors import alternate_approver, employee_of

SELF_APPROVAL_COMMENT = _("The branch has no other committee member: published by the secretary.")


class StudyApproval(models.Model):
    """Who let one revision of a study material be published, and whether they approved their
    own draft (a secretary whose branch has no other committee member)."""

    page = models.ForeignKey(
        "home.StudyMaterialPage",
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("Study material"),
        help_text=_("The material that was approved"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Submitted by"),
        help_text=_("The author who submitted it for approval"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Approved by"),
        help_text=_("The person who approved it"),
    )
    self_approved = models.BooleanField(
        _("Approved own draft"),
        default=False,
        help_text=_("The secretary published their own draft because nobody else could approve"),
    )
    approved_at = models.DateTimeField(
        _("Approved at"), default=timezone.now, help_text=_("When it was approved")
    )
    comment = models.TextField(
        _("Approver's comment"), blank=True, help_text=_("The approver's comment")
    )

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("Study material approval")
        verbose_name_plural = _("Study material approval")

    def __str__(self) -> str:
        return f"{self.page_id} · {self.approved_at:%Y-%m-%d}"


def branch_of_page(page) -> Branch | None:
    """The branch a study material or library belongs to (from its library when new)."""
    page = page.specific if isinstance(page, Page) else page
    branch_id = getattr(page, "branch_id", None)
    if branch_id is None and getattr(page, "path", None):
        parent = page.get_parent()
        branch_id = getattr(parent.specific, "branch_id", None) if parent else None
    return Branch.objects.filter(pk=branch_id).first() if branch_id else None


def approvers_for(branch: Branch | None, requested_by) -> tuple[list, bool]:
    """(the users who may approve a draft ``requested_by`` submitted, whether it is a
    self-approval). An author's draft goes to the branch's secretaries; a secretary's own draft to
    another committee member, or back to themself (self-approval) when there is nobody else."""
    if branch is None or requested_by is None:
        return [], False
    secretaries = [u for u in branch.secretaries.filter(is_active=True) if u.pk != requested_by.pk]
    if not branch.secretaries.filter(pk=requested_by.pk).exists():
        return secretaries, False
    alternate = alternate_approver(branch, excluding=employee_of(requested_by))
    if alternate is not None and alternate.user_id:
        return [alternate.user], False
    return [requested_by], True


class StudyApprovalTask(Task):
    """支部审核: approval by the material's branch (see the module docstring)."""

    admin_form_fields = Task.admin_form_fields

    def _approvers(self, obj, user) -> tuple[list, bool]:
        state = obj.current_workflow_state if hasattr(obj, "current_workflow_state") else None
        requested_by = state.requested_by if state is not None else None
        cache = getattr(user, "_study_approvers", None)
        if cache is None:
            cache = {}
            user._study_approvers = cache
        key = (obj.pk, state.pk if state else None)
        if key not in cache:
            cache[key] = approvers_for(branch_of_page(obj), requested_by)
        return cache[key]

    def may_approve(self, obj, user) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        approvers, _self = self._approvers(obj, user)
        return any(u.pk == user.pk for u in approvers)

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        approvers, self_approval = approvers_for(branch_of_page(page), workflow_state.requested_by)
        if self_approval:
            # Nobody else can approve: approve at once, recorded with the reason.
            task_state.status = TaskState.STATUS_APPROVED
            task_state.finished_at = timezone.now()
            task_state.finished_by = user
            task_state.comment = str(SELF_APPROVAL_COMMENT)
            task_state.save()
            task_state.log_state_change_action(user, "approve")
            study_approval_record(
                task_state=task_state, approved_by=user, self_approved=True, comment=""
            )
        else:
            from .services_approval import approval_requested_notify

            approval_requested_notify(page=page, approvers=approvers, requested_by=user)
        return task_state

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from .services_approval import approval_decided_notify

        super().on_action(task_state, user, action_name, **kwargs)
        task_state.refresh_from_db()
        comment = kwargs.get("comment", "") or ""
        if action_name == "approve":
            study_approval_record(task_state=task_state, approved_by=user, comment=comment)
        approval_decided_notify(task_state=task_state, approved=action_name == "approve")

    def user_can_access_editor(self, obj, user):
        return self.may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.may_approve(obj, user):
            return []
        return [
            ("reject", _("Send back for changes"), True),
            ("approve", _("Approve and publish"), False),
            ("approve", _("Approve with a comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state__requested_by"
        )
        ids = []
        for state in states:
            page = state.workflow_state.content_object
            if page is not None and self.may_approve(page, user):
                ids.append(state.pk)
        return TaskState.objects.filter(pk__in=ids)

    @classmethod
    def get_description(cls):
        return _(
            "The branch secretary approves authors' materials; a secretary's own draft goes to "
            "another committee member"
        )

    class Meta:
        verbose_name = _("Branch approval task")
        verbose_name_plural = _("Branch approval tasks")


def study_approval_record(
    *, task_state, approved_by, self_approved: bool = False, comment: str = ""
) -> StudyApproval | None:
    """Record who approved the revision of ``task_state`` (once per task state)."""
    page = task_state.workflow_state.content_object
    if page is None:
        return None
    from .models import StudyMaterialPage

    page = page.specific
    if not isinstance(page, StudyMaterialPage):
        return None
    approval = StudyApproval(
        page=page,
        requested_by=task_state.workflow_state.requested_by,
        approved_by=approved_by,
        self_approved=self_approved,
        comment=comment or (gettext(SELF_APPROVAL_COMMENT) if self_approved else ""),
    )
    approval.full_clean()
    approval.save()
    return approval


WORKFLOW_NAME = "学习资料审核"
TASK_NAME = "支部审核"


@transaction.atomic
def study_workflow_attach(*, index) -> None:
    """Put the study-material approval workflow on a study library (idempotent)."""
    from wagtail.models import Workflow, WorkflowTask

    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = StudyApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = StudyApprovalTask.objects.create(name=TASK_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
