"""``celery -A tests.beat_schedule beat``: the project's Celery app with a one-entry schedule
taken from the environment, so a test can run two beat processes that fire the same job."""

import json
import os

from config.celery import app

app.conf.beat_schedule = {
    "job-under-test": {
        "task": os.environ["ZHIBU_TEST_BEAT_TASK"],
        "schedule": float(os.environ.get("ZHIBU_TEST_BEAT_EVERY", "1")),
        "kwargs": json.loads(os.environ.get("ZHIBU_TEST_BEAT_KWARGS", "{}")),
        "options": {"queue": os.environ["ZHIBU_TEST_QUEUE"]},
    }
}
