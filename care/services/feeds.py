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
