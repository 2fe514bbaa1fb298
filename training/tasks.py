"""Thin Celery wrappers around training services (idempotent; ``acks_late``)."""

import datetime

from celery import shared_task


@shared_task(acks_late=True)
def generate_sessions(today: str | None = None) -> int:
    """Create every plan's sessions for the coming weeks (safe to run twice)."""
    from .services import sessions_generate_ahead

    day = datetime.date.fromisoformat(today) if today else None
    return sessions_generate_ahead(today=day)


@shared_task(acks_late=True)
def remind_open_exams(now: str | None = None) -> int:
    """Remind people who have not taken an exam that closes within a day (once each)."""
    from .services import exam_reminders_send

    moment = datetime.datetime.fromisoformat(now) if now else None
    return exam_reminders_send(now=moment)


@shared_task(acks_late=True)
def compute_evaluations(today: str | None = None) -> int:
    """Recompute every branch's technical evaluations for the current half year."""
    from .services import evaluations_compute_all

    day = datetime.date.fromisoformat(today) if today else None
    return evaluations_compute_all(today=day)
