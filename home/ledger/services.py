"""The 台账 export's life cycle: requested by the secretary, built by a Celery task that reports
its progress, its files kept in private storage."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.models import Branch

from .build import ledger_document
from .docx import render_docx
from .pdf import FontMissing, render_pdf

logger = logging.getLogger(__name__)
FORMATS = ("docx", "pdf")
EARLIEST_YEAR = 2000


def ledger_root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT) / "ledgers"


def ledger_file_path(export, kind: str) -> Path | None:
    """The kept file of ``export`` in format ``kind``, or None; never outside the ledger root."""
    relative = (export.files or {}).get(kind)
    if kind not in FORMATS or not relative:
        return None
    root = ledger_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def ledger_export_request(*, branch: Branch, year: int, user):
    """Ask for the 台账 of ``year``; the build starts once the transaction commits. A request
    for a year whose ledger is already being built returns that one instead of a second."""
    from ..models import LedgerExport
    from ..tasks import ledger_export_task

    this_year = timezone.localdate().year
    if not EARLIEST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s")
            % {"first": EARLIEST_YEAR, "last": this_year}
        )
    with transaction.atomic():
        list(Branch.objects.select_for_update().filter(pk=branch.pk).values_list("pk"))
        running = LedgerExport.objects.filter(
            branch=branch,
            year=year,
            status__in=[LedgerExport.Status.PENDING, LedgerExport.Status.RUNNING],
        ).first()
        if running is not None:
            return running
        export = LedgerExport(branch=branch, year=year, requested_by=user)
        export.full_clean()
        export.save()
        export_id = export.pk
        transaction.on_commit(lambda: ledger_export_task.delay(export_id))
    return export


def _set(export_id: int, **fields) -> None:
    from ..models import LedgerExport

    LedgerExport.objects.filter(pk=export_id).update(**fields)


def ledger_export_build(*, export_id: int):
    """Build the files of one request. Idempotent: a finished request is left as it is; a
    request run again after a crash starts over and replaces its files."""
    from ..models import LedgerExport

    export = LedgerExport.objects.select_related("branch").filter(pk=export_id).first()
    if export is None or export.status == LedgerExport.Status.DONE:
        return export
    _set(export_id, status=LedgerExport.Status.RUNNING, progress=1, error="")

    def progress(done: int, total: int) -> None:
        _set(export_id, progress=max(1, round(80 * done / total)))

    try:
        document = ledger_document(export.branch, export.year, progress=progress)
        folder = ledger_root() / str(export.branch_id)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{export.year}-{uuid.uuid4().hex}"
        files, problem = {}, ""
        (folder / f"{stem}.docx").write_bytes(render_docx(document))
        files["docx"] = f"{export.branch_id}/{stem}.docx"
        _set(export_id, progress=90, files=files)
        try:
            (folder / f"{stem}.pdf").write_bytes(render_pdf(document))
            files["pdf"] = f"{export.branch_id}/{stem}.pdf"
        except FontMissing as exc:
            problem = str(exc)
        for kind, old in (export.files or {}).items():
            if kind in FORMATS and old not in files.values():
                (ledger_root() / old).unlink(missing_ok=True)
    except Exception:
        logger.exception("ledger export %s failed", export_id)
        _set(
            export_id,
            status=LedgerExport.Status.FAILED,
            error=_("The ledger could not be built; please try again or tell the administrator"),
            finished_at=timezone.now(),
        )
        raise
    _set(
        export_id,
        status=LedgerExport.Status.DONE,
        progress=100,
        files=files,
        error=problem[:300],
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
