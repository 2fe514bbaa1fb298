"""Thin Celery wrappers around home services."""

from celery import shared_task


@shared_task(acks_late=True)
def study_material_announce_task(page_id: int) -> int:
    from .models import StudyMaterialPage
    from .services import study_material_announce

    page = StudyMaterialPage.objects.filter(pk=page_id).first()
    return study_material_announce(page=page) if page is not None else 0


def on_material_published(sender, instance, **kwargs) -> None:
    """``page_published`` receiver: announce the material once the transaction commits."""
    from django.db import transaction

    page_id = instance.pk
    transaction.on_commit(lambda: study_material_announce_task.delay(page_id))


@shared_task(acks_late=True)
def study_reminders_send_task() -> int:
    """Daily: remind the people who have not studied a required material by its date."""
    from django.utils import timezone

    from .services_reminders import study_reminders_send

    return study_reminders_send(day=timezone.localdate())


@shared_task(acks_late=True)
def ledger_export_task(export_id: int) -> str:
    """Build one yearly 台账 request (see home.ledger.services)."""
    from .ledger.services import ledger_export_build

    export = ledger_export_build(export_id=export_id)
    return export.status if export is not None else "missing"


@shared_task(acks_late=True)
def branch_rights_sync_task() -> int:
    """Daily: committee posts that begin or end today move people into or out of the
    per-branch groups (home.rights); idempotent. Returns the branches checked."""
    from branch.models import Branch

    from .rights import branch_rights_ensure

    ids = list(Branch.objects.values_list("pk", flat=True))
    for branch in Branch.objects.filter(pk__in=ids):
        branch_rights_ensure(branch)
    return len(ids)
