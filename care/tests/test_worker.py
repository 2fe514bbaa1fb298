"""The daily job through a real Celery worker process (kombu filesystem broker, PostgreSQL):
two deliveries of the task, as two beat schedulers would send, make one set of greetings."""

import datetime
import os
import subprocess
import sys
import time

import pytest
from celery import Celery
from django.conf import settings

from branch.models import Notification
from care.models import Greeting

pytestmark = [pytest.mark.postgres, pytest.mark.celery_worker, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_daily_job_twice_without_duplicates(org, tmp_path):
    for person in (org.worker, org.intern):
        person.birth_date = datetime.date(1990, 11, 26)
        person.save()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CELERY_FILESYSTEM_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "filesystem://",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    for folder in ("out", "processed"):
        (tmp_path / folder).mkdir()
    options = {
        "data_folder_in": str(tmp_path / "out"),
        "data_folder_out": str(tmp_path / "out"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
    }
    sender = Celery("sender", broker="filesystem://", broker_transport_options=options)
    for _ in range(2):
        sender.send_task("care.tasks.run_daily_care", args=["2026-11-26"])
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=2",
         "--pool=prefork", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=tmp_path,  # kombu's filesystem transport keeps its control folder in the cwd
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            # two deliveries of the job, each fanning out one chunk task
            if log.read_text().count("succeeded") >= 4 and Greeting.objects.count() >= 2:
                break
            time.sleep(0.5)
        else:  # pragma: no cover - shown on failure
            pytest.fail("worker did not finish:\n" + log.read_text()[-3000:])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert Greeting.objects.count() == 2
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))
    assert Notification.objects.filter(recipient=org.secretary_user).count() == 2
