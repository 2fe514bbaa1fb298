import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Notification
from recognition import services, tasks
from recognition.factories import SuggestionFactory
from recognition.models import RecognitionSettings, Suggestion, SuggestionResponse, SuggestionStatus

S = SuggestionStatus
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def submit(org, employee=None, by=None, **kwargs):
    employee = employee or org.worker
    return services.suggestion_submit(
        employee=employee,
        kind=kwargs.pop("kind", "suggestion"),
        title=kwargs.pop("title", "井场照明改进"),
        what="加装防眩罩",
        why="夜班晃眼",
        by=by or employee.user,
        **kwargs,
    )


def photo_bytes(fmt="JPEG", size=(40, 30), exif=True):
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS
        image.save(buffer, format=fmt, exif=data)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def test_worker_submits_from_phone_and_gets_a_deadline(client, org):
    client.force_login(org.worker_user)
    with time_machine.travel(START, tick=False):
        response = client.post(
            reverse("recognition:suggestion_new"),
            {"kind": "small_improvement", "title": "油管钳快换", "what": "加卡槽", "why": "省时"},
        )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.employee == org.worker and suggestion.team == org.team_a
    assert suggestion.status == S.SUBMITTED
    assert suggestion.response_deadline == START + datetime.timedelta(days=7)
    assert Notification.objects.filter(
        recipient=org.leader_user, key__contains="suggestion-new"
    ).exists()


def test_deadline_follows_branch_setting(org):
    RecognitionSettings.objects.create(branch=org.branch, response_days=3)
    with time_machine.travel(START, tick=False):
        suggestion = submit(org)
    assert suggestion.response_deadline == START + datetime.timedelta(days=3)


@pytest.mark.parametrize("missing", ["title", "what", "why"])
def test_empty_fields_are_refused(client, org, missing):
    client.force_login(org.worker_user)
    data = {"kind": "suggestion", "title": "t", "what": "w", "why": "y"}
    data[missing] = "   "
    response = client.post(reverse("recognition:suggestion_new"), data)
    assert response.status_code == 200
    assert not Suggestion.objects.exists()


def test_leader_submits_on_behalf_of_member_without_account(client, org):
    client.force_login(org.leader_user)
    response = client.post(
        reverse("recognition:suggestion_new"),
        {"employee": org.intern.pk, "kind": "suggestion", "title": "代提", "what": "w", "why": "y"},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.employee == org.intern and suggestion.submitted_by == org.leader_user
    # but not for another team's member
    with pytest.raises(PermissionDenied):
        submit(org, employee=org.worker_b, by=org.leader_user)
    # and a worker cannot submit for anyone else
    with pytest.raises(PermissionDenied):
        submit(org, employee=org.contract_worker, by=org.worker_user)


def test_photo_is_reencoded_without_metadata(org):
    upload = SimpleUploadedFile("IMG_0001.jpg", photo_bytes(), content_type="image/jpeg")
    assert b"PhoneMaker" in photo_bytes()
    suggestion = submit(org, photo=upload)
    stored = suggestion.photo.read()
    assert suggestion.photo.name.endswith(".jpg") and "IMG_0001" not in suggestion.photo.name
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()


def test_png_with_transparency_stays_png(org):
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    suggestion = submit(
        org, photo=SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    )
    assert suggestion.photo.name.endswith(".png")


def test_non_image_and_oversized_photos_are_refused(client, org):
    client.force_login(org.worker_user)
    data = {"kind": "suggestion", "title": "t", "what": "w", "why": "y"}
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>" * 10, content_type="image/jpeg")
    response = client.post(reverse("recognition:suggestion_new"), {**data, "photo": fake})
    assert response.status_code == 200 and not Suggestion.objects.exists()
    big = SimpleUploadedFile(
        "big.jpg", photo_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/jpeg"
    )
    response = client.post(reverse("recognition:suggestion_new"), {**data, "photo": big})
    assert response.status_code == 200 and not Suggestion.objects.exists()
    assert "5 MB" in response.content.decode()
    # the service refuses them too, whoever calls it
    with pytest.raises(ValidationError):
        submit(org, photo=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"))


def test_status_flow_with_responses_notifies_submitter(org):
    suggestion = submit(org)
    for status in (S.ACCEPTED, S.ADOPTED, S.IMPLEMENTED):
        services.suggestion_respond(
            suggestion=suggestion, to_status=status, text=f"答复{status}", by=org.secretary_user
        )
    suggestion.refresh_from_db()
    assert suggestion.status == S.IMPLEMENTED
    assert list(suggestion.responses.values_list("to_status", flat=True)) == [
        S.ACCEPTED,
        S.ADOPTED,
        S.IMPLEMENTED,
    ]
    assert (
        Notification.objects.filter(
            recipient=org.worker_user, key__contains="suggestion-response"
        ).count()
        == 3
    )
    assert suggestion.history.count() >= 4


def test_submitter_without_account_is_told_through_the_leader(org):
    suggestion = submit(org, employee=org.intern, by=org.leader_user)
    services.suggestion_respond(
        suggestion=suggestion, to_status=S.ACCEPTED, text="已受理", by=org.secretary_user
    )
    message = Notification.objects.get(
        recipient=org.leader_user, key__contains="suggestion-response"
    )
    assert "王实习" in message.title


ALLOWED = {
    S.SUBMITTED: {S.ACCEPTED},
    S.ACCEPTED: {S.ADOPTED, S.PARTLY_ADOPTED, S.REJECTED},
    S.ADOPTED: {S.IMPLEMENTED},
    S.PARTLY_ADOPTED: {S.IMPLEMENTED},
    S.REJECTED: set(),
    S.IMPLEMENTED: set(),
}


@pytest.mark.parametrize("start", list(ALLOWED))
@pytest.mark.parametrize("target", list(S.values) + ["bogus"])
def test_every_transition_outside_the_flow_is_refused(org, start, target):
    suggestion = SuggestionFactory(employee=org.worker, status=start)
    if target in ALLOWED[start]:
        services.suggestion_respond(
            suggestion=suggestion, to_status=target, text="好", by=org.secretary_user
        )
        suggestion.refresh_from_db()
        assert suggestion.status == target
    else:
        with pytest.raises(ValidationError):
            services.suggestion_respond(
                suggestion=suggestion, to_status=target, text="好", by=org.secretary_user
            )
        suggestion.refresh_from_db()
        assert suggestion.status == start
        assert not SuggestionResponse.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_response_text_is_refused(client, org, text):
    suggestion = submit(org)
    with pytest.raises(ValidationError):
        services.suggestion_respond(
            suggestion=suggestion, to_status=S.ACCEPTED, text=text, by=org.secretary_user
        )
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        {"action": "respond", "to_status": S.ACCEPTED, "text": text},
    )
    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUBMITTED and not SuggestionResponse.objects.exists()


def test_only_the_branch_secretary_changes_status(client, org):
    suggestion = submit(org)
    for user in (org.leader_user, org.worker_user):
        with pytest.raises(PermissionDenied):
            services.suggestion_respond(
                suggestion=suggestion, to_status=S.ACCEPTED, text="x", by=user
            )
    client.force_login(org.worker_user)
    response = client.post(
        reverse("recognition:suggestion_detail", args=[suggestion.pk]),
        {"action": "respond", "to_status": S.ACCEPTED, "text": "x"},
    )
    assert response.status_code == 403


def test_scope_worker_own_leader_team_secretary_branch(client, org):
    mine = submit(org, title="本人的建议")
    colleague = submit(org, employee=org.contract_worker, by=org.leader_user, title="同事的建议")
    other_team = submit(org, employee=org.worker_b, title="二班的建议")
    other = BranchFactory(code="other")
    stranger_user = make_account(
        EmployeeFactory(team=TeamFactory(branch=other)), role=roles.SECRETARY
    )

    def titles(user):
        client.force_login(user)
        body = client.get(reverse("recognition:suggestion_list")).content.decode()
        return {t for t in ("本人的建议", "同事的建议", "二班的建议") if t in body}

    assert titles(org.worker_user) == {"本人的建议"}
    assert titles(org.leader_user) == {"本人的建议", "同事的建议"}
    assert titles(org.secretary_user) == {"本人的建议", "同事的建议", "二班的建议"}
    assert titles(stranger_user) == set()
    client.force_login(org.worker_user)
    assert (
        client.get(reverse("recognition:suggestion_detail", args=[colleague.pk])).status_code == 404
    )
    client.force_login(stranger_user)
    assert client.get(reverse("recognition:suggestion_detail", args=[mine.pk])).status_code == 404
    assert (
        client.get(reverse("recognition:suggestion_detail", args=[other_team.pk])).status_code
        == 404
    )


def test_overdue_escalated_once_to_secretaries(org):
    with time_machine.travel(START, tick=False):
        late = submit(org, title="迟迟未答复")
        answered = submit(org, title="按时答复")
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        services.suggestion_respond(
            suggestion=answered, to_status=S.ACCEPTED, text="受理", by=org.secretary_user
        )
    with time_machine.travel(START + datetime.timedelta(days=6, hours=23), tick=False):
        assert services.suggestions_escalate_overdue() == 0
    with time_machine.travel(START + datetime.timedelta(days=7, minutes=1), tick=False):
        assert tasks.escalate_overdue_suggestions.delay().get() == 1
        assert services.suggestions_escalate_overdue() == 0  # twice: still once
    messages = Notification.objects.filter(key__startswith="recognition:suggestion-overdue")
    assert [(m.recipient, m.title) for m in messages] == [
        (org.secretary_user, "建议逾期未答复：迟迟未答复")
    ]
    late.refresh_from_db()
    assert late.escalated_at is not None and late.is_overdue(START + datetime.timedelta(days=8))


def test_overdue_escalation_also_reaches_another_committee_member(org, org2):
    from branch.factories import CommitteeMemberFactory
    from branch.models import CommitteePost

    deputy = EmployeeFactory(team=org.team_b, name="副书记", staff_no="D001")
    deputy_user = make_account(deputy)
    CommitteeMemberFactory(employee=org.secretary, post=CommitteePost.SECRETARY)
    CommitteeMemberFactory(employee=deputy, post=CommitteePost.DEPUTY_SECRETARY)
    CommitteeMemberFactory(employee=org2.leader, post=CommitteePost.DEPUTY_SECRETARY)
    with time_machine.travel(START, tick=False):
        submit(org, title="没人管的建议")
    with time_machine.travel(START + datetime.timedelta(days=8), tick=False):
        assert services.suggestions_escalate_overdue() == 1
        assert services.suggestions_escalate_overdue() == 0
    recipients = set(
        Notification.objects.filter(key__startswith="recognition:suggestion-overdue").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {org.secretary_user.pk, deputy_user.pk}  # never the other branch's


def test_the_committee_member_an_overdue_suggestion_went_to_can_answer_it(client, org, org2):
    from branch.factories import CommitteeMemberFactory
    from branch.models import CommitteePost

    deputy = EmployeeFactory(team=org.team_b, name="副书记", staff_no="D001")
    deputy_user = make_account(deputy)
    CommitteeMemberFactory(employee=org.secretary, post=CommitteePost.SECRETARY)
    CommitteeMemberFactory(employee=deputy, post=CommitteePost.DEPUTY_SECRETARY)
    with time_machine.travel(START, tick=False):
        late = submit(org, title="没人管的建议")
    with time_machine.travel(START + datetime.timedelta(days=5), tick=False):
        on_time = submit(org, title="还没到期的建议")
    url = reverse("recognition:suggestion_detail", args=[late.pk])
    # Before the deadline the deputy neither sees nor answers it.
    client.force_login(deputy_user)
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.suggestion_respond(suggestion=late, to_status=S.ACCEPTED, text="受理",
                                    by=deputy_user)  # fmt: skip
    with time_machine.travel(START + datetime.timedelta(days=8), tick=False):
        services.suggestions_escalate_overdue()
    late.refresh_from_db()
    assert late.escalated_to == deputy
    page = client.get(url).content.decode()
    assert "没人管的建议" in page and 'name="to_status"' in page
    assert 'value="benefit"' not in page  # benefits and awards stay with the secretary
    response = client.post(
        url, {"action": "respond", "to_status": S.ACCEPTED, "text": "已受理，马上处理"}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == S.ACCEPTED and late.responses.get().responded_by == deputy_user
    # Only the escalated one: the suggestion that is not overdue stays out of reach.
    assert (
        client.get(reverse("recognition:suggestion_detail", args=[on_time.pk])).status_code == 404
    )
    # The other branch's secretary still cannot.
    client.force_login(org2.secretary_user)
    assert client.get(url).status_code == 404


def test_list_marks_overdue_and_filters(client, org):
    with time_machine.travel(START, tick=False):
        submit(org, title="老建议")
    with time_machine.travel(START + datetime.timedelta(days=10), tick=False):
        submit(org, title="新建议")
        client.force_login(org.secretary_user)
        body = client.get(reverse("recognition:suggestion_list")).content.decode()
        assert body.count("逾期未答复") >= 2  # the notice and the row tag
        filtered = client.get(
            reverse("recognition:suggestion_list"), {"overdue": "1"}
        ).content.decode()
    assert "老建议" in filtered and "新建议" not in filtered


def test_response_after_deadline_stops_overdue(org):
    with time_machine.travel(START, tick=False):
        suggestion = submit(org)
    with time_machine.travel(START + datetime.timedelta(days=9), tick=False):
        services.suggestion_respond(
            suggestion=suggestion, to_status=S.ACCEPTED, text="迟到的答复", by=org.secretary_user
        )
        suggestion.refresh_from_db()
        assert not suggestion.is_overdue()
        assert services.suggestions_escalate_overdue() == 0


def test_board_shows_adopted_and_implemented_to_members_only(client, org):
    statuses = {
        "提交的": S.SUBMITTED,
        "采纳的": S.ADOPTED,
        "部分的": S.PARTLY_ADOPTED,
        "不采纳的": S.REJECTED,
        "实施的": S.IMPLEMENTED,
    }
    for title, status in statuses.items():
        SuggestionFactory(employee=org.worker_b, title=title, status=status)
    client.force_login(org.worker_user)
    body = client.get(reverse("recognition:suggestion_board")).content.decode()
    assert {t for t in statuses if t in body} == {"采纳的", "部分的", "实施的"}
    client.logout()
    assert client.get(reverse("recognition:suggestion_board")).status_code == 302


def test_suggestion_list_query_count_is_constant(client, org, django_assert_max_num_queries):
    def build(n):
        for i in range(n):
            SuggestionFactory(employee=[org.worker, org.contract_worker, org.intern][i % 3])

    client.force_login(org.leader_user)
    url = reverse("recognition:suggestion_list")
    build(10)
    client.get(url)
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    build(20)
    with django_assert_max_num_queries(15) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
    print(f"suggestion list queries: {len(small.captured_queries)}")


def test_photo_is_served_only_to_people_who_may_see_it(client, org):
    upload = SimpleUploadedFile("p.jpg", photo_bytes(), content_type="image/jpeg")
    suggestion = submit(org, photo=upload)
    url = reverse("recognition:suggestion_photo", args=[suggestion.pk])
    for user in (org.worker_user, org.leader_user, org.secretary_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(org.worker_b_user)
    assert client.get(url).status_code == 404
    # once adopted it is on the public board, so every member of the branch may see it
    Suggestion.objects.filter(pk=suggestion.pk).update(status=S.ADOPTED)
    assert client.get(url).status_code == 200
    stranger = make_account(EmployeeFactory(team=TeamFactory(branch=BranchFactory(code="other"))))
    client.force_login(stranger)
    assert client.get(url).status_code == 404
