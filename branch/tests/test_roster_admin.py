"""The roster pages in the Wagtail admin: secretary-only, upload → preview → confirm, export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Employee, Team
from branch.tests.roster_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return tmp_path / "private" / "roster_uploads"


def upload(client, data, name="roster.xlsx", **extra):
    return client.post(reverse("roster_upload"), {"file": SimpleUploadedFile(name, data), **extra})


def token_of(response):
    assert response.status_code == 302, getattr(response, "content", b"")[:500]
    return response["Location"].rstrip("/").split("/")[-1]


def test_secretary_sees_the_menu_item_and_upload_page(client, org):
    client.force_login(org.secretary_user)
    assert '"url": "/admin/roster/"' in client.get("/admin/").content.decode()
    page = client.get(reverse("roster_upload")).content.decode()
    assert "上传并预览" in page
    assert reverse("roster_export", args=[org.branch.pk]) in page


def test_preview_then_confirm_imports(client, org, private_root):
    client.force_login(org.secretary_user)
    data = xlsx_bytes([row(team="修井三班"), row(staff_no="W001", name="张正式", team="修井二班")])
    token = token_of(upload(client, data))
    stored = list(private_root.iterdir())
    assert [p.name for p in stored] == [f"{token}.xlsx"]

    before = (Employee.objects.count(), Team.objects.count(), Employee.history.count())
    preview = client.get(reverse("roster_preview", args=[token]))
    page = preview.content.decode()
    assert "将新增 1 人" in page and "将更新 1 人" in page
    assert "修井三班" in page and "班组：修井一班 → 修井二班" in page
    assert "确认导入" in page
    assert (Employee.objects.count(), Team.objects.count(), Employee.history.count()) == before

    done = client.post(reverse("roster_confirm", args=[token]))
    assert done.status_code == 302
    assert Employee.objects.get(staff_no="10001").team.name == "修井三班"
    assert Employee.objects.get(staff_no="W001").team == org.team_b
    assert list(private_root.iterdir()) == []
    history = Employee.objects.get(staff_no="10001").history.first()
    assert history.history_user == org.secretary_user
    # The token is spent: a second confirm finds nothing.
    assert client.post(reverse("roster_confirm", args=[token])).status_code == 404


def test_preview_lists_errors_and_offers_no_confirm(client, org, private_root):
    client.force_login(org.secretary_user)
    token = token_of(
        upload(
            client, csv_bytes([row(birth="2023-02-29"), row(staff_no="10002", name="")]), "r.csv"
        )
    )
    page = client.get(reverse("roster_preview", args=[token])).content.decode()
    assert "2 处错误" in page
    assert "日期「2023-02-29」不存在" in page and "姓名不能为空" in page
    assert "确认导入" not in page
    assert list(private_root.iterdir()) == []
    assert client.post(reverse("roster_confirm", args=[token])).status_code == 404
    assert not Employee.objects.filter(staff_no="10001").exists()


def test_confirm_revalidates_against_the_database(client, org):
    client.force_login(org.secretary_user)
    header = ["工号", "姓名", "班组", "用工性质", "出生日期"]
    data = csv_bytes([["W001", "张正式", "修井一班", "正式工", "2000-01-01"]], header=header)
    token = token_of(upload(client, data, "r.csv"))
    assert "将更新 1 人" in client.get(reverse("roster_preview", args=[token])).content.decode()
    # Meanwhile someone records a hire date that the file's birth date contradicts.
    Employee.objects.filter(staff_no="W001").update(hired_on="1999-01-01")
    response = client.post(reverse("roster_confirm", args=[token]))
    assert response.status_code == 200
    assert "必须晚于出生日期" in response.content.decode()
    assert str(Employee.objects.get(staff_no="W001").birth_date) == "1990-05-17"


def test_upload_refuses_non_spreadsheets_and_big_files(client, org, private_root, monkeypatch):
    client.force_login(org.secretary_user)
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", "photo.xlsx")
    assert response.status_code == 200
    assert "不是表格文件" in response.content.decode()
    from branch import admin_roster

    monkeypatch.setattr(admin_roster, "MAX_UPLOAD_BYTES", 10)
    response = upload(client, csv_bytes([row()]), "r.csv")
    assert "文件过大" in response.content.decode()
    assert not private_root.exists() or list(private_root.iterdir()) == []


def test_secretary_chooses_among_their_branches_only(client, org):
    second = BranchFactory(code="second", name="第二支部")
    second.secretaries.add(org.secretary_user)
    foreign = BranchFactory(code="foreign", name="外支部")
    client.force_login(org.secretary_user)
    page = client.get(reverse("roster_upload")).content.decode()
    assert "第二支部" in page and "外支部" not in page
    response = upload(client, csv_bytes([row()]), "r.csv", branch=foreign.pk)
    assert response.status_code == 200  # form error, not accepted
    token = token_of(upload(client, csv_bytes([row()]), "r.csv", branch=second.pk))
    client.post(reverse("roster_confirm", args=[token]))
    assert Employee.objects.get(staff_no="10001").branch == second


def test_another_users_token_is_not_found(client, org):
    client.force_login(org.secretary_user)
    token = token_of(upload(client, csv_bytes([row()]), "r.csv"))
    other_secretary = make_account(
        EmployeeFactory(team=org.team_a, staff_no="S002"), role=roles.SECRETARY
    )
    client.force_login(other_secretary)
    assert client.get(reverse("roster_preview", args=[token])).status_code == 404
    assert client.post(reverse("roster_confirm", args=[token])).status_code == 404
    assert client.get(reverse("roster_preview", args=["not-a-token"])).status_code == 404
    assert client.get("/admin/roster/preview/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_export_download(client, org):
    client.force_login(org.secretary_user)
    response = client.get(reverse("roster_export", args=[org.branch.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 7
    foreign = EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="foreign"))).branch
    assert client.get(reverse("roster_export", args=[foreign.pk])).status_code == 404


@pytest.mark.parametrize("who", ["worker_user", "leader_user"])
def test_workers_and_leaders_are_refused(client, org, who):
    client.force_login(getattr(org, who))
    for url in (
        reverse("roster_upload"),
        reverse("roster_export", args=[org.branch.pk]),
        reverse("roster_template"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    response = upload(client, csv_bytes([row()]), "r.csv")
    assert response.status_code in (302, 403)
    assert not Employee.objects.filter(staff_no="10001").exists()


def test_staff_without_a_branch_gets_403_and_no_menu(client, org):
    from django.contrib.auth.models import Permission

    user = make_account(EmployeeFactory(team=org.team_a, staff_no="E001"))
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert '"url": "/admin/roster/"' not in client.get("/admin/").content.decode()
    response = client.get(reverse("roster_upload"))
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert "上传并预览" not in response.content.decode()


def test_template_download(client, org):
    client.force_login(org.secretary_user)
    response = client.get(reverse("roster_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:2] == ["工号", "姓名"]


def test_superuser_reaches_every_branch(client, org, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-1234-yz")
    BranchFactory(code="second", name="第二支部")
    client.force_login(admin)
    page = client.get(reverse("roster_upload")).content.decode()
    assert "第二支部" in page and "作业大队党支部" in page


def test_a_new_upload_discards_the_unconfirmed_one(client, org, private_root):
    client.force_login(org.secretary_user)
    first = token_of(upload(client, csv_bytes([row()]), "r.csv"))
    second = token_of(upload(client, csv_bytes([row(staff_no="10002")]), "r.csv"))
    assert [p.name for p in private_root.iterdir()] == [f"{second}.csv"]
    assert client.get(reverse("roster_preview", args=[first])).status_code == 404


def test_stale_uploads_are_swept(client, org, private_root):
    import os

    private_root.mkdir(parents=True)
    stale = private_root / "0123456789abcdef0123456789abcdef.csv"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    client.force_login(org.secretary_user)
    token_of(upload(client, csv_bytes([row()]), "r.csv"))
    assert not stale.exists()
