"""A person who leaves loses access through one service (``employee_mark_left``), from every
path that sets a leaving date: at once for a date today or past, on the day for a future date
(the daily job), with sessions, calendar-feed and API tokens ended; the other branch's person
with the same staff number is untouched."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from branch import services, tasks
from branch.signals import person_left
from care.models import FeedToken
from care.services import feed_token_regenerate

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
User = get_user_model()


def site_login(client, staff_no, branch="", ip="10.1.0.1"):
    return client.post(
        reverse("login"),
        {"staff_no": staff_no, "password": PASSWORD, "branch": branch},
        REMOTE_ADDR=ip,
    )


def admin_login(client, username, ip="10.1.0.1"):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip
    )


def logged_in_client(user):
    c = Client()
    c.force_login(user, backend="branch.auth.StaffNumberBackend")
    assert c.get(reverse("inbox")).status_code == 200
    return c


def employee_form_data(employee, **changes):
    data = {
        "staff_no": employee.staff_no,
        "name": employee.name,
        "branch": employee.branch_id,
        "team": employee.team_id or "",
        "employment_type": employee.employment_type,
        "political_status": employee.political_status,
        "gender": "",
        "mobile": "",
        "birth_date": "",
        "birthday_calendar": "solar",
        "hired_on": "",
        "left_on": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def announced():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    person_left.connect(receiver, dispatch_uid="test_leavers.announced")
    yield calls
    person_left.disconnect(dispatch_uid="test_leavers.announced")


def test_leaving_in_the_admin_today_ends_access_everywhere(
    client, org, org2, announced, django_capture_on_commit_callbacks
):
    worker_session = logged_in_client(org.worker_user)
    twin_session = logged_in_client(org2.worker_user)  # same 工号 W001, the other branch
    feed_token_regenerate(user=org.worker_user)
    feed_token_regenerate(user=org2.worker_user)
    APIToken.create_token(user=org.worker_user, name="phone")
    APIToken.create_token(user=org2.worker_user, name="phone")

    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:edit", args=[org.worker.pk])
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, employee_form_data(org.worker, left_on=today))
    assert response.status_code == 302

    org.worker.refresh_from_db()
    assert org.worker.left_on == timezone.localdate()
    assert User.objects.get(pk=org.worker_user.pk).is_active is False
    # The session is gone from the store: the next request is anonymous.
    assert worker_session.get(reverse("inbox")).status_code == 302
    assert not FeedToken.objects.filter(user=org.worker_user).exists()
    assert not APIToken.objects.filter(user=org.worker_user, revoked_at__isnull=True).exists()
    assert [c["user_id"] for c in announced] == [org.worker_user.pk]
    # The other branch's W001 keeps everything.
    assert twin_session.get(reverse("inbox")).status_code == 200
    assert FeedToken.objects.filter(user=org2.worker_user).exists()
    assert APIToken.objects.filter(user=org2.worker_user, revoked_at__isnull=True).exists()
    assert site_login(Client(), "W001", branch="jxdd").status_code == 302
    assert site_login(Client(), "W001", branch="zydd").status_code == 200


def test_a_future_leaving_date_keeps_access_until_the_day(
    org, org2, announced, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.employee_mark_left(employee=org.worker, left_on=last_day)
    assert User.objects.get(pk=org.worker_user.pk).is_active is True
    assert announced == []
    assert site_login(Client(), "W001", branch="zydd").status_code == 302
    # The person still counts as a member until the day.
    assert org.worker in type(org.worker).objects.active()

    # The daily job on the day before does nothing; on the day it ends access, once.
    assert services.employees_end_access_due(today=last_day - datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.employees_end_access_due(today=last_day) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.employees_end_access_due(today=last_day) == 0
    assert User.objects.get(pk=org.worker_user.pk).is_active is False
    assert [c["user_id"] for c in announced] == [org.worker_user.pk]
    assert User.objects.get(pk=org2.worker_user.pk).is_active is True


def test_the_daily_task_runs_the_service(org, org2, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    services.employee_mark_left(
        employee=org2.worker, left_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    org2.worker.refresh_from_db()
    # Pretend the day has come by moving the date back (the service refuses nothing here).
    leaver_session = logged_in_client(org2.worker_user)
    stayer_session = logged_in_client(org.worker_user)
    type(org2.worker).objects.filter(pk=org2.worker.pk).update(left_on=timezone.localdate())
    assert tasks.end_access_of_leavers() == 1
    assert tasks.end_access_of_leavers() == 0
    assert User.objects.get(pk=org2.worker_user.pk).is_active is False
    assert User.objects.get(pk=org.worker_user.pk).is_active is True
    from django.contrib.sessions.models import Session

    keys = set(Session.objects.values_list("session_key", flat=True))
    assert leaver_session.session.session_key not in keys
    assert stayer_session.session.session_key in keys
    assert stayer_session.get(reverse("inbox")).status_code == 200


def test_the_daily_job_is_in_the_beat_schedule():
    from config.celery import app

    tasks_scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "branch.tasks.end_access_of_leavers" in tasks_scheduled


def test_every_login_form_refuses_a_leaver_whose_day_has_come(org, org2):
    """Even before the daily job has run (the account is still active), the leaving day refuses
    the 工号 form, the admin's username form and an existing session alike."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    services.employee_mark_left(employee=org.secretary, left_on=day)
    session = logged_in_client(org.secretary_user)
    assert admin_login(Client(), org.secretary_user.username).status_code == 302
    moment = datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        assert User.objects.get(pk=org.secretary_user.pk).is_active is True
        response = admin_login(Client(), org.secretary_user.username)
        assert response.status_code == 200
        assert response.wsgi_request.user.is_anonymous
        assert site_login(Client(), "S001", branch="zydd").status_code == 200
        assert session.get(reverse("inbox")).status_code == 302
        # The other branch's S001 still gets in through both forms.
        assert admin_login(Client(), org2.secretary_user.username).status_code == 302
        assert site_login(Client(), "S001", branch="jxdd").status_code == 302


def test_leaving_before_the_hire_date_is_a_form_error(client, org):
    client.force_login(org.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:edit", args=[org.worker.pk])
    response = client.post(
        url, employee_form_data(org.worker, hired_on="2020-05-01", left_on="2020-04-30")
    )
    assert response.status_code == 200
    assert "离职日期不能早于入职日期" in response.content.decode()
    org.worker.refresh_from_db()
    assert org.worker.left_on is None
    assert User.objects.get(pk=org.worker_user.pk).is_active is True


def test_another_branchs_secretary_cannot_mark_our_person_left(client, org, org2):
    client.force_login(org2.secretary_user)
    url = reverse("wagtailsnippets_branch_employee:edit", args=[org.worker.pk])
    today = timezone.localdate().isoformat()
    assert client.post(url, employee_form_data(org.worker, left_on=today)).status_code == 404
    org.worker.refresh_from_db()
    assert org.worker.left_on is None
    assert User.objects.get(pk=org.worker_user.pk).is_active is True


def test_the_roster_import_ends_access_through_the_service(
    org, org2, announced, django_capture_on_commit_callbacks
):
    from branch.roster import import_roster
    from branch.tests.roster_files import HEADER, csv_bytes, row

    feed_token_regenerate(user=org.worker_user)
    session = logged_in_client(org.worker_user)
    today = timezone.localdate().isoformat()
    data = csv_bytes(
        [[*row(staff_no="W001", name="张正式", hired="2012-07-01"), today]],
        header=[*HEADER, "离职日期"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_roster(branch=org.branch, file=data, filename="r.csv")
    assert User.objects.get(pk=org.worker_user.pk).is_active is False
    assert session.get(reverse("inbox")).status_code == 302
    assert not FeedToken.objects.filter(user=org.worker_user).exists()
    assert [c["user_id"] for c in announced] == [org.worker_user.pk]
    assert User.objects.get(pk=org2.worker_user.pk).is_active is True


def test_tokens_stop_working_on_the_leaving_day_before_the_job_runs(org, org2):
    from rest_framework.test import APIClient

    from care.services import feed_token_regenerate

    day = timezone.localdate() + datetime.timedelta(days=1)
    services.employee_mark_left(employee=org.worker, left_on=day)
    _token, key = APIToken.create_token(user=org.worker_user, name="phone")
    _twin, twin_key = APIToken.create_token(user=org2.worker_user, name="phone")
    feed = feed_token_regenerate(user=org.worker_user).token
    twin_feed = feed_token_regenerate(user=org2.worker_user).token
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    twin_api = APIClient()
    twin_api.credentials(HTTP_AUTHORIZATION=f"Bearer {twin_key}")
    assert api.get("/api/v1/me/").status_code == 200
    assert Client().get(f"/care/feed/{feed}.ics").status_code == 200
    moment = datetime.datetime.combine(
        day, datetime.time(0, 1), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        assert api.get("/api/v1/me/").status_code == 401
        assert Client().get(f"/care/feed/{feed}.ics").status_code == 404
        assert twin_api.get("/api/v1/me/").status_code == 200
        assert Client().get(f"/care/feed/{twin_feed}.ics").status_code == 200


def test_sessions_in_the_cache_end_too(org, org2, settings):
    """Production keeps sessions in the cache, written through to the database (cached_db):
    ending a leaver's access removes the cached copy as well as the row."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    leaver = logged_in_client(org.worker_user)
    stayer = logged_in_client(org2.worker_user)
    assert cache.get(KEY_PREFIX + leaver.session.session_key) is not None
    assert services.employee_end_access(employee=org.worker) is True
    assert cache.get(KEY_PREFIX + leaver.session.session_key) is None
    assert cache.get(KEY_PREFIX + stayer.session.session_key) is not None
    assert stayer.get(reverse("inbox")).status_code == 200
