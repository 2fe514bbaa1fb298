"""Roster import and export (花名册). Filled in by the roster work."""


def import_roster(*, branch, file, filename: str, dry_run: bool = False):
    raise NotImplementedError
