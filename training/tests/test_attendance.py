"""一日一练 / 一月一课 attendance: one tap, everyone present, self-recording, lessons counted as
study, the branch and team boundaries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from home.factories import study_index, study_material
from home.models import StudyRecord
from training import services
from training.factories import SessionFactory
from training.models import Attendance, SessionKind


@pytest.fixture
def drill(org, plan):
    return SessionFactory(plan=plan, team=org.team_a, kind=SessionKind.DRILL)


def present_names(session):
    return set(
        Attendance.objects.filter(session=session, status="present").values_list(
            "employee__name", flat=True
        )
    )


def test_leader_taps_one_then_everyone_present(org, drill):
    services.attendance_record(
        session=drill, employee=org.intern, status="present", user=org.leader_user
    )
    assert present_names(drill) == {"王实习"}
    services.attendance_record(
        session=drill,
        employee=org.contract_worker,
        status="absent",
        reason="病假",
        user=org.leader_user,
    )
    added = services.attendance_everyone_present(session=drill, user=org.leader_user)
    # team A: secretary, leader, worker (+ intern already, contract worker stays absent)
    assert added == 3
    assert present_names(drill) == {"书记", "班长甲", "张正式", "王实习"}
    assert Attendance.objects.get(session=drill, employee=org.contract_worker).reason == "病假"
    assert services.attendance_everyone_present(session=drill, user=org.leader_user) == 0


def test_worker_records_only_their_own_drill(org, drill):
    services.attendance_record(
        session=drill, employee=org.worker, status="present", user=org.worker_user
    )
    assert present_names(drill) == {"张正式"}
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            session=drill, employee=org.intern, status="present", user=org.worker_user
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            session=drill, employee=org.worker, status="absent", reason="x", user=org.worker_user
        )


def test_refusals(org, org2, drill, plan):
    with pytest.raises(PermissionDenied):  # the other team's leader
        services.attendance_record(
            session=drill, employee=org.worker, status="present", user=org.leader_b_user
        )
    with pytest.raises(ValidationError):  # not in the session's team
        services.attendance_record(
            session=drill, employee=org.worker_b, status="present", user=org.secretary_user
        )
    with pytest.raises(ValidationError):  # another branch's person
        services.attendance_record(
            session=drill, employee=org2.worker, status="present", user=org.secretary_user
        )
    with pytest.raises(PermissionDenied):  # another branch's secretary
        services.attendance_record(
            session=drill, employee=org.worker, status="present", user=org2.secretary_user
        )
    with pytest.raises(ValidationError):  # absent needs a reason
        services.attendance_record(
            session=drill, employee=org.worker, status="absent", user=org.leader_user
        )
    future = SessionFactory(
        plan=plan, team=org.team_a, on=timezone.localdate() + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.attendance_everyone_present(session=future, user=org.leader_user)


def test_lesson_counts_material_as_studied(org, plan):
    index = study_index(org.branch, slug="training-study")
    page = study_material(index, title="井控细则", slug="jk-rules", teams=[org.team_a])
    lesson = SessionFactory(plan=plan, kind=SessionKind.LESSON, material=page)
    services.attendance_record(
        session=lesson, employee=org.worker_b, status="present", user=org.leader_b_user
    )
    services.attendance_record(
        session=lesson, employee=org.intern, status="absent", reason="轮休", user=org.leader_user
    )
    services.attendance_everyone_present(session=lesson, user=org.leader_user)
    studied = set(StudyRecord.objects.filter(page=page).values_list("employee__name", flat=True))
    assert studied == {"赵二班", "书记", "班长甲", "张正式", "李合同"}  # not the absent intern


def test_attendance_page(client, org, org2, drill, django_assert_max_num_queries):
    url = reverse("training:session_detail", args=[drill.pk])
    client.force_login(org.leader_user)
    response = client.post(url, {"action": "present", "employee": org.intern.pk})
    assert response.status_code == 302
    client.post(url, {"action": "all"})
    assert len(present_names(drill)) == 5
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.content.decode().count('data-testid="attendance-row"') == 5
    # bad input: an id that is not theirs, a huge id, a non-digit
    for bad in (org.worker_b.pk, "99999999999999999999", "²"):
        assert client.post(url, {"action": "present", "employee": bad}).status_code == 403
    client.force_login(org.worker_user)
    assert client.post(url, {"action": "self"}).status_code == 302
    assert 'data-testid="self-done"' in client.get(url).content.decode()
    client.force_login(org2.secretary_user)
    assert client.get(url).status_code == 404


def test_attendance_page_queries_constant(client, org, drill, django_assert_max_num_queries):
    from branch.factories import EmployeeFactory

    url = reverse("training:session_detail", args=[drill.pk])
    client.force_login(org.leader_user)
    client.get(url)
    for i in range(12):
        EmployeeFactory(team=org.team_a, staff_no=f"X{i}")
    client.post(url, {"action": "all"})
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.content.decode().count('data-testid="attendance-row"') == 17
