"""Every operation as the people who use it, and the branch boundary: org2's records never
reach org's people and the other way round."""

import datetime
import json

import pytest
from wagtail.models import APIToken

from care.models import Distribution
from home.models import StudyRecord
from recognition.models import CommitmentCheckIn, StarRating, Suggestion

from .conftest import client_for, photo_file

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def test_me_profile_per_role(world):
    org = world.org
    assert client_for(org.secretary_user).get("/api/v1/me/").json()["role"] == "secretary"
    leader = client_for(org.leader_user).get("/api/v1/me/").json()
    assert leader["role"] == "leader" and leader["led_team_ids"] == [org.team_a.pk]
    worker = client_for(org.worker_user).get("/api/v1/me/").json()
    assert worker["employee"]["staff_no"] == "W001"
    assert worker["employee"]["team"] == "修井一班"


def test_materials_list_read_and_mark_studied(world):
    client = client_for(world.org.worker_user)
    listed = client.get("/api/v1/materials/").json()
    assert [m["title"] for m in listed["results"]] == ["井控安全要点"]
    assert listed["results"][0]["studied"] is False
    detail = client.get(f"/api/v1/materials/{world.material.pk}/").json()
    assert "全心全意为人民服务" in detail["body_html"]
    assert client.get(f"/api/v1/materials/{world.material2.pk}/").status_code == 404
    assert client.post(f"/api/v1/materials/{world.material2.pk}/studied/").status_code == 404
    first = client.post(f"/api/v1/materials/{world.material.pk}/studied/")
    again = client.post(f"/api/v1/materials/{world.material.pk}/studied/")
    assert (first.status_code, again.status_code) == (201, 200)
    assert StudyRecord.objects.filter(employee=world.org.worker).count() == 1
    to_study = client.get("/api/v1/materials/?to_study=true").json()
    assert to_study["count"] == 0
    assert client.get("/api/v1/materials/").json()["results"][0]["studied"] is True


def test_material_search_finds_chinese_words(world):
    client = client_for(world.org.worker_user)
    found = client.get("/api/v1/materials/", {"q": "井控"}).json()
    assert [m["title"] for m in found["results"]] == ["井控安全要点"]
    assert client.get("/api/v1/materials/", {"q": "秘密"}).json()["count"] == 0


def test_suggestions_are_scoped_by_role(world):
    org = world.org
    titles = lambda user: {  # noqa: E731
        s["title"] for s in client_for(user).get("/api/v1/suggestions/").json()["results"]
    }
    assert titles(org.worker_user) == {"改进油管丈量"}
    assert titles(org.leader_user) == {"改进油管丈量"}
    assert titles(org.secretary_user) == {"改进油管丈量", "二班的建议"}
    assert titles(world.org2.secretary_user) == {"外支部建议"}
    worker = client_for(org.worker_user)
    assert worker.get(f"/api/v1/suggestions/{world.suggestion_b.pk}/").status_code == 404
    assert worker.get(f"/api/v1/suggestions/{world.suggestion2.pk}/").status_code == 404


def test_a_worker_submits_a_suggestion_with_a_photo_once_per_key(world):
    client = client_for(world.org.worker_user)
    data = {"kind": "suggestion", "title": "井口防护罩", "what": "加装防护罩", "why": "防止溅伤"}
    first = client.post(
        "/api/v1/suggestions/",
        {**data, "photo": photo_file()},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="tap-1",
    )
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/suggestions/",
        {**data, "photo": photo_file()},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="tap-1",
    )
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Suggestion.objects.filter(title="井口防护罩").count() == 1
    created = first.json()
    assert created["photo_url"] and created["status"] == "submitted"
    assert created["responses"] == [] and created["award"] is None
    other = client.post("/api/v1/suggestions/", data, format="json", HTTP_IDEMPOTENCY_KEY="tap-2")
    assert other.status_code == 201 and other.json()["id"] != created["id"]


def test_a_refused_suggestion_can_be_retried_with_the_same_key(world):
    client = client_for(world.org.worker_user)
    bad = client.post(
        "/api/v1/suggestions/",
        {"kind": "nonsense", "title": ""},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert bad.status_code == 400 and set(bad.json()["fields"]) >= {"kind", "title", "what", "why"}
    good = client.post(
        "/api/v1/suggestions/",
        {"kind": "suggestion", "title": "好主意", "what": "做法", "why": "省时"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert good.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 101])
def test_an_idempotency_key_has_a_sane_length(world, key):
    client = client_for(world.org.worker_user)
    response = client.post(
        "/api/v1/suggestions/",
        {"kind": "suggestion", "title": "好主意", "what": "做法", "why": "省时"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 400
    assert not Suggestion.objects.filter(title="好主意").exists()


def test_a_photo_that_is_not_an_image_is_refused(world):
    client = client_for(world.org.worker_user)
    fake = photo_file("x.png")
    fake.seek(0)
    fake.write(b"not an image at all")
    fake.truncate()
    fake.seek(0)
    response = client.post(
        "/api/v1/suggestions/",
        {"kind": "suggestion", "title": "图", "what": "图", "why": "图", "photo": fake},
        format="multipart",
    )
    assert response.status_code == 400 and "photo" in response.json()["fields"]


def test_a_leader_submits_for_a_member_but_not_for_another_branch(world):
    client = client_for(world.org.leader_user)
    ok = client.post(
        "/api/v1/suggestions/",
        {
            "kind": "small_improvement",
            "title": "代提",
            "what": "代提内容",
            "why": "省料",
            "employee": world.org.intern.pk,
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["employee_name"] == "王实习"
    refused = client.post(
        "/api/v1/suggestions/",
        {
            "kind": "small_improvement",
            "title": "越界",
            "what": "越界",
            "why": "越界",
            "employee": world.org2.worker.pk,
        },
        format="json",
    )
    assert refused.status_code == 400 and not Suggestion.objects.filter(title="越界").exists()


def test_suggestion_detail_shows_replies(world):
    from recognition import services

    services.suggestion_respond(
        suggestion=world.suggestion,
        to_status="accepted",
        text="已受理，谢谢",
        by=world.org.secretary_user,
    )
    detail = client_for(world.org.worker_user).get(f"/api/v1/suggestions/{world.suggestion.pk}/")
    assert [r["text"] for r in detail.json()["responses"]] == ["已受理，谢谢"]


def test_rating_sheet_read_draft_submit(world):
    org = world.org
    leader = client_for(org.leader_user)
    sheets = leader.get("/api/v1/rating-sheets/").json()
    assert [(s["period"], s["team"]) for s in sheets] == [(world.period.pk, org.team_a.pk)]
    url = f"/api/v1/rating-sheets/{world.period.pk}/{org.team_a.pk}/"
    sheet = leader.get(url).json()
    criterion = sheet["criteria"][0]["id"]
    names = {row["name"]: row["editable"] for row in sheet["rows"]}
    assert names["张正式"] is True and names["班长甲"] is False  # nobody rates themself
    entry = {"employee": org.worker.pk, "stars": {str(criterion): 4}, "comment": "好"}
    saved = leader.put(url, {"entries": [entry], "submit": False}, format="json")
    assert saved.status_code == 200
    assert StarRating.objects.get(employee=org.worker).status == "draft"
    submitted = leader.put(url, {"entries": [entry], "submit": True}, format="json")
    assert submitted.status_code == 200
    assert StarRating.objects.get(employee=org.worker).status == "submitted"
    self_rating = {"employee": org.leader.pk, "stars": {str(criterion): 5}}
    refused = leader.put(url, {"entries": [self_rating]}, format="json")
    assert refused.status_code == 403


@pytest.mark.parametrize("stars", [0, 6, "五"])
def test_rating_sheet_refuses_bad_stars(world, stars):
    org = world.org
    leader = client_for(org.leader_user)
    url = f"/api/v1/rating-sheets/{world.period.pk}/{org.team_a.pk}/"
    criterion = leader.get(url).json()["criteria"][0]["id"]
    response = leader.put(
        url,
        {"entries": [{"employee": org.worker.pk, "stars": {str(criterion): stars}}]},
        format="json",
    )
    assert response.status_code == 400
    assert not StarRating.objects.exists()


def test_rating_sheets_of_another_team_or_branch_are_closed(world):
    org = world.org
    leader = client_for(org.leader_user)
    assert (
        leader.get(f"/api/v1/rating-sheets/{world.period.pk}/{org.team_b.pk}/").status_code == 403
    )
    assert (
        leader.get(f"/api/v1/rating-sheets/{world.period2.pk}/{world.org2.team.pk}/").status_code
        == 404
    )
    assert (
        client_for(org.worker_user)
        .get(f"/api/v1/rating-sheets/{world.period.pk}/{org.team_a.pk}/")
        .status_code
        == 403
    )
    assert leader.get("/api/v1/rating-sheets/99999999999999999999/1/").status_code == 404


def test_my_stars_show_only_approved_ratings(world):
    from recognition.models import StarRating

    StarRating.objects.create(
        employee=world.org.worker,
        period=world.period,
        team=world.org.team_a,
        status="approved",
        overall=4,
    )
    stars = client_for(world.org.worker_user).get("/api/v1/stars/").json()["results"]
    assert len(stars) == 1 and stars[0]["plaque_url"].endswith(".pdf")
    assert (
        client_for(world.org.contract_worker.user or world.org.leader_user)
        .get("/api/v1/stars/")
        .json()["count"]
        == 0
    )


def test_commitments_and_check_ins(world):
    org = world.org
    worker = client_for(org.worker_user)
    mine = worker.get("/api/v1/commitments/?mine=true").json()["results"]
    assert [c["promise"] for c in mine] == ["我是当班安全员"]
    today = datetime.date.today().isoformat()
    assert (
        worker.post(
            f"/api/v1/commitments/{world.commitment.pk}/check-ins/",
            {"date": today, "kept": True},
            format="json",
        ).status_code
        == 403
    )
    leader = client_for(org.leader_user)
    done = leader.post(
        f"/api/v1/commitments/{world.commitment.pk}/check-ins/",
        {"date": today, "kept": True, "note": "做得好"},
        format="json",
    )
    assert done.status_code == 200 and CommitmentCheckIn.objects.count() == 1
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert (
        leader.post(
            f"/api/v1/commitments/{world.commitment.pk}/check-ins/",
            {"date": future, "kept": True},
            format="json",
        ).status_code
        == 400
    )
    assert (
        leader.post(
            f"/api/v1/commitments/{world.commitment2.pk}/check-ins/",
            {"date": today, "kept": True},
            format="json",
        ).status_code
        == 404
    )


def test_leader_birthdays(world):
    org = world.org
    org.worker.birth_date = datetime.date.today().replace(year=1990)
    org.worker.save()
    rows = client_for(org.leader_user).get("/api/v1/birthdays/").json()
    assert "张正式" in [r["name"] for r in rows]
    assert client_for(org.worker_user).get("/api/v1/birthdays/").json() == []
    bad = client_for(org.leader_user).get("/api/v1/birthdays/", {"from": "2026-13-01"})
    assert bad.status_code == 400
    too_long = client_for(org.leader_user).get(
        "/api/v1/birthdays/", {"from": "2026-01-01", "to": "2028-01-01"}
    )
    assert too_long.status_code == 400


def test_leader_records_a_distribution_once_per_key(world):
    org = world.org
    leader = client_for(org.leader_user)
    listed = leader.get("/api/v1/campaigns/").json()["results"]
    assert [c["id"] for c in listed] == [world.campaign.pk]
    url = f"/api/v1/campaigns/{world.campaign.pk}/distributions/"
    row = {
        "employee": org.worker.pk,
        "item": world.item.pk,
        "quantity": 2,
        "received_on": datetime.date.today().isoformat(),
    }
    assert leader.post(url, row, format="json", HTTP_IDEMPOTENCY_KEY="d1").status_code == 201
    assert leader.post(url, row, format="json", HTTP_IDEMPOTENCY_KEY="d1").status_code == 201
    assert Distribution.objects.count() == 1
    assert [d["quantity"] for d in leader.get(url).json()] == [2]
    other_team = {**row, "employee": org.worker_b.pk}
    assert leader.post(url, other_team, format="json").status_code == 400
    other_item = {**row, "item": world.item2.pk}
    assert leader.post(url, other_item, format="json").status_code == 400
    assert (
        leader.post(
            f"/api/v1/campaigns/{world.campaign2.pk}/distributions/", row, format="json"
        ).status_code
        == 404
    )
    for quantity in (0, -1, 1000, "很多"):
        assert leader.post(url, {**row, "quantity": quantity}, format="json").status_code == 400


def test_notifications_list_and_mark_read(world):
    from branch.services import notification_send

    org = world.org
    notification_send(recipient=org.worker_user, title="生日快乐", url="/me/", key="t:1")
    notification_send(recipient=org2_user(world), title="外支部消息", url="/me/", key="t:2")
    client = client_for(org.worker_user)
    listed = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["title"] for n in listed] == ["生日快乐"]
    assert client.post(
        "/api/v1/notifications/read/", {"ids": [listed[0]["id"]]}, format="json"
    ).json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    assert (
        client.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json").status_code == 400
    )


def org2_user(world):
    return world.org2.worker_user


def test_todos_answer_for_every_role(world):
    for user in (world.org.secretary_user, world.org.leader_user, world.org.worker_user):
        response = client_for(user).get("/api/v1/todos/")
        assert response.status_code == 200 and isinstance(response.json(), list)


def test_session_auth_needs_csrf_for_writes(client, world):
    client.force_login(world.org.worker_user)
    assert client.get("/api/v1/me/").status_code == 200
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.org.worker_user)
    assert strict.post(f"/api/v1/materials/{world.material.pk}/studied/").status_code == 403


def test_other_branch_never_appears_in_any_list(world):
    """Every list and detail as each of org's personas: no name of org2's anywhere."""
    paths = [
        "/api/v1/me/",
        "/api/v1/materials/",
        "/api/v1/suggestions/",
        "/api/v1/stars/",
        "/api/v1/commitments/",
        "/api/v1/campaigns/",
        "/api/v1/birthdays/",
        "/api/v1/rating-sheets/",
        "/api/v1/notifications/",
        "/api/v1/todos/",
        "/api/v1/tokens/",
    ]
    org = world.org
    for user in (org.secretary_user, org.leader_user, org.worker_user, org.worker_b_user):
        client = client_for(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            text = body(response)
            leaked = [name for name in world.secret_names if name in text]
            assert leaked == [], (user, path, leaked)


def test_errors_are_chinese_with_stable_codes(world):
    client = client_for(world.org.worker_user)
    assert client.get("/api/v1/materials/99999999/").json() == {
        "code": "not_found",
        "detail": "未找到",
    }
    assert client.delete("/api/v1/me/").json()["code"] == "method_not_allowed"
    garbled = client.post("/api/v1/suggestions/", "{", content_type="application/json")
    assert garbled.status_code == 400 and garbled.json()["code"] == "parse_error"


def test_list_pages_have_a_bounded_size(world):
    client = client_for(world.org.secretary_user)
    response = client.get("/api/v1/suggestions/?page_size=100000")
    assert response.status_code == 200
    assert client.get("/api/v1/suggestions/?page=999").status_code == 404


def test_tokens_are_per_person(world):
    client_for(world.org.worker_user)
    assert APIToken.objects.filter(user=world.org.worker_user).count() == 1
