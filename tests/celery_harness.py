"""Real Celery workers and beats for the tests: separate processes on Redis and the PostgreSQL
test database, started, SIGKILLed and restarted like on a real host.

Used through the ``celery_service`` fixture (tests/conftest.py). Two reusable scenarios:

- ``kill9_midway(service, task=..., kwargs=..., progress=..., expected=...)``: start a worker,
  queue a long job, SIGKILL the worker's whole process group mid-way, start a fresh worker and
  wait until ``progress()`` reaches ``expected``; returns what was lost and duplicated.
- ``two_beats(service, schedule=..., run_for=...)``: two ``celery beat`` processes with the same
  schedule at once, next to one worker.

Plugging in another job, e.g. the daily care job (``care.tasks.run_daily_care`` wrapping
``care.services.run_daily_care(date)``), in tests/test_celery_worker.py::

    def test_daily_care_survives_kill9(celery_service):
        branch = make_branch_with_accounts(3000)          # or employees with birthdays today
        Employee.objects.filter(branch=branch).update(birth_date=datetime.date(1990, 5, 1))
        report = kill9_midway(
            celery_service,
            task="care.run_daily_care",                   # the task's registered name
            kwargs={"date": "2026-05-01"},
            progress=lambda: Greeting.objects.count(),
            expected=3000,
            duplicates=lambda: Greeting.objects.count()
            - Greeting.objects.values("employee", "year").distinct().count(),
        )
        assert report.lost == 0 and report.duplicated == 0, report

    def test_two_beats_greet_once(celery_service):
        ...same data...
        env = {"ZHIBU_TEST_BEAT_TASK": "care.run_daily_care",
               "ZHIBU_TEST_BEAT_KWARGS": json.dumps({"date": "2026-05-01"})}
        celery_service.start_worker()
        celery_service.start_beat("beat-1", "tests.beat_schedule", **env)
        celery_service.start_beat("beat-2", "tests.beat_schedule", **env)
        wait_for(lambda: celery_service.executions("care.run_daily_care") >= 4, timeout=60,
                 what="both beats to fire")
        assert Greeting.objects.count() == 3000 (and no duplicate per employee and year)

The job must be slow enough to interrupt (``kill9_midway`` fails loudly otherwise): use enough
rows, or a batch size / pause argument as ``branch.notification_broadcast`` has.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition: Callable[[], bool], *, timeout: float, interval: float = 0.1, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class CeleryProcess:
    """One ``celery`` process (worker or beat) in its own process group."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> "CeleryProcess":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: kill9() takes the pool children too
        )
        log.close()
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = 60) -> "CeleryProcess":
        def ready():
            if not self.running:
                raise AssertionError(f"{self.name} exited early:\n{self.log()[-3000:]}")
            return " ready." in self.log()

        wait_for(ready, timeout=timeout, what=f"{self.name} to be ready")
        return self

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def kill9(self) -> None:
        """Like pulling the plug: no warm shutdown, no ack, no goodbye to the broker."""
        if self.process is not None:
            self._signal_group(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self, timeout: float = 20) -> None:
        if not self.running:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()


@dataclass
class CeleryService:
    """Workers and beats of one test, on their own queue so parallel runs don't mix."""

    broker_url: str
    database_url: str
    tmp_path: Path
    queue: str = field(default_factory=lambda: f"zhibu-test-{uuid.uuid4().hex[:10]}")
    # Short enough that a killed worker's message comes back within seconds in the tests.
    visibility_timeout: int = 8
    processes: list[CeleryProcess] = field(default_factory=list)
    _client: object = None

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": self.database_url,
                "CELERY_BROKER_URL": self.broker_url,
                "CELERY_RESULT_BACKEND": self.broker_url,
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
                "CELERY_UNACKED_RESTORE_INTERVAL": "1",
                "CELERY_UNACKED_RESTORE_THROTTLE": "1",
                "PYTHONUNBUFFERED": "1",
                # Tasks a job queues (the daily job's chunks, deliveries) stay on this queue.
                "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            }
        )
        env.update(extra)
        return env

    def start_worker(self, name: str = "worker", *, wait: bool = True, **env) -> CeleryProcess:
        hostname = f"{name}-{self.queue}@%h"
        worker = CeleryProcess(
            name=name,
            argv=[
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                "--concurrency=1",
                f"--queues={self.queue}",
                f"--hostname={hostname}",
                "--without-gossip",
                "--without-mingle",
            ],
            env=self.env(**env),
            log_path=self.tmp_path / f"{name}.log",
        ).start()
        self.processes.append(worker)
        return worker.wait_ready() if wait else worker

    def start_beat(self, name: str, schedule_module: str, **env) -> CeleryProcess:
        """A beat process whose schedule comes from ``schedule_module`` (a module defining
        ``app`` with ``beat_schedule``), routed to this test's queue."""
        beat = CeleryProcess(
            name=name,
            argv=[
                sys.executable,
                "-m",
                "celery",
                "-A",
                schedule_module,
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.tmp_path / (name + '-schedule')}",
            ],
            env=self.env(ZHIBU_TEST_QUEUE=self.queue, **env),
            log_path=self.tmp_path / f"{name}.log",
        ).start()
        self.processes.append(beat)
        return beat

    @property
    def client(self):
        """A producer app pointed at the real broker (the test settings run tasks eagerly)."""
        if self._client is None:
            from celery import Celery

            # Not the current app: shared tasks queued later in this process (eagerly, by the
            # project's app) must not start going to this test's broker instead.
            self._client = Celery(
                "zhibu-test-producer",
                broker=self.broker_url,
                backend=self.broker_url,
                set_as_current=False,
            )
        return self._client

    def send(self, task: str, **kwargs):
        return self.client.send_task(task, kwargs=kwargs, queue=self.queue)

    def executions(self, task: str) -> int:
        """How many times any worker of this test started ``task``."""
        pattern = re.compile(rf"Task {re.escape(task)}\[[0-9a-f-]+\] received")
        return sum(len(pattern.findall(p.log())) for p in self.processes if "worker" in p.argv)

    def close(self) -> None:
        for process in self.processes:
            process.stop()
        if self._client is not None:
            with self._client.connection_for_write() as connection:
                connection.default_channel.client.delete(self.queue)
            self._client.close()


@dataclass
class Kill9Report:
    expected: int
    at_kill: int
    final: int
    duplicated: int
    executions: int

    @property
    def lost(self) -> int:
        return self.expected - self.final

    def __str__(self) -> str:
        return (
            f"kill -9 at {self.at_kill}/{self.expected}; after restart {self.final}/{self.expected}: "
            f"lost {self.lost}, duplicated {self.duplicated}, task started {self.executions}×"
        )


def kill9_midway(
    service: CeleryService,
    *,
    task: str,
    kwargs: dict,
    progress: Callable[[], int],
    expected: int,
    duplicates: Callable[[], int],
    kill_at: float = 0.3,
    timeout: float = 240,
) -> Kill9Report:
    """Run ``task`` on a worker, SIGKILL it once ``progress()`` passes ``kill_at`` of
    ``expected``, start a new worker and wait until the job is complete (or ``timeout``)."""
    first = service.start_worker("worker-1")
    service.send(task, **kwargs)
    wait_for(
        lambda: progress() >= expected * kill_at,
        timeout=timeout,
        interval=0.02,
        what=f"{task} to pass {kill_at:.0%}",
    )
    first.kill9()
    at_kill = progress()
    assert at_kill < expected, (
        f"{task} finished before the kill; give it more rows or a pause so the test can interrupt it"
    )
    service.start_worker("worker-2")
    with contextlib.suppress(AssertionError):  # a timeout is reported below as lost rows
        wait_for(
            lambda: progress() >= expected,
            timeout=timeout,
            interval=0.5,
            what=f"{task} to complete after the restart",
        )
    time.sleep(1)  # let a late duplicate show itself
    return Kill9Report(
        expected=expected,
        at_kill=at_kill,
        final=progress(),
        duplicated=duplicates(),
        executions=service.executions(task),
    )
