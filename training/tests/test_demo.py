from django.core.management import call_command

from training.models import Attempt, Attendance, Contest, Evaluation, Exam, Question, Session

MODELS = (Session, Attendance, Question, Exam, Attempt, Contest, Evaluation)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_seed_shows_every_part_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    assert all(first.values()), first
    assert Attendance.objects.filter(status="absent").exclude(reason="").exists()
    assert Contest.objects.filter(published_at__isnull=False).exists()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
