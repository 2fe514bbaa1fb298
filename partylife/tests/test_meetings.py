"""Recording meetings: who is expected, the committee rule, who may record, edit and lock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branch.models import PoliticalStatus
from home.factories import study_index, study_material
from partylife import services
from partylife.models import Meeting, MeetingKind, ThemedActivity

from ..factories import make_party_members

DAY = datetime.date(2026, 3, 10)


def _create(org, kind=MeetingKind.GENERAL_ASSEMBLY, user=None, **extra):
    fields = {"title": "三月支部党员大会", "held_on": DAY, "host": org.secretary, **extra}
    return services.meeting_create(
        branch=org.branch, user=user or org.secretary_user, kind=kind, **fields
    )


def test_general_assembly_expects_every_party_member_and_nobody_else(party, org2):
    meeting = _create(party)
    expected = set(meeting.attendances.values_list("employee__name", flat=True))
    assert {"书记", "班长甲", "张正式"} <= expected  # full and probationary members
    assert "李合同" not in expected  # 群众
    assert len(expected) == 8
    assert not any(name.startswith("外") for name in expected)


def test_committee_meeting_refused_with_the_reason_below_seven_full_members(org):
    org.secretary.political_status = PoliticalStatus.MEMBER
    org.secretary.save()
    make_party_members(org.team_b, 5)  # six full members
    with pytest.raises(ValidationError) as exc:
        _create(org, MeetingKind.COMMITTEE)
    assert "7" in str(exc.value) and "6" in str(exc.value)
    assert not Meeting.objects.exists()


def test_committee_meeting_in_a_branch_with_a_committee_expects_the_committee(party):
    meeting = _create(party, MeetingKind.COMMITTEE, title="支委会")
    assert set(meeting.attendances.values_list("employee", flat=True)) == {
        party.secretary.pk,
        party.leader.pk,
        party.members[0].pk,
    }


def test_group_leader_records_their_group_meeting_only(party):
    meeting = _create(
        party, MeetingKind.GROUP, user=party.leader_user, party_group=party.group, host=party.leader
    )
    assert meeting.attendances.count() == 3
    with pytest.raises(PermissionDenied):
        _create(party, MeetingKind.GENERAL_ASSEMBLY, user=party.leader_user, host=party.leader)
    with pytest.raises(PermissionDenied):
        _create(party, MeetingKind.GROUP, user=party.worker_user, party_group=party.group)


def test_themed_day_needs_its_activity_and_a_discussion_its_topic(party):
    with pytest.raises(ValidationError) as exc:
        _create(party, MeetingKind.THEMED_DAY)
    assert "themed_activity" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(party, MeetingKind.THEMED_DAY, themed_activity=ThemedActivity.DISCUSSION)
    assert "topic" in exc.value.message_dict
    meeting = _create(
        party, MeetingKind.THEMED_DAY, themed_activity=ThemedActivity.OATH, title="重温入党誓词"
    )
    assert meeting.themed_activity == ThemedActivity.OATH


def test_one_session_counts_for_two_kinds_and_a_lecture_links_its_own_branch_material(party, org2):
    material = study_material(study_index(party.branch), title="党章学习")
    foreign = study_material(study_index(org2.branch, slug="s2"), title="外支部资料", slug="f1")
    meeting = _create(
        party, also_counts_as=MeetingKind.LECTURE, study_material=material, title="大会+党课"
    )
    assert meeting.kinds == (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.LECTURE)
    with pytest.raises(ValidationError) as exc:
        _create(party, MeetingKind.LECTURE, study_material=foreign)
    assert "study_material" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _create(party, also_counts_as=MeetingKind.GENERAL_ASSEMBLY)


def test_host_of_another_branch_is_refused(party, org2):
    with pytest.raises(ValidationError) as exc:
        _create(party, host=org2.secretary)
    assert "host" in exc.value.message_dict


def test_locked_meeting_cannot_be_edited_and_history_is_kept(party, client):
    meeting = _create(party)
    with pytest.raises(ValidationError):
        services.meeting_lock(meeting=meeting, user=party.secretary_user)  # no minutes yet
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="会议记录")
    with pytest.raises(PermissionDenied):
        services.meeting_lock(meeting=meeting, user=party.leader_user)
    services.meeting_lock(meeting=meeting, user=party.secretary_user)
    with pytest.raises(PermissionDenied):
        services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="改")
    meeting.refresh_from_db()
    assert meeting.minutes == "会议记录"
    assert meeting.history.count() == 3  # created, minutes, locked
    client.force_login(party.secretary_user)
    assert client.get(reverse("partylife:meeting_edit", args=[meeting.pk])).status_code == 403
    page = client.get(reverse("partylife:meeting_detail", args=[meeting.pk])).content.decode()
    assert "会议记录" in page and "已锁定" in page


def test_create_page_shows_chinese_errors_and_records(party, client):
    client.force_login(party.secretary_user)
    url = reverse("partylife:meeting_create")
    response = client.post(url, {"kind": "themed_day", "title": "主题党日", "held_on": "2026-03-10",
                                 "host": party.secretary.pk, "themed_activity": "discussion"})  # fmt: skip
    assert response.status_code == 200
    assert "专题讨论需要填写议题" in response.content.decode()
    response = client.post(url, {"kind": "assembly", "title": "大会", "held_on": "2026-13-40",
                                 "host": "²"})  # fmt: skip
    assert response.status_code == 200
    response = client.post(url, {"kind": "assembly", "title": "三月大会", "held_on": "2026-03-10",
                                 "host": party.secretary.pk,
                                 "attendees": [party.contract_worker.pk]})  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="三月大会")
    assert meeting.attendances.filter(employee=party.contract_worker).exists()
    assert meeting.recorder == party.secretary


def test_workers_and_the_other_branch_cannot_record_or_see(party, org2, client):
    meeting = _create(party)
    for user in (org2.secretary_user, org2.worker_user):
        client.force_login(user)
        assert client.get(reverse("partylife:meeting_detail", args=[meeting.pk])).status_code == 404
        assert (
            "三月支部党员大会" not in client.get(reverse("partylife:meeting_list")).content.decode()
        )
    client.force_login(party.worker_user)
    assert client.get(reverse("partylife:meeting_create")).status_code == 403
    assert client.get(reverse("partylife:meeting_detail", args=[meeting.pk])).status_code == 200


def test_meeting_list_queries_stay_constant(party, client, django_assert_max_num_queries):
    client.force_login(party.secretary_user)
    for i in range(3):
        _create(party, title=f"会{i}")
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("partylife:meeting_list"))
    first = len(few.captured_queries)
    for i in range(6):
        _create(party, title=f"更多会{i}")
    with django_assert_max_num_queries(first):
        response = client.get(reverse("partylife:meeting_list"))
    assert response.content.decode().count('data-testid="meeting"') == 9


def test_list_filter_by_kind_includes_sessions_counted_for_two_kinds(party, client):
    _create(party, also_counts_as=MeetingKind.LECTURE, title="大会暨党课")
    _create(party, title="只是大会")
    client.force_login(party.secretary_user)
    page = client.get(reverse("partylife:meeting_list"), {"kind": "lecture"}).content.decode()
    assert "大会暨党课" in page and "只是大会" not in page
    page = client.get(reverse("partylife:meeting_list"), {"kind": "nonsense"}).content.decode()
    assert "大会暨党课" in page and "只是大会" in page
