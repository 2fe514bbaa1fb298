"""The demo data shows every part of the care calendar and a second run changes nothing."""

import datetime

import time_machine
from django.core.management import call_command

from branch.models import Notification
from care import services
from care.models import Distribution, Greeting, HardshipCase, Question, Visit, WelfareCampaign


def counts():
    return [m.objects.count() for m in (Greeting, Distribution, HardshipCase, Question, Visit,
                                        WelfareCampaign, Notification)]  # fmt: skip


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_demo_is_complete_and_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    assert all(first), first
    assert Question.objects.filter(published=True).count() == 1
    assert set(WelfareCampaign.objects.values_list("season", flat=True)) == {"summer", "winter"}
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    # the demo's late-November birthdays are greeted by the daily job
    report = services.run_daily_care(datetime.date(2026, 11, 26))
    assert report.names == ["孙红"] and report.greetings_created == 1
    assert services.run_daily_care(datetime.date(2026, 11, 27)).names == ["王进"]
