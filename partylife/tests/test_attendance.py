"""The host's attendance page in the meeting room, files and who may read what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partylife import services
from partylife.models import AttendanceStatus, MeetingFile, MeetingKind

from ..factories import make_party_members
from .helpers import png_upload

DAY = datetime.date(2026, 3, 10)


def _meeting(org, kind=MeetingKind.GENERAL_ASSEMBLY, **extra):
    return services.meeting_create(
        branch=org.branch, user=org.secretary_user, kind=kind, title="三月支部党员大会",
        held_on=DAY, host=org.leader, **extra,
    )  # fmt: skip


def test_one_tap_marks_a_person_present_and_a_reason_goes_with_an_absence(party, client):
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    client.force_login(party.leader_user)  # the host
    response = client.post(url, {"employee": party.worker.pk, "status": "present"})
    assert response.status_code == 302 and response["Location"].endswith(f"#p{party.worker.pk}")
    response = client.post(
        url, {"employee": party.secretary.pk, "status": "excused", "reason": "外出培训"}
    )
    statuses = dict(meeting.attendances.values_list("employee_id", "status"))
    assert statuses[party.worker.pk] == AttendanceStatus.PRESENT
    assert statuses[party.secretary.pk] == AttendanceStatus.EXCUSED
    page = client.get(url).content.decode()
    assert "外出培训" in page and "到 1" in page and "请假 1" in page


def test_the_roll_is_one_form_and_each_tap_marks_its_own_row_with_its_own_reason(party, client):
    """The page sends ``mark=<id>:<status>`` and the reasons of every row: only the tapped row
    is marked, with the reason typed in that row."""
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    client.force_login(party.leader_user)
    page = client.get(url).content.decode()
    roll = page[
        page.index('<ul class="roll">') : page.index("</ul>", page.index('<ul class="roll">'))
    ]
    assert roll.count('data-testid="roll-row"') == meeting.attendances.count() >= 2
    assert "csrfmiddlewaretoken" not in roll
    assert f'name="mark" value="{party.secretary.pk}:excused"' in page
    response = client.post(
        url,
        {
            "mark": f"{party.secretary.pk}:excused",
            f"reason-{party.secretary.pk}": "外出培训",
            f"reason-{party.worker.pk}": "不该带上",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#p{party.secretary.pk}")
    rows = {a.employee_id: a for a in meeting.attendances.all()}
    assert (rows[party.secretary.pk].status, rows[party.secretary.pk].reason) == (
        AttendanceStatus.EXCUSED,
        "外出培训",
    )
    assert rows[party.worker.pk].status == AttendanceStatus.PENDING
    assert rows[party.worker.pk].reason == ""
    for mark in (f"{party.worker.pk}:sleeping", "abc:present", ":present", f"{party.worker.pk}"):
        assert client.post(url, {"mark": mark}, follow=True).status_code == 200
    assert meeting.attendances.get(employee=party.worker).status == AttendanceStatus.PENDING


def test_the_roll_shows_each_status_and_reason_as_text(party, client):
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    services.attendance_mark(
        meeting=meeting, employee_id=party.worker.pk, status="excused",
        reason='<b>外出</b> & "培训"', user=party.secretary_user,
    )  # fmt: skip
    client.force_login(party.secretary_user)
    page = client.get(url).content.decode()
    row = page[page.index(f'<li id="p{party.worker.pk}"') :]
    row = row[: row.index("</li>")]
    assert (
        'class="roll-row status-excused"' in row and '<span class="tag status-excused">请假' in row
    )
    assert 'value="&lt;b&gt;外出&lt;/b&gt; &amp; &quot;培训&quot;"' in row and "<b>" not in row
    assert f'name="reason-{party.worker.pk}"' in row
    pending = page[page.index(f'<li id="p{party.leader.pk}"') :]
    assert '<span class="tag status-pending">未签到' in pending[: pending.index("</li>")]


def test_bad_attendance_input_is_refused_without_a_500(party, org2, client):
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    client.force_login(party.secretary_user)
    for data in (
        {"employee": "²", "status": "present"},
        {"employee": str(2**70), "status": "present"},
        {"employee": party.worker.pk, "status": "sleeping"},
        {"employee": org2.worker.pk, "status": "present"},  # not on this list
        {},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
    assert not meeting.attendances.exclude(status=AttendanceStatus.PENDING).exists()


def test_only_host_recorder_and_secretary_take_attendance_and_not_after_lock(party, org2, client):
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    for user, status in (
        (party.worker_user, 403),
        (party.leader_b_user, 404),
        (org2.secretary_user, 404),
        (party.leader_user, 200),
        (party.secretary_user, 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="记录")
    services.meeting_lock(meeting=meeting, user=party.secretary_user)
    client.force_login(party.leader_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"employee": party.worker.pk, "status": "present"}).status_code == 403


def test_attendance_page_queries_do_not_grow_with_the_roster(
    party, client, django_assert_max_num_queries
):
    meeting = _meeting(party)
    url = reverse("partylife:meeting_attendance", args=[meeting.pk])
    client.force_login(party.leader_user)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    first = len(few.captured_queries)
    for team in (party.team_a, party.team_b):
        for person in make_party_members(team, 8, prefix=f"新{team.pk}-", staff_prefix="N"):
            services.attendance_add(meeting=meeting, employee=person, user=party.secretary_user)
    with django_assert_max_num_queries(first):
        response = client.get(url)
    assert response.content.decode().count('data-testid="roll-row"') == 8 + 16


def test_committee_minutes_only_for_the_committee_and_the_secretary(party, org2, client):
    invited = party.worker  # probationary, not on the committee, invited to sit in
    meeting = _meeting(party, MeetingKind.COMMITTEE, attendees=[invited])
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="研究发展对象人选")
    photo = services.meeting_file_add(
        meeting=meeting, upload=png_upload(), kind="photo", user=party.secretary_user
    )
    detail = reverse("partylife:meeting_detail", args=[meeting.pk])
    file_url = reverse("partylife:meeting_file", args=[meeting.pk, photo.pk])
    client.force_login(party.worker_user)
    page = client.get(detail).content.decode()
    assert "研究发展对象人选" not in page and "支委会会议记录仅限支委和书记查看" in page
    assert client.get(file_url).status_code == 404
    client.force_login(party.committee_user)
    assert "研究发展对象人选" in client.get(detail).content.decode()
    assert client.get(file_url).status_code == 200
    client.force_login(party.leader_b_user)  # neither committee nor invited
    assert client.get(detail).status_code == 404
    client.force_login(org2.secretary_user)
    assert client.get(detail).status_code == 404
    assert client.get(file_url).status_code == 404
    client.force_login(party.secretary_user)
    assert "研究发展对象人选" in client.get(detail).content.decode()


def test_photos_are_checked_and_reencoded_and_disguised_files_refused(party, client):
    meeting = _meeting(party)
    client.force_login(party.secretary_user)
    url = reverse("partylife:meeting_file_upload", args=[meeting.pk])
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    response = client.post(url, {"kind": "photo", "file": fake}, follow=True)
    assert (
        "不支持的文件类型" in response.content.decode() or "只能上传" in response.content.decode()
    )
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (6 * 1024 * 1024))
    client.post(url, {"kind": "photo", "file": big})
    assert not MeetingFile.objects.exists()
    client.post(url, {"kind": "photo", "file": png_upload("现场.png")})
    item = MeetingFile.objects.get()
    assert item.original_name == "现场.png" and item.file.name.startswith("partylife/meetings/")
    response = client.get(reverse("partylife:meeting_file", args=[meeting.pk, item.pk]))
    assert response["Content-Type"] == "image/png"
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n", "application/pdf")
    client.post(url, {"kind": "attachment", "file": pdf})
    assert MeetingFile.objects.filter(kind="attachment", content_kind="pdf").exists()


@pytest.mark.parametrize("kind", ["photo", "attachment"])
def test_no_files_after_lock(party, kind):
    meeting = _meeting(party)
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="记录")
    services.meeting_lock(meeting=meeting, user=party.secretary_user)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.meeting_file_add(
            meeting=meeting, upload=png_upload(), kind=kind, user=party.secretary_user
        )


def test_the_secretary_reopens_a_locked_record_with_a_reason_kept_in_history(party, org2, client):
    meeting = _meeting(party)
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="记录")
    services.meeting_lock(meeting=meeting, user=party.secretary_user)
    url = reverse("partylife:meeting_unlock", args=[meeting.pk])
    detail = reverse("partylife:meeting_detail", args=[meeting.pk])
    # Nobody else may reopen it: the host, another branch's secretary.
    client.force_login(party.leader_user)
    client.post(url, {"reason": "补记出席情况"})
    client.force_login(org2.secretary_user)
    assert client.post(url, {"reason": "补记出席情况"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.is_locked
    # A reason is required.
    client.force_login(party.secretary_user)
    page = client.post(url, {"reason": "  "}, follow=True).content.decode()
    meeting.refresh_from_db()
    assert meeting.is_locked and "至少" in page
    page = client.post(url, {"reason": "补记出席情况"}, follow=True).content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_locked
    assert "补记出席情况" in client.get(detail).content.decode()
    # Open again: the host may correct the attendance, then the secretary locks it once more.
    client.force_login(party.leader_user)
    attendance = reverse("partylife:meeting_attendance", args=[meeting.pk])
    assert client.get(attendance).status_code == 200
    services.meeting_lock(meeting=meeting, user=party.secretary_user)
    assert client.get(attendance).status_code == 403
