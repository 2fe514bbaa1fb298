"""Load the demo data: the organisation first, then each feature app's ``demo.seed(context)``.
Idempotent: a second run changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from branch import demo, roles

ROLE_ORDER = (roles.SECRETARY, roles.LEADER, roles.WORKER)
FEATURE_APPS = ("home", "care", "recognition", "training", "partylife", "selfmanagement")


class Command(BaseCommand):
    help = "加载演示数据（可重复运行，第二次运行不做任何改动）"

    def handle(self, *args, **options):
        context = demo.seed()
        for label in FEATURE_APPS:
            if not apps.is_installed(label) or find_spec(f"{label}.demo") is None:
                continue
            module = import_module(f"{label}.demo")
            module.seed(context)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号（工号 / 密码）："))
        for role in ROLE_ORDER:
            staff_no = context["logins"].get(role)
            if staff_no:
                self.stdout.write(f"  {role:<6} {staff_no} / {demo.DEMO_PASSWORD}")
