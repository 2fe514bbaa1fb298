"""manage.py setup_branch --code C --name N --secretary-staff-no S --secretary-name X: the first
step of a real deployment: the branch and its secretary's account (first-login password)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch.accounts import branch_setup


class Command(BaseCommand):
    help = (
        "创建党支部及其支部书记账号（首次登录须修改密码）。之后导入花名册，再由书记批量开通账号。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="支部代码，如 zydd（登录名的后缀）")
        parser.add_argument("--name", required=True, help="支部名称，如 作业大队党支部")
        parser.add_argument("--secretary-staff-no", required=True, help="支部书记的工号")
        parser.add_argument("--secretary-name", required=True, help="支部书记的姓名")
        parser.add_argument(
            "--password", default=None, help="首次登录密码（省略则自动生成并只显示这一次）"
        )

    def handle(self, *args, **options):
        try:
            branch, secretary, password = branch_setup(
                code=options["code"].strip(),
                name=options["name"].strip(),
                secretary_staff_no=options["secretary_staff_no"],
                secretary_name=options["secretary_name"],
                password=options["password"],
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            _("Created %(branch)s (code %(code)s) and its secretary %(name)s.")
            % {"branch": branch.name, "code": branch.code, "name": secretary.name}
        )
        self.stdout.write(
            _(
                "Login with the staff number; the password below is shown only this once and must be changed at first login."
            )
        )
        self.stdout.write(f"{_('Staff number')}: {secretary.staff_no}")
        self.stdout.write(f"{_('First-login password')}: {password}")
        self.stdout.write(
            _(
                "Next: import the roster (manage.py import_roster FILE --branch %(code)s, or in the admin), then open accounts at /people/accounts/open/"
            )
            % {"code": branch.code}
        )
