"""Thin Celery wrappers around the care services."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)


def _queue_of(task) -> dict:
    """Route follow-up tasks to the queue this task came from (a worker serving a named queue
    then runs the chunks it fans out); the default queue when run eagerly."""
    info = getattr(task.request, "delivery_info", None) or {}
    queue = info.get("routing_key")
    return {"queue": queue} if queue else {}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_daily_care(self, day: str | None = None, batch_size: int | None = None) -> dict:
    """The 07:00 job (beat) or a manual rerun for ``day`` (ISO date); idempotent. Finds the
    day's birthdays in one query, queues one ``greet_daily_care_chunk`` per ``batch_size``
    people (any free worker takes one) and sends the day's reminders. Run eagerly (tests, no
    broker) the chunks run here and their figures are added up."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    size = batch_size or services.BATCH_SIZE
    chunks = services.daily_care_chunks(when, chunk_size=size)
    route = _queue_of(self)
    results = [
        greet_daily_care_chunk.apply_async(
            kwargs={"day": when.isoformat(), "employee_ids": ids, "batch_size": size}, **route
        )
        for ids in chunks
    ]
    reminders = services.daily_care_reminders(when)
    figures = {
        "day": when.isoformat(),
        "birthdays": sum(len(ids) for ids in chunks),
        "chunks": len(chunks),
        "follow_ups": reminders.follow_ups,
        "overdue_questions": reminders.overdue_questions,
    }
    if self.request.is_eager:
        done = [r.result for r in results]  # eager results, already computed
        figures["greetings_created"] = sum(d["greetings_created"] for d in done)
        figures["notifications_sent"] = sum(d["notifications_sent"] for d in done)
    logger.info(
        "daily care day=%s birthdays=%s chunks queued=%s", when, figures["birthdays"], len(chunks)
    )
    return figures


@shared_task(acks_late=True, reject_on_worker_lost=True)
def greet_daily_care_chunk(
    day: str, employee_ids: list[int], batch_size: int | None = None
) -> dict:
    """One chunk of the day's birthdays: greetings and their notifications, in a transaction
    per batch. A chunk delivered again (its worker was killed) creates no duplicate."""
    options = {"batch_size": batch_size} if batch_size else {}
    report = services.daily_care_greet_chunk(
        datetime.date.fromisoformat(day), employee_ids=employee_ids, **options
    )
    return {
        "birthdays": report.birthdays,
        "greetings_created": report.greetings_created,
        "notifications_sent": report.notifications_sent,
    }


@shared_task(acks_late=True)
def remind_unacknowledged_talks() -> int:
    """Hourly (beat): remind listeners of talk requests not acknowledged in time and tell the
    secretary; once per request."""
    return services.talks_remind_unacknowledged()


@shared_task(acks_late=True)
def birthday_heads_up(day: str | None = None) -> int:
    """Leaders hear of birthdays a few days ahead (the branch's setting); idempotent."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return services.birthday_heads_up(when)
