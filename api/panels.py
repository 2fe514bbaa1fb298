"""我的: the devices signed in to the API with this account, each revocable."""

from .services import live_tokens


def me_tokens_context(request) -> dict | None:
    tokens = list(live_tokens(request.user)[:20])
    if not tokens:
        return None
    return {"api_tokens": tokens}
