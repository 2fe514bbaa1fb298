from django.core.management import call_command

from recognition.models import (
    Award,
    Commitment,
    CommitmentCheckIn,
    Incident,
    RatingPeriod,
    StarRating,
    Suggestion,
    SuggestionResponse,
    Vision,
)

MODELS = (
    RatingPeriod,
    StarRating,
    Suggestion,
    SuggestionResponse,
    Award,
    Vision,
    Commitment,
    CommitmentCheckIn,
    Incident,
)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS} | {"history": StarRating.history.count()}


def test_demo_seed_covers_every_state_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    assert RatingPeriod.objects.filter(status="closed").count() == 2
    assert RatingPeriod.objects.filter(status="open").count() == 1
    assert StarRating.objects.filter(status="draft").exists()
    assert set(Suggestion.objects.values_list("status", flat=True)) >= {
        "submitted",
        "accepted",
        "partly_adopted",
        "rejected",
        "implemented",
    }
    assert any(s.is_overdue() for s in Suggestion.objects.all())
    assert first["Award"] == 1 and first["Incident"] == 1 and first["CommitmentCheckIn"] > 0
    call_command("seed_demo", verbosity=0)
    assert counts() == first
