import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recognition import selectors, services
from recognition.models import Commitment, CommitmentCheckIn, Incident, RecognitionSettings, Vision

TODAY = datetime.date(2026, 11, 25)


def test_vision_scope_and_team_are_tied_by_the_database(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vision.objects.create(
            branch=org.branch, scope="branch", team=org.team_a, year=2026, text="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vision.objects.create(branch=org.branch, scope="team", team=None, year=2026, text="x")
    Vision.objects.create(branch=org.branch, scope="team", team=org.team_a, year=2026, text="一")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vision.objects.create(
            branch=org.branch, scope="team", team=org.team_a, year=2026, text="二"
        )


def test_leader_keeps_own_team_vision_only(client, org):
    services.vision_save(
        branch=org.branch, team=org.team_a, year=2026, text="零违章班组", by=org.leader_user
    )
    services.vision_save(
        branch=org.branch, team=org.team_a, year=2026, text="零违章标杆班组", by=org.leader_user
    )
    assert Vision.objects.get(team=org.team_a).text == "零违章标杆班组"
    with pytest.raises(PermissionDenied):
        services.vision_save(
            branch=org.branch, team=org.team_b, year=2026, text="x", by=org.leader_user
        )
    with pytest.raises(PermissionDenied):
        services.vision_save(branch=org.branch, year=2026, text="x", by=org.leader_user)
    client.force_login(org.leader_user)
    assert (
        client.get(reverse("recognition:vision_edit_team", args=[org.team_b.pk])).status_code == 403
    )
    assert client.get(reverse("recognition:vision_edit_branch")).status_code == 403
    response = client.post(
        reverse("recognition:vision_edit_team", args=[org.team_a.pk]), {"text": ""}
    )
    assert response.status_code == 200


def test_secretary_writes_branch_vision_with_big_goals(client, org):
    client.force_login(org.secretary_user)
    assert (
        "零事故、零伤害、零污染"
        in client.get(reverse("recognition:vision_edit_branch")).content.decode()
    )
    client.post(
        reverse("recognition:vision_edit_branch"),
        {"text": "建设安全团结的大队", "goals": "零事故、零伤害、零污染"},
    )
    vision = Vision.objects.get(scope="branch")
    assert vision.goals == "零事故、零伤害、零污染"
    body = client.get(reverse("recognition:vision_board")).content.decode()
    assert "建设安全团结的大队" in body


@time_machine.travel(datetime.datetime(2026, 11, 25, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_commitments_and_check_ins_by_the_leader(client, org):
    commitment = services.commitment_create(
        employee=org.intern,
        role="当班安全员",
        promise="井控设备我负责",
        start_on=TODAY - datetime.timedelta(days=10),
        by=org.leader_user,
    )
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            employee=org.worker_b, role="安全员", promise="x", start_on=TODAY, by=org.leader_user
        )
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            employee=org.worker, role="安全员", promise="x", start_on=TODAY, by=org.worker_user
        )
    with pytest.raises(ValidationError):
        services.commitment_create(
            employee=org.worker,
            role="安全员",
            promise="x",
            start_on=TODAY,
            end_on=TODAY - datetime.timedelta(days=1),
            by=org.leader_user,
        )
    client.force_login(org.leader_user)
    url = reverse("recognition:commitment_check_in", args=[commitment.pk])
    client.post(url, {"date": "2026-11-24", "kept": "1", "note": ""})
    client.post(
        url, {"date": "2026-11-24", "kept": "0", "note": "未检查防喷器"}
    )  # correction, same day
    checkin = CommitmentCheckIn.objects.get()
    assert checkin.kept is False and checkin.note == "未检查防喷器"
    client.post(url, {"date": "2026-11-26", "kept": "1"})  # the future
    client.post(url, {"date": "2026-11-01", "kept": "1"})  # before the commitment
    assert CommitmentCheckIn.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentCheckIn.objects.create(commitment=commitment, date=checkin.date, kept=True)
    client.force_login(org.leader_b_user)
    assert client.post(url, {"date": "2026-11-23", "kept": "1"}).status_code == 404


def test_worker_sees_own_commitments_only(client, org):
    services.commitment_create(
        employee=org.worker,
        role="设备维护员",
        promise="液压钳保养我负责",
        start_on=TODAY,
        by=org.leader_user,
    )
    services.commitment_create(
        employee=org.intern,
        role="场地管理员",
        promise="井场5S我负责",
        start_on=TODAY,
        by=org.leader_user,
    )
    client.force_login(org.worker_user)
    body = client.get(reverse("recognition:vision_board")).content.decode()
    assert "液压钳保养我负责" in body and "井场5S我负责" not in body
    assert "践诺检查" not in body
    client.force_login(org.leader_user)
    body = client.get(reverse("recognition:vision_board")).content.decode()
    assert "液压钳保养我负责" in body and "井场5S我负责" in body
    assert list(selectors.commitments_visible_to(org.leader_b_user)) == []


def test_safe_days_per_team_and_branch(org):
    today = datetime.date(2026, 11, 25)
    branch_row, teams = selectors.safe_days(org.branch, today)
    assert branch_row.days is None  # no incident, no start date
    RecognitionSettings.objects.create(
        branch=org.branch, safety_start_date=datetime.date(2026, 1, 1)
    )
    Incident.objects.create(
        branch=org.branch,
        team=org.team_b,
        kind="injury",
        occurred_on=datetime.date(2026, 6, 1),
        description="挤伤",
    )
    branch_row, teams = selectors.safe_days(org.branch, today)
    days = {row.label: row.days for row in teams}
    assert branch_row.days == (today - datetime.date(2026, 6, 1)).days
    assert days["修井一班"] == (today - datetime.date(2026, 1, 1)).days
    assert days["修井二班"] == (today - datetime.date(2026, 6, 1)).days
    # an incident of the whole branch resets every team
    Incident.objects.create(
        branch=org.branch,
        team=None,
        kind="pollution",
        occurred_on=datetime.date(2026, 11, 20),
        description="渗漏",
    )
    branch_row, teams = selectors.safe_days(org.branch, today)
    assert branch_row.days == 5 and {row.days for row in teams} == {5}


def test_only_the_secretary_records_incidents(client, org):
    with pytest.raises(PermissionDenied):
        services.incident_record(
            branch=org.branch,
            kind="accident",
            occurred_on=TODAY,
            description="x",
            by=org.leader_user,
        )
    client.force_login(org.leader_user)
    assert client.get(reverse("recognition:incident_new")).status_code == 403
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("recognition:incident_new"),
        {
            "kind": "accident",
            "team": org.team_a.pk,
            "occurred_on": "2026-01-05",
            "description": "井口落物",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().history.count() == 1
    response = client.post(
        reverse("recognition:incident_new"),
        {"kind": "accident", "occurred_on": "2999-01-01", "description": "x"},
    )
    assert response.status_code == 200 and Incident.objects.count() == 1


def test_commitment_is_active_on():
    commitment = Commitment(start_on=TODAY, end_on=None)
    assert commitment.is_active_on(TODAY) and not commitment.is_active_on(
        TODAY - datetime.timedelta(days=1)
    )


def test_worker_cannot_check_in_own_commitment(client, org):
    commitment = services.commitment_create(
        employee=org.worker,
        role="安全员",
        promise="我负责",
        start_on=TODAY - datetime.timedelta(days=3),
        by=org.leader_user,
    )
    client.force_login(org.worker_user)
    response = client.post(
        reverse("recognition:commitment_check_in", args=[commitment.pk]),
        {"date": str(TODAY - datetime.timedelta(days=1)), "kept": "1"},
    )
    assert response.status_code == 403
    assert not CommitmentCheckIn.objects.exists()
    assert client.get(reverse("recognition:commitment_new")).status_code == 403
