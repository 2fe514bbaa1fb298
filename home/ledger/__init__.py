"""The branch's yearly 台账: a cover, then one section per app (through
``home.registries.register_ledger_section``), rendered to .docx (python-docx) and .pdf
(reportlab with an embedded TrueType Chinese font).

- ``build``: :func:`ledger_document` collects the cover and the sections;
- ``docx`` / ``pdf``: render a :class:`LedgerDocument` to bytes;
- ``study``: home's own section (study materials and completion);
- ``services``: the :class:`~home.models.LedgerExport` life cycle, files in private storage.
"""

from .build import LedgerDocument, ledger_document

__all__ = ["LedgerDocument", "ledger_document"]
