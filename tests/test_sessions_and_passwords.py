"""Sessions expire and passwords are validated."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from branch import services

pytestmark = pytest.mark.django_db


def test_an_expired_session_is_logged_out(client, org):
    start = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"staff_no": "W001", "password": "pass-1234-word"})
        assert client.get(reverse("inbox")).status_code == 200
    later = start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("inbox")).status_code == 200
    expired = start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(expired, tick=False):
        response = client.get(reverse("inbox"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_sessions_last_at_most_a_working_day():
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60 * 12


@pytest.mark.parametrize("weak", ["12345678", "password", "abc", "w001@zydd1"])
def test_weak_passwords_are_refused(org, weak):
    with pytest.raises(ValidationError):
        services.employee_account_set(employee=org.worker, password=weak)
    org.worker.user.refresh_from_db()
    assert org.worker.user.check_password("pass-1234-word")


@pytest.mark.parametrize("url_name", ["wagtailadmin_logout", "logout"])
@pytest.mark.parametrize("method", ["get", "head", "put"])
def test_logout_other_than_by_post_changes_nothing(client, org, org2, url_name, method):
    """A link or an image pointing at a logout address must not log anybody out: no cookie is
    cleared, the session keeps working, on the admin's and the site's logout alike."""
    client.force_login(org.secretary_user)
    other = type(client)()
    other.force_login(org2.secretary_user)
    response = getattr(client, method)(reverse(url_name))
    assert response.status_code == 405
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("inbox")).status_code == 200
    assert other.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.parametrize("url_name", ["wagtailadmin_logout", "logout"])
def test_logout_by_post_ends_the_session(client, org, org2, url_name):
    client.force_login(org.secretary_user)
    other = type(client)()
    other.force_login(org2.secretary_user)
    response = client.post(reverse(url_name))
    assert response.status_code == 302
    assert client.get(reverse("inbox")).status_code == 302
    assert other.get(reverse("inbox")).status_code == 200
