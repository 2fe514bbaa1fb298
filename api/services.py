"""Writes of the API app: device tokens and idempotent creating calls."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from .models import IdempotentResponse

MAX_TOKENS_PER_USER = 10


def live_tokens(user):
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created")


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[APIToken, str]:
    """A new device token (Wagtail's): the key is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError({"device": [_("Name the device in 1 to 60 characters")]})
    if live_tokens(user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("At most %(n)d devices may be signed in; revoke one on My page first")
            % {"n": MAX_TOKENS_PER_USER}
        )
    return APIToken.create_token(user=user, name=name)


def api_token_revoke(*, token: APIToken, by) -> None:
    if token.user_id != by.pk:
        raise ValidationError(_("You can only revoke your own devices"))
    if token.revoked_at is None:
        token.revoke()


def api_tokens_revoke_for_user(*, user_id: int) -> int:
    return APIToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def on_person_left(sender, *, employee, user_id=None, **kwargs) -> None:
    """``branch.signals.person_left``: a person who left keeps no working token."""
    user_id = user_id or employee.user_id
    if user_id:
        api_tokens_revoke_for_user(user_id=user_id)


def idempotent_call(*, user, key: str, path: str, call) -> tuple[int, object]:
    """Run ``call()`` (which returns ``(status_code, body)``) once per (user, key).

    The key is claimed in the same transaction as the call's writes: a twin sent at the same
    time waits on the unique key, then answers with what the first stored; a twin sent later
    gets the stored answer straight away. A call that fails stores nothing, so it can be retried
    with the same key."""
    key = key.strip()
    if not key or len(key) > 100:
        raise ValidationError(_("An Idempotency-Key has 1 to 100 characters"))
    existing = IdempotentResponse.objects.filter(user=user, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                claim = IdempotentResponse.objects.create(
                    user=user, key=key, path=path, status_code=0, body=None
                )
                status_code, body = call()
                if status_code >= 400:
                    raise _Failed(status_code, body)
                claim.status_code, claim.body = status_code, body
                claim.save(update_fields=["status_code", "body"])
                return status_code, body
        except _Failed as failed:
            return failed.status_code, failed.body
        except IntegrityError:
            existing = IdempotentResponse.objects.filter(user=user, key=key).first()
            if existing is None:
                raise
    if existing.path != path:
        raise ValidationError(_("This Idempotency-Key was already used for another call"))
    return existing.status_code, existing.body


class _Failed(Exception):
    """Rolls back the claim of a key whose call was refused."""

    def __init__(self, status_code: int, body) -> None:
        super().__init__(status_code)
        self.status_code, self.body = status_code, body
