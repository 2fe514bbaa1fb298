"""Collecting the 台账: the cover facts and every registered section, in order."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from branch.models import Branch, Employee

from ..registries import LedgerSection, ledger_sections


@dataclass
class LedgerDocument:
    """What both renderers draw: a cover (title, branch, year, a few facts) and the sections."""

    title: str
    branch_name: str
    year: int
    generated_on: datetime.date
    cover_facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[LedgerSection] = field(default_factory=list)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def ledger_document(
    branch: Branch, year: int, *, progress: Callable[[int, int], None] | None = None
) -> LedgerDocument:
    """The 台账 of ``branch`` for ``year``. ``progress(done, total)`` is called after each
    section, so a long build can report how far it got."""
    people = Employee.objects.active().filter(branch=branch)
    document = LedgerDocument(
        title=_("%(year)s Work Ledger") % {"year": year},
        branch_name=branch.name,
        year=year,
        generated_on=timezone.localdate(),
        cover_facts=[
            (_("Party branch"), branch.name),
            (_("Year"), str(year)),
            (_("People on the roster"), str(people.count())),
            (_("Teams"), str(branch.teams.count())),
            (_("Generated on"), timezone.localdate().isoformat()),
        ],
    )
    document.sections = ledger_sections(branch, year, progress)
    return document
