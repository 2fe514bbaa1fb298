"""Compliance over a year: held, held late, missing, due; the branch's own requirements."""

import datetime

from django.urls import reverse

from partylife import compliance, services
from partylife.models import Frequency, MeetingKind, ThemedActivity

YEAR = 2026


def _hold(org, kind, day, **extra):
    if kind == MeetingKind.THEMED_DAY:
        extra.setdefault("themed_activity", ThemedActivity.VIDEO)
    if kind == MeetingKind.GROUP:
        extra.setdefault("party_group", org.group)
    return services.meeting_create(
        branch=org.branch, user=org.secretary_user, kind=kind, title=f"{kind}{day}",
        held_on=day, host=org.secretary, **extra,
    )  # fmt: skip


def _statuses(report, kind):
    row = next(r for r in report.rows if r.kind == kind)
    return [cell.status for cell in row.cells]


def test_a_year_with_missing_late_and_double_counted_meetings(party, org2):
    d = datetime.date
    _hold(party, MeetingKind.GENERAL_ASSEMBLY, d(YEAR, 2, 10), also_counts_as=MeetingKind.LECTURE)
    # Q2's general meeting was only held in July, as a make-up for Q2
    _hold(party, MeetingKind.GENERAL_ASSEMBLY, d(YEAR, 7, 3), period_of=d(YEAR, 6, 1))
    _hold(party, MeetingKind.LECTURE, d(YEAR, 6, 30))  # on the last day of Q2: on time
    for month in (1, 2, 4):
        _hold(party, MeetingKind.THEMED_DAY, d(YEAR, month, 1))
    _hold(party, MeetingKind.THEMED_DAY, d(YEAR, 9, 20))  # planned, not yet held
    _hold(org2, MeetingKind.GENERAL_ASSEMBLY, d(YEAR, 8, 1)) if False else None
    today = d(YEAR, 8, 15)
    report = compliance.branch_compliance(party.branch, YEAR, today)
    assert _statuses(report, MeetingKind.GENERAL_ASSEMBLY) == ["held", "late", "due", "upcoming"]
    assert _statuses(report, MeetingKind.LECTURE) == ["held", "held", "due", "upcoming"]
    themed = _statuses(report, MeetingKind.THEMED_DAY)
    assert themed[:8] == ["held", "held", "missing", "held", "missing", "missing", "missing", "due"]
    assert themed[8:] == ["planned", "upcoming", "upcoming", "upcoming"]
    assert _statuses(report, MeetingKind.ORG_LIFE) == ["due"]
    assert _statuses(report, MeetingKind.COMMITTEE).count("missing") == 7
    # the year after: what was never held stays missing
    later = compliance.branch_compliance(party.branch, YEAR, d(YEAR + 1, 1, 5))
    assert _statuses(later, MeetingKind.ORG_LIFE) == ["missing"]
    assert _statuses(later, MeetingKind.GENERAL_ASSEMBLY) == ["held", "late", "missing", "missing"]


def test_period_edges_and_the_branch_own_requirement(party):
    d = datetime.date
    _hold(party, MeetingKind.GROUP, d(YEAR, 1, 31))
    _hold(party, MeetingKind.GROUP, d(YEAR, 3, 1))
    report = compliance.branch_compliance(party.branch, YEAR, d(YEAR, 3, 1))
    assert _statuses(report, MeetingKind.GROUP)[:3] == ["held", "missing", "held"]
    services.requirement_set(
        branch=party.branch, kind=MeetingKind.GROUP, frequency=Frequency.QUARTERLY
    )
    services.requirement_set(
        branch=party.branch, kind=MeetingKind.COMMITTEE, frequency=Frequency.MONTHLY, required=False
    )
    report = compliance.branch_compliance(party.branch, YEAR, d(YEAR, 3, 1))
    assert _statuses(report, MeetingKind.GROUP) == ["held", "upcoming", "upcoming", "upcoming"]
    assert MeetingKind.COMMITTEE not in [r.kind for r in report.rows]


def test_talks_count_each_member_once_a_year(party):
    services.meeting_create(
        branch=party.branch, user=party.secretary_user, kind=MeetingKind.TALK, title="谈心",
        held_on=datetime.date(YEAR, 4, 2), host=party.secretary, attendees=[party.worker],
    )  # fmt: skip
    report = compliance.branch_compliance(party.branch, YEAR, datetime.date(YEAR, 5, 1))
    assert report.talks.members == 8 and report.talks.talked == 2
    assert "张正式" not in report.talks.missing_names and "班长甲" in report.talks.missing_names


def test_compliance_page_for_the_secretary_only_with_constant_queries(
    party, org2, client, django_assert_max_num_queries
):
    url = reverse("partylife:compliance")
    client.force_login(party.secretary_user)
    _hold(party, MeetingKind.THEMED_DAY, datetime.date(YEAR, 1, 1))
    with django_assert_max_num_queries(20) as few:
        response = client.get(url, {"year": YEAR})
    first = len(few.captured_queries)
    assert response.status_code == 200
    for month in range(2, 13):
        _hold(party, MeetingKind.THEMED_DAY, datetime.date(YEAR, month, 2))
        _hold(party, MeetingKind.GROUP, datetime.date(YEAR, month, 3))
    with django_assert_max_num_queries(first):
        response = client.get(url, {"year": YEAR})
    assert 'data-status="held"' in response.content.decode()
    client.force_login(org2.secretary_user)
    page = client.get(url, {"year": YEAR}).content.decode()
    assert 'data-status="held"' not in page
    client.force_login(party.worker_user)
    assert client.get(url).status_code == 403
    assert client.get(url, {"year": "²"}).status_code == 403


def test_requirements_page_saves_and_refuses_bad_values(party, client):
    client.force_login(party.secretary_user)
    url = reverse("partylife:requirements")
    data = {f"f_{k}": "quarterly" for k in MeetingKind.values if k != "talk"}
    data["f_review"] = "none"
    assert client.post(url, data).status_code == 302
    wanted = compliance.requirements_of(party.branch)
    assert wanted["committee"] == "quarterly" and wanted["review"] is None
    data["f_group"] = "hourly"
    response = client.post(url, data, follow=True)
    assert "请为每类会议选择频次" in response.content.decode()


def test_no_committee_meetings_required_without_a_committee(org):
    report = compliance.branch_compliance(org.branch, YEAR, datetime.date(YEAR, 6, 1))
    kinds = [row.kind for row in report.rows]
    assert MeetingKind.COMMITTEE not in kinds and MeetingKind.GENERAL_ASSEMBLY in kinds
