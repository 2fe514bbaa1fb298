"""Praise (多褒奖): anyone posts, a leader or the secretary approves for the wall, the praised
are told (through the leader when they have no account), the secretary features one, the count
shows beside each person on the star sheet; nothing crosses to the other branch."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import empty
from PIL import Image

from branch.factories import EmployeeFactory
from branch.models import Notification
from care import services
from care.models import Praise, PraiseStatus, private_storage
from home.registries import all_measure_values, collect_todos, ledger_sections


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


def post(org, people, text="主动帮同事抢修抽油机，连夜干完", by=None):
    return services.praise_post(author=by or org.worker_user, people=people, text=text)


def test_praise_waits_for_approval_then_reaches_the_wall_and_the_praised(client, org):
    praise = post(org, [org.intern, org.contract_worker])
    client.force_login(org.worker_b_user)
    assert "连夜干完" not in client.get(reverse("care:praise_wall")).content.decode()
    services.praise_review(praise=praise, by=org.leader_user, approve=True)
    body = client.get(reverse("care:praise_wall")).content.decode()
    assert "连夜干完" in body and "王实习" in body and "李合同" in body
    # the intern has no account: their leader is told, naming them
    leader_notes = Notification.objects.filter(recipient=org.leader_user)
    assert any("王实习" in n.title for n in leader_notes)


def test_nobody_approves_their_own_praise_and_a_worker_cannot_approve(org):
    praise = post(org, [org.worker], by=org.leader_user)
    with pytest.raises(PermissionDenied):
        services.praise_review(praise=praise, by=org.leader_user, approve=True)
    with pytest.raises(PermissionDenied):
        services.praise_review(praise=praise, by=org.worker_b_user, approve=True)
    with pytest.raises(PermissionDenied):  # leader of another team
        services.praise_review(praise=praise, by=org.leader_b_user, approve=True)
    services.praise_review(praise=praise, by=org.secretary_user, approve=True)
    with pytest.raises(ValidationError):
        services.praise_review(praise=praise, by=org.secretary_user, approve=False)


@pytest.mark.parametrize(
    "text, people_of, message",
    [
        ("", lambda o: [o.worker_b], "请写下"),
        ("好" * 301, lambda o: [o.worker_b], "300"),
        ("帮忙", lambda o: [], "请选择"),
        ("我很好", lambda o: [o.worker], "不要表扬自己"),
    ],
)
def test_bad_praise_is_refused_in_chinese(org, text, people_of, message):
    with pytest.raises(ValidationError) as exc:
        post(org, people_of(org), text=text)
    assert message in " ".join(exc.value.messages)


def test_people_of_another_branch_cannot_be_praised(client, org, org2):
    with pytest.raises(ValidationError):
        post(org, [org2.worker])
    client.force_login(org.worker_user)
    response = client.post(reverse("care:praise_new"), {"people": [org2.worker.pk], "text": "很好"})
    assert response.status_code == 200 and not Praise.objects.exists()
    response = client.post(
        reverse("care:praise_new"), {"people": ["9223372036854775808"], "text": "很好"}
    )
    assert response.status_code == 200


def test_photo_is_checked_reencoded_and_served_only_in_the_branch(client, org, org2):
    client.force_login(org.worker_user)
    bad = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    response = client.post(
        reverse("care:praise_new"), {"people": [org.worker_b.pk], "text": "好样的", "photo": bad}
    )
    assert response.status_code == 200 and not Praise.objects.exists()
    good = SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")
    response = client.post(
        reverse("care:praise_new"), {"people": [org.worker_b.pk], "text": "好样的", "photo": good}
    )
    assert response.status_code == 302
    praise = Praise.objects.get()
    url = reverse("care:praise_photo", args=[praise.pk])
    client.force_login(org.worker_b_user)  # pending: not yet for everyone
    assert client.get(url).status_code == 404
    services.praise_review(praise=praise, by=org.leader_b_user, approve=True)
    assert client.get(url).status_code == 200
    client.force_login(org2.secretary_user)
    assert client.get(url).status_code == 404


def test_secretary_features_a_praise_on_the_home_panels(client, org, org2):
    praise = post(org, [org.worker_b])
    client.force_login(org.secretary_user)
    client.post(reverse("care:praise_feature", args=[praise.pk]), {"featured": "1"})
    praise.refresh_from_db()
    assert not praise.featured  # not approved yet
    services.praise_review(praise=praise, by=org.secretary_user, approve=True)
    client.post(reverse("care:praise_feature", args=[praise.pk]), {"featured": "1"})
    praise.refresh_from_db()
    assert praise.featured
    client.force_login(org.worker_user)
    assert (
        client.post(reverse("care:praise_feature", args=[praise.pk]), {"featured": "0"}).status_code
        == 403
    )
    praise.refresh_from_db()
    assert praise.featured  # a worker cannot take it off
    assert "连夜干完" in client.get(reverse("home:me")).content.decode()
    client.force_login(org2.worker_user)
    assert "连夜干完" not in client.get(reverse("home:me")).content.decode()
    client.force_login(org2.secretary_user)
    assert (
        client.post(reverse("care:praise_feature", args=[praise.pk]), {"featured": "0"}).status_code
        == 404
    )


def test_praise_count_is_a_measure_on_the_star_sheet_todos_and_ledger(client, org, org2):
    from recognition.factories import RatingPeriodFactory

    for _ in range(2):
        services.praise_review(
            praise=post(org, [org.contract_worker]), by=org.leader_user, approve=True
        )
    waiting = post(org, [org.intern])
    today = datetime.date.today()
    values = {key: v for key, _label, v in all_measure_values([org.contract_worker.pk], today)}
    assert values["care.praise_count"][org.contract_worker.pk].value == 2
    todos = {t.key: t for t in collect_todos(org.leader_user, today)}
    assert todos["care.praise_to_approve"].count == 1
    assert "care.praise_to_approve" not in {
        t.key for t in collect_todos(org2.secretary_user, today)
    }
    period = RatingPeriodFactory(branch=org.branch, start=today, end=today)
    client.force_login(org.leader_user)
    sheet = client.get(reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk]))
    assert "表扬: 2 次" in sheet.content.decode()
    sections = {s.title: s for s in ledger_sections(org.branch, today.year)}
    assert any("2" in p for s in sections.values() for p in s.paragraphs if "表扬墙" in p)
    assert waiting.status == PraiseStatus.PENDING


def test_praise_wall_query_count_is_constant(client, org, django_assert_max_num_queries):
    def build(n):
        for _ in range(n):
            person = EmployeeFactory(team=org.team_b)
            praise = post(org, [person, org.worker_b])
            services.praise_review(praise=praise, by=org.secretary_user, approve=True)

    client.force_login(org.worker_user)
    url = reverse("care:praise_wall")
    build(5)
    client.get(url)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    build(10)
    with django_assert_max_num_queries(25) as large:
        assert client.get(url).content.decode().count('data-testid="praise"') == 15
    assert len(small.captured_queries) == len(large.captured_queries)
    print("praise wall queries:", len(large.captured_queries))
