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
            known = "、".join(Branch.objects.values_list("code", flat=True)) or _("（无）")
            raise CommandError(
                _("没有代码为「%(code)s」的党支部；现有党支部代码：%(known)s")
                % {"code": code, "known": known}
            )
        return branch
    branches = list(Branch.objects.all()[:2])
    if not branches:
        raise CommandError(_("还没有任何党支部，请先创建党支部"))
    if len(branches) > 1:
        known = "、".join(Branch.objects.values_list("code", flat=True))
        raise CommandError(
            _("有多个党支部，请用 --branch 指定其中一个：%(known)s") % {"known": known}
        )
    return branches[0]


class Command(BaseCommand):
    help = "导入花名册（.xlsx 或 .csv）。全部行无误才写入；--dry-run 只检查并报告将发生的变化。"

    from_command_line = False

    def run_from_argv(self, argv):
        self.from_command_line = True
        return super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("花名册文件（.xlsx 或 .csv，UTF-8 / GBK）"))
        parser.add_argument("--branch", help=_("党支部代码；只有一个党支部时可省略"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并报告，不写入"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
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
                _("花名册有 %(count)s 处错误，未导入任何数据；请修改后重新导入：")
                % {"count": len(lines)}
                + "\n"
                + "\n".join(lines)
            ) from exc
        self.stdout.write(
            _("党支部：%(name)s（%(code)s）") % {"name": branch.name, "code": branch.code}
        )
        for line in report.lines():
            self.stdout.write(line)
