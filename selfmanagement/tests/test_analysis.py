"""Team analysis (班组分析会): attendees, what went well, problems, measures with owner and due
date; open measures followed up at the next meeting; due measures as to-dos."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from home.registries import collect_todos
from selfmanagement import services
from selfmanagement.models import AnalysisMeasure, MeasureStatus

D = datetime.date


def meeting(org, held_on, measures=(), follow_ups=None, by=None):
    return services.analysis_record(
        team=org.team_a, by=by or org.leader_user, held_on=held_on,
        attendees=[org.leader, org.worker, org.intern], went_well="安全无事故",
        problems="油管丈量有误差", measures=list(measures), follow_ups=follow_ups,
    )  # fmt: skip


def test_measures_are_followed_up_at_the_next_meeting(client, org):
    first = meeting(org, D(2026, 11, 1), [{"text": "复核丈量尺", "owner": org.worker,
                                          "due_on": D(2026, 11, 8)}])  # fmt: skip
    measure = first.measures.get()
    todos = {t.key: t for t in collect_todos(org.leader_user, D(2026, 11, 10))}
    assert todos["selfmanagement.measures_due"].count == 1
    client.force_login(org.leader_user)
    form = client.get(reverse("selfmanagement:analysis_new", args=[org.team_a.pk]))
    assert "复核丈量尺" in form.content.decode()
    response = client.post(
        reverse("selfmanagement:analysis_new", args=[org.team_a.pk]),
        {"held_on": "2026-11-15", "attendees": [org.leader.pk, org.worker.pk],
         f"done_{measure.pk}": "on", f"note_{measure.pk}": "已更换新尺"},
    )  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE and measure.follow_up == "已更换新尺"
    assert measure.followed_up_at.held_on == D(2026, 11, 15)
    assert "selfmanagement.measures_due" not in {
        t.key for t in collect_todos(org.leader_user, D(2026, 11, 16))
    }


def test_bad_input_and_scope(client, org, org2):
    with pytest.raises(PermissionDenied):
        meeting(org, D(2026, 11, 1), by=org.leader_b_user)
    with pytest.raises(ValidationError):
        meeting(
            org, D(2026, 11, 1), [{"text": "x", "owner": org2.worker, "due_on": D(2026, 11, 2)}]
        )
    meeting(org, D(2026, 11, 1))
    with pytest.raises(ValidationError):
        meeting(org, D(2026, 11, 1))  # once per team and day
    client.force_login(org.leader_user)
    url = reverse("selfmanagement:analysis_new", args=[org.team_a.pk])
    response = client.post(url, {"held_on": "2026-11-20", "attendees": [org.worker.pk],
                                 "measure_0": "无负责人"})  # fmt: skip
    assert response.status_code == 200 and not AnalysisMeasure.objects.exists()
    for user in (org.leader_b_user, org2.secretary_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert (
            "油管丈量" not in client.get(reverse("selfmanagement:analysis_list")).content.decode()
        )
    client.force_login(org.worker_user)
    assert client.get(reverse("selfmanagement:analysis_list")).status_code == 403
