"""Build a synthetic company for the benchmarks: the organisation first (``branch.bench``),
then each feature app's ``bench.seed(context)``. Refuses a database that already holds data
unless ``--flush`` is given."""

import logging
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from branch import bench, roles
from branch.bench import analyze_tables

ROLE_ORDER = (roles.SECRETARY, roles.LEADER, roles.WORKER)
FEATURE_APPS = ("home", "care", "recognition", "training", "partylife", "selfmanagement")


class Command(BaseCommand):
    help = "生成性能测试用的合成公司数据（默认 100000 名员工）"

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=100_000)
        parser.add_argument(
            "--flush", action="store_true", help="Empty the database first (all data is lost)"
        )

    def handle(self, *args, employees: int, flush: bool, **options):
        if employees < 1:
            raise CommandError("--employees must be at least 1")
        if not bench.database_is_empty():
            if not flush:
                raise CommandError(
                    "The database already holds data; run with --flush to empty it first."
                )
            self._empty_database()
        started = time.perf_counter()

        def log(text: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {text}")

        # One line per page created would drown the progress lines.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        log(f"organisation of {employees} employees")
        context = bench.seed(employees=employees, log=log)
        for label in FEATURE_APPS:
            if not apps.is_installed(label) or find_spec(f"{label}.bench") is None:
                continue
            log(label)
            import_module(f"{label}.bench").seed(context)
        if analyze_tables():
            log("planner statistics gathered (ANALYZE)")
        log("done")
        self.stdout.write(self.style.SUCCESS("基准数据已就绪。基准支部账号（工号 / 密码）："))
        for role in ROLE_ORDER:
            self.stdout.write(f"  {role:<6} {context['logins'][role]} / {bench.BENCH_PASSWORD}")

    def _empty_database(self) -> None:
        """A fresh schema and every migration again (data migrations make the groups, the
        root page and the site); only PostgreSQL, where the schema can be dropped."""
        from django.db import connection

        if connection.vendor != "postgresql":
            raise CommandError("--flush needs PostgreSQL; use a new database file instead.")
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", verbosity=0, interactive=False)
