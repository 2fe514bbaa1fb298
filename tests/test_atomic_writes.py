"""Every multi-row write is all or nothing: an error injected half-way (after some rows were
written) leaves the database exactly as it was."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from branch.models import Employee, Team
from branch.tests.roster_files import csv_bytes, row

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """The injected failure."""


def snapshot(*models) -> dict:
    """Row counts of every table, and every row of the models the write touches."""
    state = {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}
    for model in models:
        state[f"rows:{model._meta.label_lower}"] = list(
            model._default_manager.order_by("pk").values()
        )
    return state


def fail_on_call(n: int, real):
    """``real`` that raises on its ``n``-th call, after the earlier calls did their work."""
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise Boom(f"injected on call {n}")
        return real(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


def test_roster_import_failing_after_new_teams_and_people_were_written(org, monkeypatch):
    from branch.roster import applying

    data = csv_bytes(
        [
            row(staff_no="20001", name="新甲", team="新班组"),
            row(staff_no="20002", name="新乙", team="新班组"),
            row(staff_no=org.worker.staff_no, name="张改名", team=org.team_a.name),
        ]
    )
    before = snapshot(Employee, Team, Employee.history.model)
    written = []

    def create_then_fail(*args, **kwargs):
        roster_bulk_create(*args, **kwargs)
        written.append(Employee.objects.filter(staff_no__in=["20001", "20002"]).count())

    roster_bulk_create = applying.bulk_create_with_history
    monkeypatch.setattr(applying, "bulk_create_with_history", create_then_fail)
    monkeypatch.setattr(applying, "_bulk_update", fail_on_call(1, None))
    with pytest.raises(Boom):
        applying.import_roster(branch=org.branch, file=data, filename="r.csv")
    assert written == [2]  # the new people really were written before the failure
    assert snapshot(Employee, Team, Employee.history.model) == before


def test_team_approval_failing_on_the_second_rating(org, monkeypatch):
    from branch.models import Notification
    from recognition import services
    from recognition.factories import RatingPeriodFactory
    from recognition.models import StarRating

    period = RatingPeriodFactory(branch=org.branch)
    for person in (org.worker, org.contract_worker, org.intern):
        StarRating.objects.create(
            employee=person,
            period=period,
            team=org.team_a,
            status=StarRating.Status.SUBMITTED,
            overall=Decimal("4.0"),
            rated_by=org.leader_user,
        )
    before = snapshot(StarRating, Notification)
    approve = fail_on_call(2, services.rating_approve)
    monkeypatch.setattr(services.ratings, "rating_approve", approve)
    with pytest.raises(Boom):
        services.rating_approve_team(period=period, team=org.team_a, by=org.secretary_user)
    assert len(approve.calls) == 2  # the first rating was approved (and notified) before
    assert snapshot(StarRating, Notification) == before
    assert set(StarRating.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_distribution_failing_after_the_first_batches(org, monkeypatch):
    from care import services
    from care.factories import CampaignFactory, CampaignItemFactory
    from care.models import Distribution

    campaign = CampaignFactory(branch=org.branch)
    CampaignItemFactory.create_batch(3, campaign=campaign)
    people = [org.worker, org.contract_worker, org.intern]
    before = snapshot(Distribution)
    inserts = []

    def fail_third_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "care_distribution" in sql:
            inserts.append(sql)
            if len(inserts) == 3:
                raise Boom("injected on the third batch")
        return execute(sql, params, many, context)

    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 2)
    with connection.execute_wrapper(fail_third_insert), pytest.raises(Boom):
        services.distribution_record_all(
            campaign=campaign,
            employees=people,
            received_on=datetime.date(2026, 7, 2),
            recorded_by=org.leader_user,
        )
    assert len(inserts) == 3  # two batches of the nine rows went in before the failure
    assert snapshot(Distribution) == before


def test_group_attendance_failing_on_the_third_person(org, monkeypatch):
    from home import services
    from home.factories import study_index, study_material
    from home.models import StudyRecord

    page = study_material(study_index(org.branch), teams=[org.team_a])
    people = [org.worker, org.contract_worker, org.intern]
    before = snapshot(StudyRecord)
    mark = fail_on_call(3, services.study_record_mark)
    monkeypatch.setattr(services, "study_record_mark", mark)
    with pytest.raises(Boom):
        services.study_records_mark_attendance(
            leader_user=org.leader_user, page=page, employees=people
        )
    assert len(mark.calls) == 3
    assert snapshot(StudyRecord) == before
