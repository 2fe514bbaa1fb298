"""The daily care job over a company: ``BENCH_CARE_EMPLOYEES`` people (default 10,000) in
branches of 500 and teams of 50 (a leader each, a secretary per branch), solar and lunar
birthdays spread over the year, every employment type, a third without accounts, half of the
accounts with an e-mail address. Timed on a typical day and on a heavy day
(``BENCH_CARE_HEAVY`` birthdays, default 3,000), in this process and, on PostgreSQL with a
reachable broker, fanned out over ``BENCH_CARE_WORKERS`` real worker processes (default 2).

Environment:
- ``BENCH_CARE_EMPLOYEES``: people (default 10000);
- ``BENCH_CARE_HEAVY``: birthdays on the heavy day (default 3000, at most half the people);
- ``BENCH_CARE_HISTORY``: rows of earlier notification history (a year of greetings, reminders
  and other keyed messages) written before the runs, to show the cost does not grow with it
  (default 0);
- ``BENCH_CARE_WORKERS``: worker processes for the fanned-out runs (default 2; 0 skips them);
- ``BENCH_CARE_BROKER``: the broker for them (default ``redis://127.0.0.1:6379/13``; each run
  uses a queue of its own);
- ``BENCH_CARE_CHUNK``: people per chunk task (default the job's own).
"""

import datetime
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

from scripts.bench import Measure, benchmark

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = int(os.environ.get("BENCH_CARE_EMPLOYEES", "10000"))
HEAVY = int(os.environ.get("BENCH_CARE_HEAVY", "3000"))
HISTORY = int(os.environ.get("BENCH_CARE_HISTORY", "0"))
WORKERS = int(os.environ.get("BENCH_CARE_WORKERS", "2"))
BROKER = os.environ.get("BENCH_CARE_BROKER", "redis://127.0.0.1:6379/13")
CHUNK = int(os.environ.get("BENCH_CARE_CHUNK", "0"))
BRANCH_SIZE = 500
TEAM_SIZE = 50
DAY = datetime.date(2026, 11, 26)
HEAVY_DAY = DAY + datetime.timedelta(days=1)
WRITE_BATCH = 5000


def _build(people: int) -> list[int]:
    """The company, written in bulk (no history rows). Returns the employees' ids."""
    from django.contrib.auth import get_user_model

    from branch.models import Branch, Employee, Team

    User = get_user_model()
    rng = random.Random(2026)
    branches = Branch.objects.bulk_create(
        [
            Branch(code=f"bench{b}", name=f"基准支部{b}")
            for b in range((people + BRANCH_SIZE - 1) // BRANCH_SIZE)
        ]
    )
    teams = Team.objects.bulk_create(
        [
            Team(branch=branches[t * TEAM_SIZE // BRANCH_SIZE], name=f"修井{t}班")
            for t in range((people + TEAM_SIZE - 1) // TEAM_SIZE)
        ],
        batch_size=WRITE_BATCH,
    )
    types = ["formal", "contract", "intern"]
    ids = []
    for start in range(0, people, WRITE_BATCH):
        numbers = range(start, min(start + WRITE_BATCH, people))
        users = {
            n: User(
                username=f"b{n}@bench",
                password="!",
                email=f"b{n}@bench.example" if n % 2 else "",
            )
            for n in numbers
            if n % 3
        }
        User.objects.bulk_create(users.values())
        rows = []
        for n in numbers:
            born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 45 * 365))
            rows.append(
                Employee(
                    branch_id=teams[n // TEAM_SIZE].branch_id,
                    team=teams[n // TEAM_SIZE],
                    staff_no=f"B{n:07d}",
                    name=f"员工{n}",
                    employment_type=types[n % 3],
                    birth_date=born,
                    birthday_calendar="lunar" if n % 4 == 0 else "solar",
                    user=users.get(n),
                )
            )
        ids += [e.pk for e in Employee.objects.bulk_create(rows)]
    # The second person of each team leads it (has an account); each branch's second person's
    # account is its secretary.
    Team.leaders.through.objects.bulk_create(
        [
            Team.leaders.through(team_id=team.pk, employee_id=ids[i * TEAM_SIZE + 1])
            for i, team in enumerate(teams)
            if i * TEAM_SIZE + 1 < len(ids)
        ],
        batch_size=WRITE_BATCH,
    )
    secretaries = dict(
        Employee.objects.filter(pk__in=[ids[b * BRANCH_SIZE + 1] for b in range(len(branches))])
        .exclude(user=None)
        .values_list("branch_id", "user_id")
    )
    Branch.secretaries.through.objects.bulk_create(
        [Branch.secretaries.through(branch_id=b, user_id=u) for b, u in secretaries.items()]
    )
    return ids


def _history(rows: int) -> None:
    """A year of keyed messages before DAY: greetings and reminders, spread over the accounts."""
    from django.contrib.auth import get_user_model

    from branch.models import Notification

    if not rows:
        return
    users = list(get_user_model().objects.values_list("pk", flat=True))
    kinds = ["care:greeting:{n}:2025", "care:heads-up:{n}:2025", "training:exam:{n}", "study:{n}"]
    for start in range(0, rows, WRITE_BATCH):
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=users[n % len(users)],
                    title="往日消息",
                    key=kinds[n % len(kinds)].format(n=n),
                )
                for n in range(start, min(start + WRITE_BATCH, rows))
            ]
        )


def _forget(day: datetime.date) -> None:
    """Undo a run for ``day`` so it can be timed again from the same state."""
    from branch.models import Notification
    from care.models import Greeting

    keys = [g.notification_key for g in Greeting.objects.filter(birthday=day).only("employee_id")]
    for start in range(0, len(keys), WRITE_BATCH):
        Notification.objects.filter(key__in=keys[start : start + WRITE_BATCH]).delete()
    Greeting.objects.filter(birthday=day).delete()


def _state(day: datetime.date) -> tuple[int, int, int]:
    from branch.models import Delivery, Notification
    from care.models import Greeting

    greeted = Greeting.objects.filter(birthday=day)
    greetings = greeted.count()
    notes = Notification.objects.filter(
        key__startswith="care:greeting:", about__in=greeted.values("employee_id")
    ).count()
    pending = Delivery.objects.filter(status="pending").count()
    return greetings, notes, pending


def _broker_reachable() -> bool:
    url = urlparse(BROKER)
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 1).close()
        return True
    except OSError:
        return False


class Workers:
    """``count`` real ``celery worker`` processes (one pool process each) on a queue of their
    own, on this benchmark's database."""

    def __init__(self, count: int):
        from django.db import connection

        s = connection.settings_dict
        self.queue = f"bench-care-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}"
            f":{s['PORT'] or 5432}/{s['NAME']}",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_RESULT_BACKEND": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }
        self.logs = [Path(f"/tmp/{self.queue}-{i}.log") for i in range(count)]
        self.processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--loglevel=WARNING",
                    "--pool=prefork",
                    "--concurrency=1",
                    f"--queues={self.queue}",
                    f"--hostname=w{i}-{self.queue}@%h",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            for i, log in enumerate(self.logs)
        ]
        from celery import Celery

        self.client = Celery("bench-care", broker=BROKER, backend=BROKER, set_as_current=False)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            replies = self.client.control.ping(timeout=1) or []
            if len([r for r in replies if self.queue in next(iter(r))]) >= count:
                break
        else:  # pragma: no cover - shown in the figures
            raise RuntimeError("workers did not start: " + self.logs[0].read_text()[-2000:])

    def run(self, day: datetime.date, expected: tuple[int, int]) -> float:
        """Seconds from queueing the job until its greetings, messages and deliveries are done."""
        kwargs = {"day": day.isoformat(), **({"batch_size": CHUNK} if CHUNK else {})}
        start = time.perf_counter()
        self.client.send_task("care.tasks.run_daily_care", kwargs=kwargs, queue=self.queue)
        deadline = start + 1800
        while time.perf_counter() < deadline:
            greetings, notes, pending = _state(day)
            if greetings >= expected[0] and notes >= expected[1] and pending == 0:
                return time.perf_counter() - start
            time.sleep(0.1)
        raise RuntimeError(f"fanned-out run did not finish: {_state(day)} of {expected}")

    def close(self) -> None:
        import signal

        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with self.client.connection_for_write() as connection:
            connection.default_channel.client.delete(self.queue)
        self.client.close()


@benchmark("care.run_daily_care")
def run_daily_care_bench() -> dict:
    from django.db import connection

    from branch.models import Employee, Notification
    from care.models import Greeting
    from care.services import run_daily_care

    figures = {"employees": PEOPLE}
    with Measure() as build:
        ids = _build(PEOPLE)
        _history(HISTORY)
    figures["build: seconds"] = f"{build.seconds:.1f}"
    figures["notification history rows"] = Notification.objects.count()

    heavy = min(HEAVY, len(ids) // 2)
    for start in range(0, heavy * 2, WRITE_BATCH * 2):  # every other person, spread over teams
        Employee.objects.filter(
            pk__in=ids[start : min(start + WRITE_BATCH * 2, heavy * 2) : 2]
        ).update(birth_date=HEAVY_DAY.replace(year=1990), birthday_calendar="solar")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    fan_out = WORKERS > 0 and connection.vendor == "postgresql" and _broker_reachable()
    if not fan_out:
        figures["fanned out"] = "skipped (needs PostgreSQL and a reachable broker)"
    for label, day in (("typical day", DAY), ("heavy day", HEAVY_DAY)):
        with Measure() as first:
            report = run_daily_care(day)
        expected = _state(day)[:2]
        figures[f"{label}: birthdays"] = report.birthdays
        figures[f"{label}: notifications"] = report.notifications_sent
        figures[f"{label}: in-process seconds"] = f"{first.seconds:.2f}"
        figures[f"{label}: in-process queries"] = first.queries
        with Measure() as again:
            run_daily_care(day)
        figures[f"{label}: rerun (nothing new) seconds"] = f"{again.seconds:.2f}"
        if fan_out:
            _forget(day)
            workers = Workers(WORKERS)
            try:
                seconds = workers.run(day, expected)
            finally:
                workers.close()
            figures[f"{label}: fanned out over {WORKERS} workers, seconds"] = f"{seconds:.2f}"
            assert _state(day)[:2] == expected, (_state(day), expected)
    figures["greetings in db"] = Greeting.objects.count()
    figures["notifications in db"] = Notification.objects.count()
    return figures
