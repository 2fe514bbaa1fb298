"""Thin Celery wrappers around the care services."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def run_daily_care(day: str | None = None, batch_size: int | None = None) -> dict:
    """The 07:00 job (beat) or a manual rerun for ``day`` (ISO date); idempotent.
    ``batch_size``: people greeted per transaction (the service's default when omitted)."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    options = {"batch_size": batch_size} if batch_size else {}
    report = services.run_daily_care(when, **options)
    return {
        "day": when.isoformat(),
        "birthdays": report.birthdays,
        "greetings_created": report.greetings_created,
        "notifications_sent": report.notifications_sent,
    }


@shared_task(acks_late=True)
def remind_unacknowledged_talks() -> int:
    """Hourly (beat): remind listeners of talk requests not acknowledged in time and tell the
    secretary; once per request."""
    return services.talks_remind_unacknowledged()


def birthday_heads_up(day: str | None = None) -> int:
    """Leaders hear of birthdays a few days ahead (the branch's setting); idempotent."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return services.birthday_heads_up(when)
