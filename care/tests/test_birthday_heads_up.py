"""Leaders hear of a member's birthday a few days ahead (the branch's setting), once; the other
branch's leaders hear nothing of it; 0 days turns the heads-up off."""

import datetime

import pytest

from branch.models import Notification
from care import birthdays, services
from care.models import CareSettings

pytestmark = pytest.mark.django_db
D = datetime.date


def test_heads_up_days_before_once_and_per_branch(org, org2):
    day = D(2026, 7, 10)
    org.intern.birth_date = D(2005, 7, 13)  # no account: the leader passes the wishes on
    org.intern.save()
    org2.worker.birth_date = D(1990, 7, 15)  # 5 days ahead: their branch reminds 5 days ahead
    org2.worker.save()
    CareSettings.objects.create(branch=org2.branch, heads_up_days=5)
    assert services.birthday_heads_up(day) == 2
    note = Notification.objects.get(recipient=org.leader_user)
    assert "王实习" in note.title and "3" in note.title and "07-13" in note.title
    assert "当面" in note.body or "转达" in note.body
    assert Notification.objects.get(recipient=org2.leader_user).about == org2.worker
    assert not Notification.objects.filter(recipient=org.leader_b_user).exists()
    assert services.birthday_heads_up(day) == 0  # run twice: nothing new


def test_lunar_marked_and_zero_days_turns_it_off(org):
    day = D(2026, 7, 10)
    org.worker.birthday_calendar = "lunar"
    org.worker.birth_date = next(
        b
        for b in (D(1990, 1, 1) + datetime.timedelta(days=i) for i in range(400))
        if birthdays.occurrences_between(b, birthdays.LUNAR, D(2026, 7, 13), D(2026, 7, 13))
    )
    org.worker.save()
    assert services.birthday_heads_up(day) == 1
    assert "农历" in Notification.objects.get(recipient=org.leader_user).title
    Notification.objects.all().delete()
    CareSettings.objects.create(branch=org.branch, heads_up_days=0)
    assert services.birthday_heads_up(day) == 0
