"""Birthday lists for leaders and secretaries, and the greeting card."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from branch.factories import EmployeeFactory
from care import birthdays, services
from care.models import CareSettings, Greeting, validate_greeting_template

D = datetime.date


@pytest.fixture
def dated(org):
    org.worker.birth_date = D(1990, 11, 28)
    org.worker.save()
    org.intern.birth_date = D(2005, 12, 2)  # within 7 days, next month
    org.intern.save()
    org.contract_worker.birth_date = D(1986, 11, 5)  # earlier this month
    org.contract_worker.save()
    org.worker_b.birth_date = D(1991, 11, 27)
    org.worker_b.save()
    return org


@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_leader_sees_own_team_this_month_and_next_week(client, dated):
    client.force_login(dated.leader_user)
    response = client.get(reverse("care:birthday_list"))
    assert response.status_code == 200
    this_month = [r.employee.name for r in response.context["this_month"]]
    next_week = [(r.employee.name, r.age) for r in response.context["next_week"]]
    assert this_month == ["李合同", "张正式"]
    assert next_week == [("张正式", 36), ("王实习", 21)]
    # next month's too, so greetings can be prepared ahead
    assert [r.employee.name for r in response.context["next_month"]] == ["王实习"]
    assert "赵二班" not in response.content.decode()  # other team
    assert "短期实习生" in response.content.decode()


@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_secretary_sees_whole_branch_and_lunar_is_marked(client, dated):
    dated.worker_b.birthday_calendar = "lunar"
    dated.worker_b.birth_date = D(1990, 5, 17)  # 四月廿三
    dated.worker_b.save()
    client.force_login(dated.secretary_user)
    response = client.get(reverse("care:birthday_list"))
    names = [r.employee.name for r in response.context["this_month"]]
    assert "张正式" in names
    lunar_rows = [r for r in response.context["this_month"] if r.lunar]
    assert lunar_rows == []  # 四月廿三 is in June
    dated.worker_b.birth_date = birthdays.lunar_birthday(D(1990, 11, 20), 1990)
    dated.worker_b.save()


@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_lunar_birthday_in_list_is_marked(client, org):
    org.worker.birthday_calendar = "lunar"
    # 1990 lunar date that falls on 2026-11-29 this year
    lunar = birthdays.to_lunar(D(2026, 11, 29))
    org.worker.birth_date = next(
        D(1990, 1, 1) + datetime.timedelta(days=n)
        for n in range(400)
        if birthdays.birthday_key(D(1990, 1, 1) + datetime.timedelta(days=n), "lunar")
        == (lunar.month, lunar.day, False)
    )
    org.worker.save()
    client.force_login(org.leader_user)
    response = client.get(reverse("care:birthday_list"))
    row = next(r for r in response.context["next_week"] if r.employee == org.worker)
    assert row.lunar and row.date == D(2026, 11, 29)
    assert "农历" in response.content.decode()


def test_worker_cannot_open_birthday_list(client, org):
    client.force_login(org.worker_user)
    assert client.get(reverse("care:birthday_list")).status_code == 403


@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_birthday_list_query_count_is_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.secretary_user)

    def add(n):
        for i in range(n):
            EmployeeFactory(team=org.team_a, birth_date=D(1990, 11, 1 + i % 28))

    add(5)
    with django_assert_max_num_queries(18):
        client.get(reverse("care:birthday_list"))
    add(15)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("care:birthday_list"))
    assert len(response.context["this_month"]) >= 20


def test_greeting_card_visible_to_person_leader_secretary_only(client, org):
    org.worker.birth_date = D(1990, 11, 26)
    org.worker.save()
    services.run_daily_care(D(2026, 11, 26))
    greeting = Greeting.objects.get(employee=org.worker)
    url = reverse("care:greeting_card", args=[greeting.pk])
    for user in (org.worker_user, org.leader_user, org.secretary_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "生日快乐" in response.content.decode()
        assert (
            "data-print" in response.content.decode() or "js/print.js" in response.content.decode()
        )
    for user in (org.leader_b_user, org.worker_b_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_greeting_list_query_count_is_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.secretary_user)

    def add(n, day):
        for _ in range(n):
            EmployeeFactory(team=org.team_a, birth_date=D(1990, 3, day))
        services.run_daily_care(D(2026, 3, day))

    add(3, 1)
    with django_assert_max_num_queries(16):
        client.get(reverse("care:greeting_list"))
    add(9, 2)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("care:greeting_list"))
    assert response.content.decode().count('data-testid="greeting"') == 12


@pytest.mark.parametrize(
    "template", ["祝{名字}快乐", "祝{姓名快乐", "祝{姓名}}快乐", "{年龄}{age}"]
)
def test_greeting_template_rejects_unknown_or_broken_placeholders(template):
    with pytest.raises(ValidationError):
        validate_greeting_template(template)


def test_greeting_template_accepts_all_placeholders():
    validate_greeting_template("{姓名}{年龄}{班组}")


def test_settings_page_saves_template_and_webhook(client, org):
    client.force_login(org.secretary_user)
    url = reverse("care:settings")
    response = client.post(
        url,
        {
            "care-greeting_template": "祝{姓名}生日快乐",
            "care-answer_days": "5",
            "care-talk_ack_hours": "48",
            "care-heads_up_days": "3",
            "ch-email_enabled": "on",
            "ch-webhook_enabled": "on",
            "ch-webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        },
    )
    assert response.status_code == 302
    settings = CareSettings.objects.get(branch=org.branch)
    assert (settings.greeting_template, settings.answer_days) == ("祝{姓名}生日快乐", 5)
    assert org.branch.channel_settings.webhook_url.endswith("key=abc")
    response = client.post(url, {"care-greeting_template": "祝{名字}", "care-answer_days": "0"})
    assert response.status_code == 200
    assert "未知的占位符" in response.content.decode()


def test_settings_page_is_for_secretaries_only(client, org):
    client.force_login(org.leader_user)
    assert client.get(reverse("care:settings")).status_code == 403


def test_care_home_for_each_role(client, org):
    for user, sees_birthdays in ((org.secretary_user, True), (org.leader_user, True),
                                 (org.worker_user, False)):  # fmt: skip
        client.force_login(user)
        response = client.get(reverse("care:index"))
        assert response.status_code == 200
        assert ("近 7 天生日" in response.content.decode()) == sees_birthdays
    # the worker is no handler: no link to the confidential cases
    assert reverse("care:case_list") not in response.content.decode()
