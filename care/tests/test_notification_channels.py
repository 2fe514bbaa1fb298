"""The care calendar's messages go through the branch's notification channels: e-mail,
the group-chat robot (once per greeting) and the failure list on the settings page."""

import pytest
from django.core import mail
from django.test import override_settings

from branch import services
from branch.models import Delivery
from branch.tests.test_channels import RobotServer, allow_local_robot, send  # noqa: F401


@pytest.fixture(autouse=True)
def eager_retries():
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.fixture
def robot_settings(org):
    def configure(url):
        return services.channel_settings_save(
            branch=org.branch, email_enabled=True, webhook_url=url, webhook_enabled=True
        )

    return configure


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0)
def test_birthday_job_emails_people_and_posts_once_per_greeting_to_the_group(org, robot_settings):
    """The bulk path of the daily job uses the same channels and records."""
    import datetime

    from care.services import run_daily_care

    org.worker.birth_date = datetime.date(1990, 11, 26)
    org.worker.save()
    org.worker_user.email = "zhang@example.com"
    org.worker_user.save()
    org.secretary_user.email = "shuji@example.com"
    org.secretary_user.save()
    with RobotServer() as robot:
        robot_settings(robot.url)
        run_daily_care(datetime.date(2026, 11, 26))
        run_daily_care(datetime.date(2026, 11, 26))
    assert sorted(m.to[0] for m in mail.outbox) == ["shuji@example.com", "zhang@example.com"]
    assert len(robot.received) == 1
    assert "张正式" in robot.received[0]["text"]["content"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFICATION_RETRY_BASE_SECONDS=0, NOTIFICATION_MAX_ATTEMPTS=2)
def test_secretary_sees_failed_deliveries(client, org, robot_settings):
    robot_settings("https://localhost:9/nothing")
    send(org)
    client.force_login(org.secretary_user)
    body = client.get("/care/settings/").content.decode()
    assert 'data-testid="delivery"' in body and "失败" in body and "生日快乐" in body
