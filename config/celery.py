"""The Celery app and its one beat schedule (run exactly one beat process per deployment)."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("zhibu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["branch"], related_name="tasks_health")  # worker and broadcast checks


def _ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport needs its folders to exist before anyone connects."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


if str(app.conf.broker_url or "").startswith("filesystem://"):
    _ensure_filesystem_broker_folders()


app.conf.beat_schedule = {
    # 00:05 Asia/Shanghai: people whose leaving day has come lose access (idempotent).
    "branch-end-access-of-leavers": {
        "task": "branch.tasks.end_access_of_leavers",
        "schedule": crontab(hour=0, minute=5),
    },
    # 00:15 Asia/Shanghai: failed-login records (LOGIN_FAILURE_LOG_DAYS) and form tokens (30 days) go.
    "branch-prune-login-failures": {
        "task": "branch.tasks.prune_login_failures",
        "schedule": crontab(hour=0, minute=15),
    },
    # 07:00 Asia/Shanghai: birthday greetings, follow-up and overdue-question reminders.
    "care-daily": {"task": "care.tasks.run_daily_care", "schedule": crontab(hour=7, minute=0)},
    # Hourly at :45, remind listeners of unacknowledged talk requests and tell the secretary.
    "care-remind-unacknowledged-talks": {
        "task": "care.tasks.remind_unacknowledged_talks",
        "schedule": crontab(minute=45),
    },
    # 07:05, leaders hear of birthdays a few days ahead (each branch's heads-up days).
    "care-birthday-heads-up": {
        "task": "care.tasks.birthday_heads_up",
        "schedule": crontab(hour=7, minute=5),
    },
    # Hourly at :15, escalate suggestions with no first response by their deadline (once each).
    "recognition-escalate-overdue-suggestions": {
        "task": "recognition.tasks.escalate_overdue_suggestions",
        "schedule": crontab(minute=15),
    },
    # 02:30, create training sessions (drills, lessons, exams, contests) for the coming weeks.
    "training-generate-sessions": {
        "task": "training.tasks.generate_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
    # Hourly at :40, remind people who have not taken an exam closing within a day (once each).
    "training-remind-open-exams": {
        "task": "training.tasks.remind_open_exams",
        "schedule": crontab(minute=40),
    },
    # 03:00, recompute this half year's technical evaluations.
    "training-compute-evaluations": {
        "task": "training.tasks.compute_evaluations",
        "schedule": crontab(hour=3, minute=0),
    },
    # 07:30 Asia/Shanghai: meeting reminders (tomorrow's attendees, missing minutes),
    # development steps falling due, dues arrears; each message once (keyed).
    "partylife-daily": {
        "task": "partylife.tasks.run_daily_partylife",
        "schedule": crontab(hour=7, minute=30),
    },
    # 08:00 Asia/Shanghai: remind who has not studied a required material by its date (once).
    "home-study-reminders": {
        "task": "home.tasks.study_reminders_send_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # 00:10, committee posts beginning or ending today move people into or out of the
    # per-branch Wagtail groups (home.rights; changes made in the day are applied at once).
    "home-branch-rights-sync": {
        "task": "home.tasks.branch_rights_sync_task",
        "schedule": crontab(hour=0, minute=10),
    },
}
