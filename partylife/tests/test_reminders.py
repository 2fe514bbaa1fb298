"""Reminders before a meeting and when its minutes are missing: each sent once."""

import datetime

from branch.models import Notification
from partylife import services
from partylife.models import MeetingKind
from partylife.tasks import run_daily_partylife


def test_attendees_hear_the_day_before_and_the_host_about_missing_minutes_once(party, org2):
    day = datetime.date(2026, 3, 9)
    meeting = services.meeting_create(
        branch=party.branch, user=party.secretary_user, kind=MeetingKind.GENERAL_ASSEMBLY,
        title="三月大会", held_on=day + datetime.timedelta(days=1), host=party.leader,
    )  # fmt: skip
    services.attendance_mark(
        meeting=meeting, employee_id=party.secretary.pk, status="excused", reason="出差",
        user=party.secretary_user,
    )  # fmt: skip
    first = services.meeting_reminders_send(day=day)
    assert first["before"] >= 2
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert party.worker_user.username in recipients
    assert party.secretary_user.username not in recipients  # already excused
    assert services.meeting_reminders_send(day=day) == {"before": 0, "minutes": 0}
    after = day + datetime.timedelta(days=3)
    result = run_daily_partylife(after.isoformat())
    assert result["meetings"]["minutes"] == 1
    note = Notification.objects.get(key__endswith=":minutes")
    assert note.recipient == party.leader_user and "三月大会" in note.title
    assert run_daily_partylife(after.isoformat())["meetings"]["minutes"] == 0
    services.meeting_update(meeting=meeting, user=party.secretary_user, minutes="记录")
    assert not Notification.objects.filter(recipient=org2.secretary_user).exists()
