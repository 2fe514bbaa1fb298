"""Device tokens: signing in with 工号, using, listing and revoking them; leavers lose them."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.models import APIToken

from branch.models import Employee
from branch.signals import person_left

from .conftest import client_for

pytestmark = pytest.mark.django_db


def issue(staff_no="W001", password="pass-1234-word", branch_code="zydd", device="张师傅的手机"):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"staff_no": staff_no, "password": password, "branch_code": branch_code, "device": device},
        format="json",
    )


def test_sign_in_with_staff_number_gives_a_key_that_works(org):
    response = issue()
    assert response.status_code == 201
    key = response.json()["key"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    me = client.get("/api/v1/me/").json()
    assert me["employee"]["name"] == "张正式" and me["role"] == "worker"
    assert APIToken.objects.get().key_hash != key  # only a digest is stored


def test_wrong_password_is_refused_in_chinese_with_a_stable_code(org):
    response = issue(password="wrong")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert "工号或密码" in response.json()["detail"]
    assert not APIToken.objects.exists()


@pytest.mark.parametrize("device", ["", " ", "x" * 61])
def test_a_device_needs_a_name(org, device):
    response = issue(device=device)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "device" in response.json()["fields"]


def test_staff_number_shared_by_two_branches_needs_the_branch(org, org2):
    assert issue(branch_code="").status_code == 400
    assert issue(branch_code="jxdd").status_code == 201


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer wagtail_" + "A" * 33, "Bearer", "Token a b", "Bearer \u00e9"],
)
def test_a_bad_token_is_refused(org, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_no_credentials_is_401_in_chinese():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "detail": "请先登录"}


def test_devices_are_listed_and_revoked_by_their_owner_only(org):
    client = client_for(org.worker_user)
    client_for(org.worker_user)
    other = client_for(org.leader_user)
    tokens = client.get("/api/v1/tokens/").json()
    assert len(tokens) == 2 and {t["name"] for t in tokens} == {"测试手机"}
    leader_token = APIToken.objects.get(user=org.leader_user)
    assert client.delete(f"/api/v1/tokens/{leader_token.pk}/").status_code == 404
    assert other.get("/api/v1/me/").status_code == 200
    mine = tokens[0]["id"]
    assert client.delete(f"/api/v1/tokens/{mine}/").status_code == 204
    assert APIToken.objects.get(pk=mine).revoked_at is not None
    assert client.delete("/api/v1/tokens/99999999999999999999/").status_code == 404


def test_a_revoked_token_stops_working_at_once(org):
    client = client_for(org.worker_user)
    token = APIToken.objects.get(user=org.worker_user)
    token.revoke()
    assert client.get("/api/v1/me/").status_code == 401


def test_a_person_who_leaves_loses_every_token(org):
    client = client_for(org.worker_user)
    client_for(org.worker_user)
    person_left.send(sender=Employee, employee=org.worker, user_id=org.worker_user.pk)
    assert not APIToken.objects.filter(user=org.worker_user, revoked_at__isnull=True).exists()
    assert client.get("/api/v1/me/").status_code == 401


def test_an_inactive_account_cannot_use_its_token(org):
    client = client_for(org.worker_user)
    org.worker_user.is_active = False
    org.worker_user.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_devices_show_on_me_and_can_be_revoked_there(client, org):
    client_for(org.worker_user)
    client.force_login(org.worker_user)
    page = client.get(reverse("home:me")).content.decode()
    assert "测试手机" in page and "已登录的设备" in page
    workplace = client.get("/").content.decode()  # an account setting: not on the 工作台
    assert 'data-testid="todos"' in workplace and "已登录的设备" not in workplace
    token = APIToken.objects.get(user=org.worker_user)
    client.force_login(org.leader_user)
    assert client.post(reverse("api_devices:revoke", args=[token.pk])).status_code == 404
    client.force_login(org.worker_user)
    assert client.get(reverse("api_devices:revoke", args=[token.pk])).status_code == 405
    response = client.post(reverse("api_devices:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_signing_in_is_limited_per_address(org, settings):
    from rest_framework.settings import api_settings

    from api.throttling import TokenIssueThrottle

    rates = dict(api_settings.DEFAULT_THROTTLE_RATES, token_issue="3/hour")
    TokenIssueThrottle.THROTTLE_RATES = rates
    try:
        codes = [issue(password="wrong").status_code for _ in range(4)]
    finally:
        TokenIssueThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes[:3] == [400, 400, 400] and codes[3] == 429
