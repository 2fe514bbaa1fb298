"""Celery against a real worker process, Redis as broker, PostgreSQL as database: the worker
really executes tasks, survives kill -9 without losing or duplicating work, and two beat
schedulers at once produce no duplicates.

To run another job through the same scenarios (for example the daily care job), see
``test_broadcast_survives_kill9`` and ``test_two_beats_send_once``: only the task name, its
arguments, the progress count and the duplicate count change."""

import datetime
import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from branch.factories import BranchFactory, TeamFactory
from branch.models import Employee, Notification
from care.models import Greeting
from config.celery import app

from .celery_harness import kill9_midway, wait_for


def real_worker(test):
    """Needs PostgreSQL, Redis and a worker process; skipped with the reason when unreachable."""
    return pytest.mark.postgres(pytest.mark.redis(pytest.mark.celery_worker(test)))


def test_reliability_settings():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    # Longer than the longest task: an hour at the very least.
    assert conf.broker_transport_options["visibility_timeout"] >= 60 * 60
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]


def make_branch_with_accounts(count: int):
    """``count`` employees with accounts in one branch, written in bulk (no history needed)."""
    branch = BranchFactory(code="bulk", name="批量支部")
    team = TeamFactory(branch=branch, name="大班")
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bulk{i:05d}", password="!") for i in range(count)]
    )
    Employee.objects.bulk_create(
        [
            Employee(branch=branch, team=team, staff_no=f"B{i:05d}", name=f"员工{i}", user=user)
            for i, user in enumerate(users)
        ]
    )
    return branch


def duplicate_rows(key: str) -> int:
    rows = Notification.objects.filter(key=key)
    pairs = rows.values("recipient", "key").annotate(n=Count("id"))
    return rows.count() - pairs.count()


@real_worker
def test_worker_executes_a_task_on_the_test_database(celery_service):
    BranchFactory(code="ping", name="心跳支部")
    celery_service.start_worker()
    result = celery_service.send("branch.ping_database").get(timeout=60)
    assert result == {"vendor": "postgresql", "branches": 1}


@real_worker
def test_worker_writes_what_the_test_reads(celery_service):
    branch = make_branch_with_accounts(30)
    celery_service.start_worker()
    written = celery_service.send(
        "branch.notification_broadcast", branch_id=branch.pk, key="hello", title="你好"
    ).get(timeout=60)
    assert written == 30
    assert Notification.objects.filter(key="hello", branch=branch).count() == 30
    # Running it again writes nothing.
    again = celery_service.send(
        "branch.notification_broadcast", branch_id=branch.pk, key="hello", title="你好"
    ).get(timeout=60)
    assert again == 0 and Notification.objects.filter(key="hello").count() == 30


@real_worker
@pytest.mark.slow
def test_broadcast_survives_kill9(celery_service, capsys):
    total = 3000
    branch = make_branch_with_accounts(total)
    key = "kill9-demo"
    report = kill9_midway(
        celery_service,
        task="branch.notification_broadcast",
        kwargs={
            "branch_id": branch.pk,
            "key": key,
            "title": "支部通知",
            "batch_size": 100,
            "pause_seconds": 0.05,
        },
        progress=lambda: Notification.objects.filter(key=key).count(),
        expected=total,
        duplicates=lambda: duplicate_rows(key),
    )
    with capsys.disabled():
        print(f"\n[kill -9] branch.notification_broadcast over {total} accounts: {report}")
    assert report.lost == 0, report
    assert report.duplicated == 0, report
    assert report.executions >= 2, report  # the message really came back after the kill


@real_worker
@pytest.mark.slow
def test_two_beats_send_once(celery_service, capsys):
    branch = make_branch_with_accounts(50)
    key = "two-beats"
    beat_env = {
        "ZHIBU_TEST_BEAT_TASK": "branch.notification_broadcast",
        "ZHIBU_TEST_BEAT_KWARGS": json.dumps({"branch_id": branch.pk, "key": key, "title": "早安"}),
        "ZHIBU_TEST_BEAT_EVERY": "1",
    }
    celery_service.start_worker()
    celery_service.start_beat("beat-1", "tests.beat_schedule", **beat_env)
    celery_service.start_beat("beat-2", "tests.beat_schedule", **beat_env)
    wait_for(
        lambda: celery_service.executions("branch.notification_broadcast") >= 6,
        timeout=60,
        what="both beats to fire several times",
    )
    runs = celery_service.executions("branch.notification_broadcast")
    assert Notification.objects.filter(key=key).count() == 50
    assert duplicate_rows(key) == 0
    with capsys.disabled():
        print(f"\n[two beats] job ran {runs}×, 50 recipients, 50 messages, 0 duplicates")


# ---------------------------------------------------------------- the daily care job

CARE_TASK = "care.tasks.run_daily_care"
CARE_DAY = "2026-05-01"


def make_birthdays(count: int) -> None:
    """``count`` people with accounts whose (solar) birthday is CARE_DAY. The team has no
    leader and the branch no secretary, so each greeting makes exactly one notification."""
    branch = make_branch_with_accounts(count)
    Employee.objects.filter(branch=branch).update(birth_date=datetime.date(1990, 5, 1))


def care_notifications():
    return Notification.objects.filter(key__startswith="care:greeting:")


def duplicate_greetings() -> int:
    return Greeting.objects.count() - Greeting.objects.values("employee", "year").distinct().count()


def duplicate_care_notifications() -> int:
    rows = care_notifications()
    return rows.count() - rows.values("recipient", "key").distinct().count()


CHUNK_TASK = "care.tasks.greet_daily_care_chunk"


@real_worker
@pytest.mark.slow
def test_daily_care_survives_kill9(celery_service, capsys):
    """The job fans out 300 chunks of 10; the worker is killed mid-chunk, the chunk's message
    comes back to the next worker and nothing is lost or doubled."""
    total, size = 3000, 10
    make_birthdays(total)
    report = kill9_midway(
        celery_service,
        task=CARE_TASK,
        kwargs={"day": CARE_DAY, "batch_size": size},
        progress=lambda: Greeting.objects.count(),
        expected=total,
        duplicates=lambda: duplicate_greetings() + duplicate_care_notifications(),
    )
    notifications = care_notifications().count()
    chunk_runs = celery_service.executions(CHUNK_TASK)
    with capsys.disabled():
        print(
            f"\n[kill -9] {CARE_TASK} over {total} birthdays: {report}; chunk task started "
            f"{chunk_runs}× for {total // size} chunks; notifications {notifications}/{total}"
        )
    assert report.lost == 0, report
    assert report.duplicated == 0, report
    assert chunk_runs > total // size, chunk_runs  # the killed chunk really came back
    assert notifications == total  # none lost with its greeting
    assert duplicate_care_notifications() == 0


@real_worker
@pytest.mark.slow
def test_two_beats_greet_once(celery_service, capsys):
    total = 200
    make_birthdays(total)
    beat_env = {
        "ZHIBU_TEST_BEAT_TASK": CARE_TASK,
        "ZHIBU_TEST_BEAT_KWARGS": json.dumps({"day": CARE_DAY}),
        "ZHIBU_TEST_BEAT_EVERY": "1",
    }
    celery_service.start_worker()
    celery_service.start_beat("beat-1", "tests.beat_schedule", **beat_env)
    celery_service.start_beat("beat-2", "tests.beat_schedule", **beat_env)
    wait_for(
        lambda: celery_service.executions(CARE_TASK) >= 6,
        timeout=60,
        what="both beats to fire several times",
    )
    wait_for(
        lambda: Greeting.objects.count() >= total and care_notifications().count() >= total,
        timeout=60,
        what="every greeting and notification",
    )
    runs = celery_service.executions(CARE_TASK)
    assert Greeting.objects.count() == total
    assert duplicate_greetings() == 0
    assert care_notifications().count() == total
    assert duplicate_care_notifications() == 0
    with capsys.disabled():
        print(
            f"\n[two beats] {CARE_TASK} ran {runs}×: {total} birthdays, {total} greetings, "
            f"{total} notifications, 0 duplicates"
        )


def care_snapshot():
    return (
        sorted(Greeting.objects.values_list("employee_id", "year", "birthday", "age", "message")),
        sorted(care_notifications().values_list("recipient_id", "key", "title", "about_id")),
    )


@real_worker
@pytest.mark.slow
def test_daily_care_fans_out_over_two_workers_to_the_in_process_result(celery_service, capsys):
    """Two branches, leaders and a secretary each, lunar and solar birthdays: the job run in
    chunks of 25 by two worker processes leaves exactly what the in-process run leaves."""
    from care import services

    day = datetime.date.fromisoformat(CARE_DAY)
    second = make_branch_with_accounts(150)
    first = BranchFactory(code="care2", name="第二支部")
    team = TeamFactory(branch=first, name="二班")
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"care2-{i:04d}", password="!") for i in range(150)]
    )
    lunar_born = datetime.date(1990, 4, 10)  # lunar 三月十五: kept on 2026-05-01 too
    Employee.objects.bulk_create(
        [
            Employee(
                branch=first,
                team=team,
                staff_no=f"C{i:04d}",
                name=f"二支部{i}",
                user=user if i % 3 else None,
                birth_date=datetime.date(1980 + i % 20, 5, 1) if i % 2 else lunar_born,
                birthday_calendar="solar" if i % 2 else "lunar",
            )
            for i, user in enumerate(users)
        ]
    )
    Employee.objects.filter(branch=second).update(birth_date=datetime.date(1990, 5, 1))
    team.leaders.add(Employee.objects.filter(branch=first).order_by("pk")[1])
    first.secretaries.add(users[1])
    expected_people = len(services.birthdays_on(day))
    assert expected_people >= 225
    services.run_daily_care(day)
    in_process = care_snapshot()
    Greeting.objects.all().delete()
    care_notifications().delete()

    celery_service.start_worker("worker-a")
    celery_service.start_worker("worker-b")
    figures = celery_service.send(CARE_TASK, day=CARE_DAY, batch_size=25).get(timeout=60)
    assert figures["birthdays"] == expected_people
    wait_for(
        lambda: care_snapshot() == in_process,
        timeout=120,
        interval=0.5,
        what="the fanned-out job to reach the in-process result",
    )
    time.sleep(1)  # a late duplicate would show now
    assert care_snapshot() == in_process
    per_worker = [
        p.log().count(f"Task {CHUNK_TASK}[") for p in celery_service.processes if p.running
    ]
    with capsys.disabled():
        print(
            f"\n[fan-out] {figures['chunks']} chunks over two workers "
            f"(log lines per worker {per_worker}): {len(in_process[0])} greetings, "
            f"{len(in_process[1])} notifications, same as in-process"
        )
    assert all(n > 0 for n in per_worker), per_worker
