"""The demo shows praise, talks, mediation, shift economics and team analyses; a second run
changes nothing."""

import time_machine
from django.core.management import call_command

from care.models import Mediation, Praise, TalkRequest
from selfmanagement.models import AnalysisMeasure, CostItem, ShiftJob, ShiftLine, TeamAnalysis

MODELS = (Praise, TalkRequest, Mediation, CostItem, ShiftJob, ShiftLine, TeamAnalysis,
          AnalysisMeasure)  # fmt: skip


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_demo_has_every_new_thing_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = [m.objects.count() for m in MODELS]
    assert all(first), first
    assert Praise.objects.filter(featured=True).count() == 1
    assert TalkRequest.objects.filter(status="held").count() == 1
    assert Mediation.objects.filter(case__isnull=False).count() == 1
    assert AnalysisMeasure.objects.filter(followed_up_at__isnull=False).count() == 1
    call_command("seed_demo", verbosity=0)
    assert [m.objects.count() for m in MODELS] == first
