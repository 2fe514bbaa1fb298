"""Calendar feed tokens."""

from ..models import (
    FeedToken,
)

# ---------------------------------------------------------------- calendar feed


def feed_token_regenerate(*, user) -> FeedToken:
    """A new secret feed URL; the old one stops working at once."""
    token, _created = FeedToken.objects.get_or_create(user=user)
    if not _created:
        from ..models import new_feed_token

        token.token = new_feed_token()
        token.save()
    return token


def feed_token_revoke(*, user) -> None:
    FeedToken.objects.filter(user=user).delete()


def on_person_left(sender, *, employee, user_id=None, **kwargs) -> None:
    """``branch.signals.person_left``: a person who left keeps no calendar-feed token."""
    user_id = user_id or employee.user_id
    if user_id:
        FeedToken.objects.filter(user_id=user_id).delete()
