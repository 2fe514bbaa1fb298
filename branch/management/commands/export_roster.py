"""manage.py export_roster [--branch CODE] -o FILE.xlsx: write the active roster."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch.management.commands.import_roster import resolve_branch
from branch.roster import export_roster


class Command(BaseCommand):
    help = "导出花名册（在岗员工）为 .xlsx，列与导入相同，可直接再导入。"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, help=_("Output file, e.g. roster.xlsx")
        )
        parser.add_argument(
            "--branch", help=_("Party branch code; may be omitted when there is only one branch")
        )

    def handle(self, *args, **options):
        branch = resolve_branch(options["branch"])
        path = Path(options["output"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("The output file must end in .xlsx"))
        try:
            path.write_bytes(export_roster(branch=branch))
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(problem)s")
                % {"path": path, "problem": exc.strerror or exc}
            ) from exc
        count = branch.employees.active().count()
        self.stdout.write(
            _("Exported %(count)s current employees of %(name)s to %(path)s")
            % {"name": branch.name, "count": count, "path": path}
        )
