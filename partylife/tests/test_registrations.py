"""What organisational life shows on 工作台, in the 台账 and on 我的."""

import datetime

from django.urls import reverse

from home.registries import collect_todos, ledger_sections
from partylife import services
from partylife.models import MeetingKind


def test_secretary_todos_only_for_the_secretary_of_the_branch(party, org2):
    day = datetime.date(2026, 3, 10)
    services.meeting_create(
        branch=party.branch, user=party.secretary_user, kind=MeetingKind.GENERAL_ASSEMBLY,
        title="二月大会", held_on=datetime.date(2026, 2, 10), host=party.secretary,
    )  # fmt: skip
    services.dues_month_prepare(branch=party.branch, month=day, user=party.secretary_user)
    keys = {t.key: t.count for t in collect_todos(party.secretary_user, day)}
    assert keys["partylife.minutes_missing"] == 1
    assert keys["partylife.dues_unpaid"] == 8
    assert keys["partylife.meetings_missing"] >= 2  # e.g. January's and February's 支委会
    theirs = {t.key for t in collect_todos(org2.secretary_user, day)}
    assert "partylife.minutes_missing" not in theirs and "partylife.dues_unpaid" not in theirs
    assert not [t for t in collect_todos(party.worker_user, day) if t.key.startswith("partylife")]


def test_ledger_counts_meetings_and_dues_without_individual_amounts(party):
    services.meeting_create(
        branch=party.branch, user=party.secretary_user, kind=MeetingKind.GENERAL_ASSEMBLY,
        also_counts_as=MeetingKind.LECTURE, title="大会+党课", held_on=datetime.date(2026, 2, 10),
        host=party.secretary,
    )  # fmt: skip
    services.dues_month_prepare(
        branch=party.branch, month=datetime.date(2026, 2, 1), user=party.secretary_user
    )
    section = next(s for s in ledger_sections(party.branch, 2026) if s.title == "组织生活")
    held = dict(section.tables[0].rows)
    assert held["支部党员大会"] == 1 and held["党课"] == 1
    text = repr(section)
    assert "张正式" not in text  # no names, so no individual amounts


def test_me_panel_shows_my_meetings_and_my_dues(party, client):
    services.meeting_create(
        branch=party.branch, user=party.secretary_user, kind=MeetingKind.GENERAL_ASSEMBLY,
        title="下周大会", held_on=datetime.date.today() + datetime.timedelta(days=7),
        host=party.secretary,
    )  # fmt: skip
    client.force_login(party.worker_user)
    page = client.get(reverse("home:me")).content.decode()
    assert "下周大会" in page
