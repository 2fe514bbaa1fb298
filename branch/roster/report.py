"""What an import found wrong (:class:`RosterError`) or did (:class:`RosterReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _


class RosterError(NamedTuple):
    """One problem: the spreadsheet row (None for the file as a whole), the column name ("" when
    no single column is at fault) and the reason in Chinese."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return _("File: %(reason)s") % {"reason": self.reason}
        return _("Row %(row)s [%(column)s]: %(reason)s") % {
            "row": self.row,
            "column": self.column or "-",
            "reason": self.reason,
        }


class RosterImportError(Exception):
    """The roster was not imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RosterError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(slots=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass(slots=True)
class EmployeeChange:
    staff_no: str
    name: str
    fields: list[FieldChange]

    @property
    def columns(self) -> list[str]:
        return [c.column for c in self.fields]


@dataclass
class RosterReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool = False
    rows: int = 0
    created_staff_nos: list[str] = field(default_factory=list)
    updates: list[EmployeeChange] = field(default_factory=list)
    unchanged_staff_nos: list[str] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.created_staff_nos)

    @property
    def updated(self) -> int:
        return len(self.updates)

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_staff_nos)

    @property
    def updated_staff_nos(self) -> list[str]:
        return [u.staff_no for u in self.updates]

    @property
    def changes(self) -> dict[str, list[str]]:
        """工号 → the columns that change for that employee."""
        return {u.staff_no: u.columns for u in self.updates}

    def summary(self) -> str:
        verb = _("to be") if self.dry_run else _("already")
        return _(
            "%(rows)s rows: %(verb)s added %(created)s people, %(verb)s updated %(updated)s "
            "people, %(unchanged)s unchanged; %(verb)s created %(teams)s teams"
        ) % {
            "rows": self.rows,
            "verb": verb,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "teams": len(self.teams_created),
        }

    def lines(self) -> list[str]:
        """The report as printable Chinese lines (used by the command)."""
        out = [(_("[Dry run, nothing written]") if self.dry_run else "") + self.summary()]
        if self.teams_created:
            out.append(_("New teams:") + "、".join(self.teams_created))
        if self.created_staff_nos:
            out.append(_("New staff numbers:") + "、".join(self.created_staff_nos))
        for change in self.updates:
            details = "；".join(
                _("%(column)s %(old)s → %(new)s")
                % {"column": c.column, "old": c.old or _("(empty)"), "new": c.new or _("(empty)")}
                for c in change.fields
            )
            out.append(
                _("Update %(staff_no)s %(name)s: %(details)s")
                % {"staff_no": change.staff_no, "name": change.name, "details": details}
            )
        out.extend(_("Note: %(warning)s") % {"warning": w} for w in self.warnings)
        return out
