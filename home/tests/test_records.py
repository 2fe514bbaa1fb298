"""Study records per team, people without accounts, leaders' attendance, the report."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from branch.factories import BranchFactory, EmployeeFactory, TeamFactory
from home.factories import study_index, study_material
from home.models import StudyMethod, StudyRecord
from home.selectors import completion_report, materials_to_study
from home.services import study_record_mark, study_records_mark_attendance

pytestmark = pytest.mark.django_db


def test_mark_is_idempotent_and_db_enforces_one_record(study):
    first = study_record_mark(employee=study.worker, page=study.oath, recorded_by=None)
    again = study_record_mark(employee=study.worker, page=study.oath, recorded_by=None)
    assert first.pk == again.pk
    assert StudyRecord.objects.count() == 1
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StudyRecord.objects.create(employee=study.worker, page=study.oath)


def test_mark_refuses_other_branch_and_unpublished(study):
    stranger = EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="x")))
    with pytest.raises(ValidationError):
        study_record_mark(employee=stranger, page=study.oath)
    draft = study_material(study.index, title="草稿", publish=False, slug="draft")
    with pytest.raises(ValidationError):
        study_record_mark(employee=study.worker, page=draft)


def test_leader_marks_own_team_including_people_without_accounts(study):
    records = study_records_mark_attendance(
        leader_user=study.leader_user,
        page=study.well,
        employees=[study.contract_worker, study.intern, study.worker],
    )
    assert {r.employee for r in records} == {study.contract_worker, study.intern, study.worker}
    assert all(r.method == StudyMethod.MEETING for r in records)
    assert all(r.recorded_by == study.leader_user for r in records)
    assert study.intern.user_id is None


def test_leader_cannot_mark_another_teams_member(study):
    with pytest.raises(PermissionDenied):
        study_records_mark_attendance(
            leader_user=study.leader_user, page=study.oath, employees=[study.intern, study.worker_b]
        )
    assert not StudyRecord.objects.exists()  # all or nothing


def test_worker_cannot_mark_attendance_secretary_can_mark_anyone(study):
    with pytest.raises(PermissionDenied):
        study_records_mark_attendance(
            leader_user=study.worker_user, page=study.oath, employees=[study.worker]
        )
    records = study_records_mark_attendance(
        leader_user=study.secretary_user, page=study.oath, employees=[study.worker_b, study.intern]
    )
    assert len(records) == 2


def test_attendance_view_lists_only_own_team_and_refuses_others(client, study):
    client.force_login(study.leader_user)
    url = f"/me/study/{study.well.pk}/attendance/"
    html = client.get(url).content.decode()
    assert "王实习" in html and "李合同" in html and "无账号" in html
    assert "赵二班" not in html
    response = client.post(url, {"employees": [study.worker_b.pk]})
    assert response.status_code == 200  # not a valid choice for this leader
    assert not StudyRecord.objects.exists()
    response = client.post(url, {"employees": [study.intern.pk, study.contract_worker.pk]})
    assert response.status_code == 302
    assert set(StudyRecord.objects.values_list("employee__name", flat=True)) == {"王实习", "李合同"}


def test_worker_gets_403_on_attendance_and_report(client, study):
    client.force_login(study.worker_user)
    assert client.get(f"/me/study/{study.well.pk}/attendance/").status_code == 403
    assert client.get("/me/study/report/").status_code == 403
    assert client.get(f"/me/study/{study.well.pk}/report/").status_code == 403
    client.force_login(study.leader_user)
    assert client.get("/me/study/report/").status_code == 403


def test_completion_report_per_team(study):
    study_record_mark(employee=study.worker, page=study.oath)
    study_records_mark_attendance(
        leader_user=study.leader_user, page=study.well, employees=[study.intern]
    )
    report = {item.page.pk: item for item in completion_report(study.branch)}
    oath = {t.team.name: t for t in report[study.oath.pk].teams}
    assert set(oath) == {"修井一班", "修井二班"}  # required for all
    assert [p.name for p in oath["修井一班"].studied] == ["张正式"]
    assert "王实习" in [p.name for p in oath["修井一班"].missing]
    assert [p.name for p in oath["修井二班"].studied] == []
    well = {t.team.name: t for t in report[study.well.pk].teams}
    assert set(well) == {"修井一班"}  # required for team A only
    assert [p.name for p in well["修井一班"].studied] == ["王实习"]
    assert report[study.well.pk].studied_count == 1
    assert report[study.well.pk].total == 5  # the five people of team A


def test_report_page_and_xlsx(client, study):
    study_record_mark(employee=study.intern, page=study.oath)
    client.force_login(study.secretary_user)
    html = client.get("/me/study/report/").content.decode()
    assert "重温入党誓词" in html and "修井二班" in html and "王实习" in html
    response = client.get(f"/me/study/{study.oath.pk}/report/?format=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("资料", "班组", "工号", "姓名", "状态")
    assert ("重温入党誓词", "修井一班", "W003", "王实习", "已学") in rows
    assert ("重温入党誓词", "修井二班", "W101", "赵二班", "未学") in rows


def test_materials_to_study_follow_required_teams(study):
    names_a = [m.title for m in materials_to_study(study.worker)]
    names_b = [m.title for m in materials_to_study(study.worker_b)]
    assert set(names_a) == {"重温入党誓词", "井控安全操作要点"}
    assert names_b == ["重温入党誓词"]
    study_record_mark(employee=study.worker, page=study.oath)
    assert [m.title for m in materials_to_study(study.worker)] == ["井控安全操作要点"]


def test_other_branch_materials_are_not_readable(client, study):
    other = study_index(BranchFactory(code="other"), slug="other")
    foreign = study_material(other, title="外支部资料")
    client.force_login(study.worker_user)
    assert client.post(f"/me/study/{foreign.pk}/done/").status_code == 404
    assert "外支部资料" not in client.get("/me/").content.decode()


def test_attendance_with_an_id_too_large_for_the_database_is_refused_not_a_crash(client, study):
    client.force_login(study.leader_user)
    response = client.post(
        f"/me/study/{study.well.pk}/attendance/",
        {"employees": ["9223372036854775808", str(study.intern.pk)]},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not StudyRecord.objects.exists()
