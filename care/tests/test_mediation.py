"""Family mediation: confidential like hardship cases (404 for anyone else, every read logged),
linked to a hardship case, follow-ups due as to-dos and reminders; the other branch sees nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branch.models import Notification
from care import services
from care.factories import CaseFactory
from care.models import ConfidentialAccessLog, Mediation
from home.registries import collect_todos

D = datetime.date


def record(org, **kw):
    defaults = {
        "branch": org.branch,
        "employee": org.worker,
        "parties": "张正式与妻子",
        "situation": "因照顾老人产生矛盾",
        "agreed": "双方同意轮流照顾",
        "follow_up_on": D(2026, 12, 10),
        "created_by": org.secretary_user,
    }
    defaults.update(kw)
    return services.mediation_create(**defaults)


def test_confidential_like_a_hardship_case(client, org, org2):
    case = CaseFactory(employee=org.worker, created_by=org.secretary_user, category="family")
    mediation = record(org, case=case, handlers=[org.leader_user])
    url = reverse("care:mediation_detail", args=[mediation.pk])
    for user in (org.secretary_user, org.leader_user):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "双方同意轮流照顾" in body
    assert ConfidentialAccessLog.objects.filter(mediation=mediation).count() == 2
    for user in (org.worker_user, org.leader_b_user, org2.secretary_user, org2.worker_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert "张正式与妻子" not in client.get(reverse("care:mediation_list")).content.decode()
    # the handler is not a handler of the case: the link is not offered
    client.force_login(org.leader_user)
    assert reverse("care:case_detail", args=[case.pk]) not in client.get(url).content.decode()


def test_only_the_secretary_records_and_handlers_follow_up(client, org, org2):
    with pytest.raises(PermissionDenied):
        record(org, created_by=org.leader_user)
    with pytest.raises(ValidationError):
        record(org, employee=org2.worker)
    other_case = CaseFactory(employee=org2.worker, created_by=org2.secretary_user)
    with pytest.raises(ValidationError):
        record(org, case=other_case)
    mediation = record(org, handlers=[org.leader_user])
    client.force_login(org.leader_user)
    url = reverse("care:mediation_detail", args=[mediation.pk])
    client.post(url, {"agreed": "已和好", "follow_up_on": "", "status": "closed"})
    mediation.refresh_from_db()
    assert mediation.agreed == "已和好" and mediation.status == "closed"
    response = client.post(url, {"agreed": "x", "status": "nonsense"}, follow=True)
    assert "有效的选项" in response.content.decode()
    client.force_login(org.worker_user)
    assert client.post(url, {"agreed": "改掉", "status": "open"}).status_code == 404
    assert Mediation.objects.get().agreed == "已和好"


def test_follow_ups_due_are_todos_and_reminders_once(org):
    record(org, follow_up_on=D(2026, 12, 3))
    todos = {t.key: t for t in collect_todos(org.secretary_user, D(2026, 12, 1))}
    assert todos["care.mediation_follow_ups"].count == 1
    assert not {t.key for t in collect_todos(org.leader_user, D(2026, 12, 1))} & {
        "care.mediation_follow_ups"
    }
    assert services.remind_mediation_follow_ups(D(2026, 12, 3)) == 1
    assert services.remind_mediation_follow_ups(D(2026, 12, 3)) == 0
    note = Notification.objects.get(recipient=org.secretary_user)
    assert "照顾" not in note.title + note.body  # no confidential detail in messages
