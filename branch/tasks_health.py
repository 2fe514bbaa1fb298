"""Tasks that exercise the whole worker path (broker → worker → database) and a keyed
broadcast that is safe to run twice, after a crash, or from two schedulers.

Thin wrappers as DESIGN.md §5 asks: ids in the arguments, writes through branch.services.
"""

import time

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from . import services
from .models import Branch, Employee

BROADCAST_BATCH_SIZE = 200


@shared_task(name="branch.ping_database", acks_late=True)
def ping_database() -> dict:
    """Read from the database the worker is connected to; used by monitoring and the tests."""
    return {"vendor": connection.vendor, "branches": Branch.objects.count()}


def broadcast_recipient_ids(branch_id: int) -> list[int]:
    """Accounts of everyone still working in the branch, in a stable order."""
    return list(
        Employee.objects.active()
        .filter(branch_id=branch_id, user__isnull=False, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


@shared_task(name="branch.notification_broadcast", acks_late=True)
def notification_broadcast(
    *,
    branch_id: int,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    batch_size: int = BROADCAST_BATCH_SIZE,
    pause_seconds: float = 0.0,
) -> int:
    """Put one message in the inbox of every account of the branch, in batches of
    ``batch_size``, each batch in one transaction. The (recipient, key) unique constraint makes
    a repeat (a redelivery after a crash, a second scheduler) write nothing twice.
    ``pause_seconds`` between batches spares a busy database. Returns the number written."""
    branch = Branch.objects.get(pk=branch_id)
    users = get_user_model().objects
    ids = broadcast_recipient_ids(branch_id)
    written = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for user in users.filter(pk__in=ids[start : start + batch_size]).order_by("pk"):
                sent = services.notification_send(
                    recipient=user, title=title, body=body, url=url, key=key, branch=branch
                )
                written += sent is not None
        if pause_seconds:
            time.sleep(pause_seconds)
    return written
