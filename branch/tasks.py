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


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver_notifications(delivery_ids: list[int]) -> dict:
    """Send a batch of deliveries (one message on the queue, one mail connection); each that
    fails and may succeed later is retried on its own by ``deliver_notification`` with the
    same backoff. Returns how many ended in each status."""
    outcomes = services.deliveries_attempt(delivery_ids=delivery_ids)
    max_attempts = getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)
    base = getattr(settings, "NOTIFICATION_RETRY_BASE_SECONDS", 30)
    counts: dict[str, int] = {}
    for pk, outcome in outcomes.items():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.retry and outcome.attempts < max_attempts:
            deliver_notification.apply_async((pk,), countdown=base * 2 ** (outcome.attempts - 1))
    return counts


@shared_task(acks_late=True)
def end_access_of_leavers() -> int:
    """Daily: end the access of people whose leaving day has come (idempotent)."""
    return services.employees_end_access_due()


@shared_task(acks_late=True)
def prune_login_failures() -> int:
    """Daily: drop failed-login records and one-time form tokens past their keeping time
    (idempotent). Returns the rows removed."""
    return services.login_failures_prune() + services.form_submissions_prune()
