"""Thin Celery wrappers around organisational life's services (idempotent, keyed messages)."""

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def run_daily_partylife(day: str | None = None) -> dict:
    """Meeting reminders (and, as they exist, development and dues reminders) for ``day``."""
    from . import services

    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    result = {"meetings": services.meeting_reminders_send(day=when)}
    for name in ("development_reminders_send", "dues_reminders_send"):
        fn = getattr(services, name, None)
        if fn is not None:
            result[name] = fn(day=when)
    return result
