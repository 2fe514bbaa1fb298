"""Hardship cases: confidential (404 to everyone but secretaries and handlers), every read
logged, status rules, visits, follow-up reminders and private attachments."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import empty

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Notification
from care import services
from care.models import CaseAccessLog, CaseAttachment, CaseStatus, HardshipCase, private_storage

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_STORAGE_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def case(org):
    return services.case_create(
        branch=org.branch, employee=org.contract_worker, category="illness",
        description="母亲住院，医药费困难。", created_by=org.secretary_user,
        handlers=[org.leader_b_user], follow_up_on=D(2026, 12, 1),
    )  # fmt: skip


@pytest.fixture
def other_secretary(db):
    team = TeamFactory(branch=BranchFactory(code="other"))
    return make_account(EmployeeFactory(team=team, staff_no="S900"), role=roles.SECRETARY)


def test_secretary_and_handler_read_and_every_read_is_logged(client, org, case):
    url = reverse("care:case_detail", args=[case.pk])
    for user in (org.secretary_user, org.leader_b_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "母亲住院" in response.content.decode()
    logs = list(CaseAccessLog.objects.values_list("user", "action"))
    assert logs.count((org.secretary_user.pk, "view")) == 1
    assert logs.count((org.leader_b_user.pk, "view")) == 1


@pytest.mark.parametrize("who", ["leader_user", "worker_user", "worker_b_user", "other", "anon"])
def test_everyone_else_gets_404_and_nothing_leaks(client, org, case, other_secretary, who):
    if who == "other":
        client.force_login(other_secretary)
    elif who != "anon":
        client.force_login(getattr(org, who))
    response = client.get(reverse("care:case_detail", args=[case.pk]))
    assert response.status_code == (302 if who == "anon" else 404)
    response = client.get(reverse("care:case_list"))
    if who != "anon":
        assert "母亲住院" not in response.content.decode()
        assert "李合同" not in response.content.decode()
    assert not CaseAccessLog.objects.exists()


def test_guessed_ids_are_404_like_forbidden_ones(client, org, case):
    client.force_login(org.leader_user)
    assert client.get(reverse("care:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("care:case_detail", args=[case.pk + 999])).status_code == 404


def test_leader_posting_to_a_case_is_refused(client, org, case):
    client.force_login(org.leader_user)
    response = client.post(
        reverse("care:case_detail", args=[case.pk]), {"action": "status", "status": "following"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        (["following", "resolved"], True),
        (["following", "closed"], True),
        (["closed"], True),
        (["resolved"], False),
        (["following", "registered"], False),
        (["following", "resolved", "following"], False),
        (["closed", "following"], False),
        (["nonsense"], False),
    ],
)
def test_status_transitions(org, case, path, ok):
    try:
        for status in path:
            services.case_transition(case=case, status=status, user=org.secretary_user)
    except ValidationError:
        assert not ok
    else:
        assert ok
        case.refresh_from_db()
        assert case.status == path[-1]


def test_case_keeps_history(org, case):
    services.case_transition(case=case, status="following", user=org.secretary_user)
    statuses = list(case.history.order_by("history_date").values_list("status", flat=True))
    # Naming the handlers is a change of its own in the history (one more "registered").
    assert [s for i, s in enumerate(statuses) if not i or s != statuses[i - 1]] == [
        "registered",
        "following",
    ]


def test_case_handlers_are_kept_in_history(org, org2, case):
    case.handlers.set([org.leader_user])
    case.handlers.set([org.secretary_user])
    handler_sets = [
        {row.user_id for row in version.handlers.all()}
        for version in case.history.order_by("history_date")
    ]
    assert {org.leader_user.pk} in handler_sets
    assert handler_sets[-1] == {org.secretary_user.pk}


def test_visit_moves_case_to_following_and_sets_follow_up(client, org, case):
    client.force_login(org.leader_b_user)
    client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "visit", "visited_on": "2026-11-20", "notes": "到医院看望，送去慰问金。",
         "follow_up_on": "2026-12-20"},
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOWING
    assert case.follow_up_on == D(2026, 12, 20)
    assert case.visits.get().visitor == org.leader_b_user


def test_future_visit_date_is_refused(org, case):
    with pytest.raises(ValidationError):
        services.visit_record(
            case=case, visitor=org.secretary_user, visited_on=D(2099, 1, 1), notes="x"
        )


def test_only_secretary_creates_cases_and_names_handlers(org):
    with pytest.raises(PermissionDenied):
        services.case_create(
            branch=org.branch, employee=org.worker, category="housing", description="x",
            created_by=org.leader_user,
        )  # fmt: skip


def test_follow_up_reminders_reach_handlers_once(org, case):
    assert services.remind_follow_ups(D(2026, 11, 30)) == 0
    assert services.remind_follow_ups(D(2026, 12, 1)) == 1
    assert services.remind_follow_ups(D(2026, 12, 2)) == 0  # same follow-up date: same key
    note = Notification.objects.get(recipient=org.leader_b_user)
    assert note.title.startswith("回访提醒")
    assert "李合同" not in note.title + note.body  # confidential: no name in the message
    services.case_transition(case=case, status="closed", user=org.secretary_user)
    case.follow_up_on = D(2026, 12, 10)
    case.save()
    assert services.remind_follow_ups(D(2026, 12, 10)) == 0  # closed cases are not reminded


def test_follow_up_without_handlers_reminds_secretaries(org):
    services.case_create(
        branch=org.branch, employee=org.worker, category="money", description="x",
        created_by=org.secretary_user, follow_up_on=D(2026, 12, 1),
    )  # fmt: skip
    services.run_daily_care(D(2026, 12, 1))
    assert Notification.objects.filter(recipient=org.secretary_user).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.png", PNG, "image/png"),
        ("report.pdf", PDF, "application/pdf"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("letter.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)  # fmt: skip
def test_attachments_typed_by_content_and_stored_privately(
    org, case, private_root, name, content, expected
):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    attachment = services.attachment_add(case=case, upload=upload, user=org.secretary_user)
    assert attachment.content_type == expected
    path = private_root / attachment.file.name
    assert path.exists() and path.read_bytes() == content
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no public URL


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script>"),
        ("fake.png", b"GIF89a" + b"\x00" * 20),
        ("notes.docx", b"PK\x03\x04not a zip"),
        ("archive.docx", b""),
    ],
)
def test_attachments_of_other_types_are_refused(org, case, name, content):
    upload = SimpleUploadedFile(name, content or b"x")
    with pytest.raises(ValidationError, match="只接受"):
        services.attachment_add(case=case, upload=upload, user=org.secretary_user)
    assert not CaseAttachment.objects.exists()


def test_attachment_over_10_mb_is_refused(org, case):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10 MB"):
        services.attachment_add(case=case, upload=upload, user=org.secretary_user)


def test_attachment_download_checks_permission_and_logs(client, org, case):
    attachment = services.attachment_add(
        case=case, upload=SimpleUploadedFile("病历.pdf", PDF), user=org.secretary_user
    )
    url = reverse("care:case_attachment", args=[case.pk, attachment.pk])
    client.force_login(org.leader_b_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert CaseAccessLog.objects.filter(action="download", user=org.leader_b_user).exists()
    client.force_login(org.leader_user)
    assert client.get(url).status_code == 404


def test_upload_through_the_page(client, org, case):
    client.force_login(org.secretary_user)
    client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "attach", "file": SimpleUploadedFile("a.png", PNG)},
    )
    assert case.attachments.count() == 1
    response = client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "attach", "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")},
        follow=True,
    )
    assert "只接受" in response.content.decode()
    assert case.attachments.count() == 1


def test_secretary_creates_case_on_the_page(client, org):
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("care:case_create"),
        {"employee": org.intern.pk, "category": "housing", "description": "租房困难",
         "handlers": [org.leader_user.pk], "follow_up_on": "2026-12-05"},
    )  # fmt: skip
    assert response.status_code == 302
    case = HardshipCase.objects.get()
    assert list(case.handlers.all()) == [org.leader_user]
    client.force_login(org.leader_user)
    assert client.get(reverse("care:case_detail", args=[case.pk])).status_code == 200


def test_case_pages_query_count_is_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.secretary_user)

    def add(n):
        for _ in range(n):
            case = services.case_create(
                branch=org.branch, employee=EmployeeFactory(team=org.team_a), category="other",
                description="x", created_by=org.secretary_user, handlers=[org.leader_user],
            )  # fmt: skip
            services.visit_record(
                case=case, visitor=org.secretary_user, visited_on=D(2026, 11, 1), notes="看望"
            )
        return case

    case = add(3)
    with django_assert_max_num_queries(16):
        client.get(reverse("care:case_list"))
    with django_assert_max_num_queries(30):
        client.get(reverse("care:case_detail", args=[case.pk]))
    case = add(9)
    for _ in range(5):
        services.visit_record(
            case=case, visitor=org.secretary_user, visited_on=D(2026, 11, 2), notes="再访"
        )
        client.get(reverse("care:case_detail", args=[case.pk]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("care:case_list"))
    assert response.content.decode().count('data-testid="case"') == 12
    with django_assert_max_num_queries(30):
        client.get(reverse("care:case_detail", args=[case.pk]))


def test_secretary_changes_handlers_and_follow_up(client, org, case):
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "update", "handlers": [org.leader_user.pk], "follow_up_on": "2026-12-09"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert list(case.handlers.all()) == [org.leader_user] and case.follow_up_on == D(2026, 12, 9)
    client.force_login(org.leader_user)
    assert client.get(reverse("care:case_detail", args=[case.pk])).status_code == 200
    client.force_login(org.leader_b_user)  # no longer a handler
    assert client.get(reverse("care:case_detail", args=[case.pk])).status_code == 404


def test_handler_cannot_name_handlers(client, org, case):
    client.force_login(org.leader_b_user)
    response = client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "update", "handlers": [org.leader_b_user.pk, org.leader_user.pk]},
    )
    assert response.status_code == 403
    assert list(case.handlers.all()) == [org.leader_b_user]
    with pytest.raises(PermissionDenied):
        services.case_update(case=case, user=org.leader_b_user, handlers=[org.leader_user])


def test_other_branch_users_cannot_be_named_handlers(client, org, case, other_secretary):
    client.force_login(org.secretary_user)
    client.post(
        reverse("care:case_detail", args=[case.pk]),
        {"action": "update", "handlers": [other_secretary.pk]},
        follow=True,
    )
    assert list(case.handlers.all()) == [org.leader_b_user]


def test_service_refuses_handlers_from_another_branch(org, case, other_secretary):
    with pytest.raises(ValidationError, match="本支部"):
        services.case_update(case=case, user=org.secretary_user, handlers=[other_secretary])
    with pytest.raises(ValidationError, match="本支部"):
        services.case_create(
            branch=org.branch, employee=org.worker, category="other", description="x",
            created_by=org.secretary_user, handlers=[other_secretary],
        )  # fmt: skip
