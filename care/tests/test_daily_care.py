"""The morning job: greetings once per person and year, notifications once per recipient,
reaching people without accounts through their leaders; the command and the task."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from branch.factories import EmployeeFactory
from branch.models import BirthdayCalendar, Notification
from care import birthdays as care_birthdays
from care import services
from care.models import CareSettings, Greeting

D = datetime.date


@pytest.fixture
def birthdays(org):
    """Birthdays on 2026-11-26: the worker (account), the intern (no account) and the leader."""
    for person in (org.worker, org.intern, org.leader):
        person.birth_date = D(1990, 11, 26)
        person.save()
    org.worker_b.birth_date = D(1991, 11, 27)  # the next day
    org.worker_b.save()
    return org


def test_greets_everyone_with_a_birthday_once(birthdays):
    org = birthdays
    report = services.run_daily_care(D(2026, 11, 26))
    assert report.birthdays == 3 and report.greetings_created == 3
    greeting = Greeting.objects.get(employee=org.worker)
    assert (greeting.year, greeting.age, greeting.birthday) == (2026, 36, D(2026, 11, 26))
    assert (
        "张正式" in greeting.message and "36" in greeting.message and "修井一班" in greeting.message
    )
    assert not Greeting.objects.filter(employee=org.worker_b).exists()


def test_notifies_person_leader_and_secretary(birthdays):
    org = birthdays
    services.run_daily_care(D(2026, 11, 26))
    worker_inbox = Notification.objects.filter(recipient=org.worker_user)
    assert [n.title for n in worker_inbox] == ["生日快乐，张正式！"]
    leader_titles = set(
        Notification.objects.filter(recipient=org.leader_user).values_list("title", flat=True)
    )
    assert any("张正式" in t for t in leader_titles)
    assert any("王实习" in t for t in leader_titles)  # reached through the leader
    intern_note = Notification.objects.get(recipient=org.leader_user, about=org.intern)
    assert "没有账号" in intern_note.body
    assert Notification.objects.filter(recipient=org.secretary_user).count() == 3
    assert Notification.objects.filter(recipient=org.leader_b_user).count() == 0


def test_contract_workers_and_interns_are_greeted_alike(birthdays):
    org = birthdays
    org.contract_worker.birth_date = D(1985, 11, 26)
    org.contract_worker.save()
    services.run_daily_care(D(2026, 11, 26))
    assert Greeting.objects.filter(employee=org.contract_worker).exists()
    assert Greeting.objects.filter(employee=org.intern).exists()


def test_second_run_creates_nothing(birthdays):
    services.run_daily_care(D(2026, 11, 26))
    greetings, notes = Greeting.objects.count(), Notification.objects.count()
    report = services.run_daily_care(D(2026, 11, 26))
    assert report.greetings_created == 0 and report.notifications_sent == 0
    assert (Greeting.objects.count(), Notification.objects.count()) == (greetings, notes)


def test_rerun_after_crash_completes_missing_notifications(birthdays):
    org = birthdays
    services.run_daily_care(D(2026, 11, 26))
    # a crash after the greetings but before some notifications: simulate by deleting them
    Notification.objects.filter(recipient=org.secretary_user).delete()
    report = services.run_daily_care(D(2026, 11, 26))
    assert report.greetings_created == 0
    assert Notification.objects.filter(recipient=org.secretary_user).count() == 3


def test_left_and_unborn_people_are_skipped(birthdays):
    org = birthdays
    org.worker.left_on = D(2026, 10, 1)
    org.worker.save()
    EmployeeFactory(team=org.team_a, birth_date=D(2026, 11, 26), hired_on=None)  # born today
    report = services.run_daily_care(D(2026, 11, 26))
    assert report.birthdays == 2
    assert not Greeting.objects.filter(employee=org.worker).exists()


def test_29_february_is_greeted_on_28_february_in_common_years(org):
    org.worker.birth_date = D(1988, 2, 29)
    org.worker.save()
    assert services.run_daily_care(D(2026, 2, 28)).birthdays == 1
    assert Greeting.objects.get(employee=org.worker).birthday == D(2026, 2, 28)
    assert services.run_daily_care(D(2028, 2, 28)).birthdays == 0
    assert services.run_daily_care(D(2028, 2, 29)).birthdays == 1


def test_lunar_birthday_on_its_lunar_day(org):
    org.worker.birth_date = D(1990, 5, 17)  # 四月廿三
    org.worker.birthday_calendar = BirthdayCalendar.LUNAR
    org.worker.save()
    assert "张正式" not in services.run_daily_care(D(2026, 5, 17)).names
    assert services.run_daily_care(D(2026, 6, 8)).names == ["张正式"]
    assert Greeting.objects.get(employee=org.worker).age == 36


def test_lunar_twelfth_month_birthday_greeted_in_january_for_lunar_year(org):
    org.worker.birth_date = D(1990, 1, 17)  # 1989 腊月廿一
    org.worker.birthday_calendar = BirthdayCalendar.LUNAR
    org.worker.save()
    day = care_birthdays.lunar_birthday(org.worker.birth_date, 2026)
    assert day.year == 2027
    services.run_daily_care(day)
    greeting = Greeting.objects.get(employee=org.worker)
    assert greeting.year == 2026 and greeting.age == 37


def test_greeting_template_per_branch(birthdays):
    org = birthdays
    CareSettings.objects.create(branch=org.branch, greeting_template="{班组}祝{姓名}{年龄}岁快乐")
    services.run_daily_care(D(2026, 11, 26))
    assert Greeting.objects.get(employee=org.worker).message == "修井一班祝张正式36岁快乐"


def test_query_count_does_not_grow_with_people(org, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            EmployeeFactory(team=org.team_a, birth_date=D(1990, 11, 26))
            EmployeeFactory(team=org.team_b, birth_date=D(1990, 3, 3))
            EmployeeFactory(team=org.team_b, birth_date=D(1990, 5, 17), birthday_calendar="lunar")

    build(5)
    with django_assert_max_num_queries(30):
        services.run_daily_care(D(2026, 11, 26))
    build(15)
    with django_assert_max_num_queries(30):
        report = services.run_daily_care(D(2026, 11, 26))
    assert report.greetings_created == 15


def test_batches_split_the_work(birthdays):
    report = services.run_daily_care(D(2026, 11, 26), batch_size=1)
    assert report.greetings_created == 3


def test_command_runs_for_a_date(birthdays, capsys):
    call_command("run_daily_care", "--date", "2026-11-26")
    out = capsys.readouterr().out
    assert "生日 3 人" in out and "张正式" in out
    assert Greeting.objects.count() == 3


@pytest.mark.parametrize("bad", ["2023-02-29", "2026-13-01", "tomorrow", "26-11-2026", ""])
def test_command_refuses_bad_dates(db, bad):
    with pytest.raises(CommandError, match="日期无效"):
        call_command("run_daily_care", "--date", bad or " ")


def test_command_exit_status_is_non_zero_for_bad_date(db):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "run_daily_care", "--date", "2023-02-29"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SECRET_KEY": "x"},
    )
    assert result.returncode != 0
    assert "日期无效" in result.stderr


def test_task_path_runs_the_same_service(birthdays):
    from care.tasks import run_daily_care

    result = run_daily_care.delay("2026-11-26").get()
    assert result["greetings_created"] == 3
    assert run_daily_care.delay("2026-11-26").get()["greetings_created"] == 0
    assert Greeting.objects.count() == 3


def test_the_task_greets_in_smaller_batches_when_asked(birthdays, monkeypatch):
    from care.tasks import run_daily_care

    batches = []
    greet = services.daily._greet_batch
    monkeypatch.setattr(
        services.daily,
        "_greet_batch",
        lambda day, batch: batches.append(len(batch)) or greet(day, batch),
    )
    result = run_daily_care.delay(day="2026-11-26", batch_size=1).get()
    assert result["greetings_created"] == 3 and batches == [1, 1, 1]


def test_beat_runs_the_task_every_morning_at_seven():
    from config.celery import app

    entry = app.conf.beat_schedule["care-daily"]
    assert entry["task"] == "care.tasks.run_daily_care"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert app.conf.timezone == "Asia/Shanghai"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_on_postgresql_create_no_duplicates(birthdays):
    """Two schedulers firing at once: both run the job in parallel connections."""
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            services.run_daily_care(D(2026, 11, 26))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Greeting.objects.count() == 3
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))
    assert Notification.objects.filter(recipient=birthdays.secretary_user).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_on_postgresql(birthdays):
    """Two separate processes (as two beat schedulers would be) running the command."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "x",
           "DJANGO_SETTINGS_MODULE": "config.settings.test"}  # fmt: skip
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_daily_care", "--date", "2026-11-26"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert Greeting.objects.count() == 3
    assert Notification.objects.filter(recipient=birthdays.secretary_user).count() == 3


def test_database_refuses_a_second_greeting_for_the_same_year(birthdays):
    from django.db import IntegrityError, transaction

    services.run_daily_care(D(2026, 11, 26))
    first = Greeting.objects.get(employee=birthdays.worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Greeting.objects.create(
            employee=birthdays.worker, year=2026, birthday=D(2026, 11, 26), age=36, message="again"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=birthdays.worker_user, title="again", key=first.notification_key
        )
