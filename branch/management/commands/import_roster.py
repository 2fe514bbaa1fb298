"""manage.py import_roster FILE [--branch CODE] [--dry-run]: load a 花名册 (.xlsx / .csv)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch.models import Branch
from branch.roster import RosterImportError, import_roster


def resolve_branch(code: str | None) -> Branch:
    """The branch named by ``code``; without a code, the only branch there is."""
    if code:
        branch = Branch.objects.filter(code=code).first()
        if branch is None:
            known = "、".join(Branch.objects.values_list("code", flat=True)) or _("(none)")
            raise CommandError(
                _("No Party branch has the code “%(code)s”; existing branch codes: %(known)s")
                % {"code": code, "known": known}
            )
        return branch
    branches = list(Branch.objects.all()[:2])
    if not branches:
        raise CommandError(_("There is no Party branch yet, please create one first"))
    if len(branches) > 1:
        known = "、".join(Branch.objects.values_list("code", flat=True))
        raise CommandError(
            _("There are several Party branches, choose one with --branch: %(known)s")
            % {"known": known}
        )
    return branches[0]


class Command(BaseCommand):
    help = "导入花名册（.xlsx 或 .csv）。全部行无误才写入；--dry-run 只检查并报告将发生的变化。"

    from_command_line = False

    def run_from_argv(self, argv):
        self.from_command_line = True
        return super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Roster file (.xlsx or .csv, UTF-8 / GBK)"))
        parser.add_argument(
            "--branch", help=_("Party branch code; may be omitted when there is only one branch")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Only check and report, write nothing")
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        branch = resolve_branch(options["branch"])
        try:
            report = import_roster(
                branch=branch,
                file=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
            )
        except RosterImportError as exc:
            lines = [str(error) for error in exc.errors]
            if not self.from_command_line:  # on the command line the CommandError prints them
                for line in lines:
                    self.stderr.write(line)
            raise CommandError(
                _(
                    "The roster has %(count)s errors, nothing was imported; please fix them and import again:"
                )
                % {"count": len(lines)}
                + "\n"
                + "\n".join(lines)
            ) from exc
        self.stdout.write(
            _("Party branch: %(name)s (%(code)s)") % {"name": branch.name, "code": branch.code}
        )
        for line in report.lines():
            self.stdout.write(line)
