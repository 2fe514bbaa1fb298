"""``WAGTAIL_FINISH_WORKFLOW_ACTION`` (imported by Wagtail's models, so nothing of Wagtail's
models is imported at the top of this module)."""


def publish_approved(workflow_state, user=None):
    """Publish what the workflow approved. When the approval was the branch's
    (``home.workflows.StudyApprovalTask``), the approver's decision is the permission (a 副书记
    approving the secretary's draft need not hold Wagtail's publish right); anything else is
    published as Wagtail does, with the user's own rights checked."""
    from .workflows import StudyApprovalTask

    revision = workflow_state.content_object.get_latest_revision()
    last = workflow_state.current_task_state
    approved_here = last is not None and isinstance(last.task.specific, StudyApprovalTask)
    revision.publish(user=user, skip_permission_checks=approved_here)
