"""Token authentication for apps with Wagtail's device tokens (``wagtail.models.APIToken``): ``Authorization: Bearer <key>`` (or ``Token <key>``).

A token works while its account is active, its person's leaving day has not come and it is not
revoked; its last use is recorded at
most once a minute, so reading does not write on every call."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from wagtail.models import APIToken

from branch.auth import person_has_left

TOUCH_EVERY = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header"))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header")) from exc
        token = None
        if APIToken.validate_token_format(key):
            token = (
                APIToken.objects.select_related("user", "user__employee")
                .filter(key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True)
                .first()
            )
        if token is None or not token.user.is_active or person_has_left(token.user):
            raise exceptions.AuthenticationFailed(_("The token is invalid or has been revoked"))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.api_token = token
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token/"}
