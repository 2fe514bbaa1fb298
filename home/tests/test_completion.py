"""The completion report agrees with 我的: optional materials are reported by their readers,
a study outside the required teams still counts as read; overdue reminders (once, via the
leader for people without accounts) and the stragglers page (leader: own teams; secretary)."""

import datetime

import pytest
from django.utils import timezone

from branch.models import Notification
from home.factories import study_index, study_material
from home.selectors import completion_report, materials_to_study
from home.services import study_record_mark
from home.services_reminders import study_reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def materials(org, org2):
    index = study_index(org.branch)
    org.optional = study_material(index, title="选学：铁人精神")
    org.team_b_only = study_material(index, title="二班必学：压井", teams=[org.team_b])
    org.everyone = study_material(index, title="全员必学：三会一课", required_for_all=True)
    past = timezone.localdate() - datetime.timedelta(days=2)
    for page in (org.team_b_only, org.everyone):
        page.due_on = past
        page.save_revision().publish()
    org2.index = study_index(org2.branch, slug="jxdd")
    org2.material = study_material(org2.index, title="外支部必学", required_for_all=True)
    return org


def _item(report, page):
    return next(i for i in report if i.page.pk == page.pk)


def test_optional_and_outside_team_reads_count(materials):
    org = materials
    study_record_mark(employee=org.worker, page=org.optional)
    study_record_mark(employee=org.worker, page=org.team_b_only)  # team A: not required
    report = completion_report(org.branch)
    optional = _item(report, org.optional)
    assert not optional.required and optional.teams == []
    assert [p.name for p in optional.also_studied] == ["张正式"] and optional.readers_count == 1
    team_b = _item(report, org.team_b_only)
    assert team_b.required and team_b.total == 2  # 班长乙, 赵二班
    assert team_b.studied_count == 0 and [p.name for p in team_b.also_studied] == ["张正式"]
    # 我的 agrees: only required materials are to study.
    assert [p.title for p in materials_to_study(org.worker)] == ["全员必学：三会一课"]
    assert {p.title for p in materials_to_study(org.worker_b)} == {
        "全员必学：三会一课",
        "二班必学：压井",
    }


def test_report_page_shows_optional_apart(client, materials, django_assert_max_num_queries):
    org = materials
    study_record_mark(employee=org.worker, page=org.optional)
    client.force_login(org.secretary_user)
    with django_assert_max_num_queries(30):
        html = client.get("/me/study/report/").content.decode()
    assert "选学：铁人精神" in html and "外支部必学" not in html
    client.force_login(materials.leader_user)
    assert client.get("/me/study/report/").status_code == 403


def test_reminders_once_and_via_leader(materials):
    org = materials
    study_record_mark(employee=org.worker, page=org.everyone)
    day = timezone.localdate()
    first = study_reminders_send(day=day)
    assert first > 0
    assert study_reminders_send(day=day) == 0  # idempotent
    titles = lambda user: list(  # noqa: E731
        Notification.objects.filter(recipient=user).values_list("title", flat=True)
    )
    assert not any("三会一课" in t for t in titles(org.worker_user))  # studied
    assert any("三会一课" in t for t in titles(org.worker_b_user))
    # 王实习 has no account: their leader (班长甲) is told, naming them.
    assert any("王实习" in t and "三会一课" in t for t in titles(org.leader_user))
    assert not any("压井" in t for t in titles(org.worker_user))  # not required for team A


def test_stragglers_page_scoped(client, materials, org2):
    org = materials
    client.force_login(org.leader_user)
    html = client.get("/me/study/stragglers/").content.decode()
    assert "王实习" in html and "全员必学：三会一课" in html
    assert "赵二班" not in html and "二班必学" not in html  # another team
    client.force_login(org.secretary_user)
    html = client.get("/me/study/stragglers/").content.decode()
    assert "赵二班" in html and "王实习" in html and "外员工" not in html
    for user in (org.worker_user, org2.worker_user):
        client.force_login(user)
        assert client.get("/me/study/stragglers/").status_code == 403
    client.force_login(org2.leader_user)
    html = client.get("/me/study/stragglers/").content.decode()
    assert "王实习" not in html and "赵二班" not in html
