"""Thin Celery wrappers around recognition services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def escalate_overdue_suggestions() -> int:
    """Hourly: tell secretaries about suggestions past their response deadline (once each)."""
    return services.suggestions_escalate_overdue()
