"""我的 shows the worker's own stars, suggestions and pledges, and nobody else's."""

import datetime

import pytest
from django.urls import reverse

from recognition.factories import SuggestionFactory
from recognition.models import Commitment

pytestmark = pytest.mark.django_db


def pledge(employee, role, **kwargs):
    return Commitment.objects.create(
        employee=employee,
        role=role,
        promise="井控设备我负责",
        start_on=kwargs.pop("start_on", datetime.date(2026, 1, 1)),
        **kwargs,
    )


def test_me_shows_own_suggestions_and_pledges(client, org):
    SuggestionFactory(employee=org.worker, title="改进抽油杆扶正器")
    SuggestionFactory(employee=org.worker_b, title="别人的建议")
    pledge(org.worker, "我是当班安全员")
    pledge(org.worker, "过期的承诺", end_on=datetime.date(2026, 2, 1))
    pledge(org.worker_b, "别人的承诺")
    client.force_login(org.worker_user)
    body = client.get(reverse("home:me")).content.decode()
    assert "改进抽油杆扶正器" in body and "我是当班安全员" in body
    assert "别人的建议" not in body and "别人的承诺" not in body
    assert "过期的承诺" not in body
    assert "我的星级" in body and "暂无已批准的评定。" in body  # no approved rating yet


def test_me_panel_queries_do_not_grow(client, org, django_assert_max_num_queries):
    client.force_login(org.worker_user)
    url = reverse("home:me")
    SuggestionFactory(employee=org.worker)
    pledge(org.worker, "甲")
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    SuggestionFactory.create_batch(8, employee=org.worker)
    for n in range(8):
        pledge(org.worker, f"角色{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
