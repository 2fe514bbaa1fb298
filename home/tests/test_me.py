"""我的, the secretary's dashboard, the panel registry, navigation and the home page."""

import pytest

from home import panels
from home.services import study_record_mark

pytestmark = pytest.mark.django_db


def test_me_lists_materials_to_study_and_recent(client, study):
    study_record_mark(employee=study.worker, page=study.oath)
    client.force_login(study.worker_user)
    html = client.get("/me/").content.decode()
    to_study = html.split('data-testid="to-study"')[1].split('data-testid="recent"')[0]
    recent = html.split('data-testid="recent"')[1]
    assert "井控安全操作要点" in to_study and "重温入党誓词" not in to_study
    assert "重温入党誓词" in recent


def test_me_for_team_b_only_shows_materials_for_them(client, study):
    client.force_login(study.worker_b_user)
    html = client.get("/me/").content.decode()
    assert "重温入党誓词" in html and "井控安全操作要点" not in html


def test_me_requires_login(client, study):
    response = client.get("/me/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_registered_panels_render_on_me_and_dashboard(client, study, monkeypatch):
    monkeypatch.setattr(panels, "_me_panels", [])
    monkeypatch.setattr(panels, "_dashboard_panels", [])
    panels.register_me_panel("home/tests_panel.html", lambda request: {"text": "星级：三星"})
    panels.register_me_panel("home/tests_panel.html", lambda request: {"text": "twice"})
    panels.register_dashboard_panel("home/tests_panel.html", lambda request: None)
    client.force_login(study.worker_user)
    html = client.get("/me/").content.decode()
    assert "星级：三星" in html and "twice" not in html
    client.force_login(study.secretary_user)
    assert "tests-panel" not in client.get("/").content.decode()


def test_dashboard_folded_into_the_workplace(client, study):
    client.force_login(study.secretary_user)
    response = client.get("/me/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "重温入党誓词" in html and "学习完成情况" in html


def test_navigation_links_by_role(client, study):
    client.force_login(study.worker_user)
    html = client.get("/me/").content.decode()
    assert 'href="/me/"' in html and 'href="/me/study/"' in html
    assert 'href="/me/study/report/"' not in html
    client.force_login(study.secretary_user)
    assert 'href="/me/study/report/"' in client.get("/me/").content.decode()


def test_home_page_for_members_and_anonymous(client, study):
    html = client.get("/").content.decode()
    assert "登录" in html and "重温入党誓词" not in html
    client.force_login(study.worker_user)
    html = client.get("/").content.decode()
    assert "工作台" in html and "重温入党誓词" in html and 'href="/me/"' in html


def test_study_list_redirects_to_the_index(client, study):
    client.force_login(study.worker_user)
    response = client.get("/me/study/")
    assert response.status_code == 302 and response["Location"] == study.index.url


def test_leader_sees_attendance_links_on_me(client, study):
    client.force_login(study.leader_user)
    html = client.get("/me/").content.decode()
    assert f"/me/study/{study.well.pk}/attendance/" in html
    client.force_login(study.worker_user)
    assert 'data-testid="to-record"' not in client.get("/me/").content.decode()
