"""Thin Celery wrappers around the notification channels: ids in, the service does the work."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, delivery_id: int) -> str:
    """Send one delivery; on failure retry with exponential backoff (1, 2, 4… × base seconds)
    until ``NOTIFICATION_MAX_ATTEMPTS`` attempts, then leave it marked failed."""
    outcome = services.delivery_attempt(delivery_id=delivery_id)
    max_attempts = getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)
    if outcome.retry and outcome.attempts < max_attempts:
        base = getattr(settings, "NOTIFICATION_RETRY_BASE_SECONDS", 30)
        raise self.retry(countdown=base * 2 ** (outcome.attempts - 1), max_retries=None)
    return outcome.status


@shared_task(acks_late=True)
def end_access_of_leavers() -> int:
    """Daily: end the access of people whose leaving day has come (idempotent)."""
    return services.employees_end_access_due()


@shared_task(acks_late=True)
def prune_login_failures() -> int:
    """Daily: drop failed-login records and one-time form tokens past their keeping time
    (idempotent). Returns the rows removed."""
    return services.login_failures_prune() + services.form_submissions_prune()
