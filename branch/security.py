"""Security plumbing shared by every login path and every response.

- ``login_username``: the name django-axes counts failed logins under. The site login sends
  ``staff_no`` (工号), the Wagtail admin login sends ``username``; both count as one name, so five
  failures for "W001" lock that name from that address whichever form was used.
- ``ContentSecurityPolicyMiddleware``: django-csp's middleware with one documented relaxation:
  the Wagtail admin (``/admin/``) ships inline scripts and styles of its own, so its pages get
  'unsafe-inline' for script-src and style-src, plus blob: images for upload previews. Every other
  page keeps the strict policy from ``settings.CONTENT_SECURITY_POLICY``.
"""

import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# Needed: e.g. the admin's report pages (/admin/reports/site-history/) carry inline scripts;
# tests/test_csp_browser.py loads the admin in Chromium and fails on any violation.
ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


def login_username(request, credentials: dict | None = None) -> str | None:
    """The user name a login attempt is counted under, normalised (工号 are case-insensitive).

    What the person typed (the POST) comes first, so the reset after a successful login (where
    axes passes the account's own username) counts under the same name as the failures."""
    for source in (getattr(request, "POST", None) or {}, credentials or {}):
        for field in ("staff_no", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().upper()[:150]
    return None


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(_admin_prefix()):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_CSP_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


def lockout_response(request, response=None, credentials: dict | None = None, *args, **kwargs):
    """The Chinese lockout page (HTTP 429) shown on every login path while a name is locked."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "branch/lockout.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class NullCharacterGuardMiddleware:
    """Refuse (HTTP 400, in Chinese) a request whose path, query or form data contains a NUL
    character: PostgreSQL cannot store or compare text with NUL, so any search box or filter
    would otherwise answer with a server error. Uploaded files are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest, JsonResponse

        def has_nul(query_dict) -> bool:
            return any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in query_dict.lists()
            )

        post = request.POST if request.method == "POST" else None
        if "\x00" in request.path or has_nul(request.GET) or (post is not None and has_nul(post)):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "invalid_characters",
                        "detail": "请求中含有无效的字符，请检查输入后重试。",
                    },
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponseBadRequest(
                "请求中含有无效的字符，请检查输入后重试。", content_type="text/plain; charset=utf-8"
            )
        if post is not None:
            _quiet_signalling_nans(request)
        return self.get_response(request)


_SNAN = re.compile(r"^\s*[+-]?snan\d*\s*$", re.IGNORECASE)


def _quiet_signalling_nans(request) -> None:
    """A number field sent "sNaN" makes Django's DecimalField raise InvalidOperation (a 500)
    while comparing it; sent as a plain "NaN" it is the usual form error ("输入一个数字")."""
    if not any(_SNAN.match(v) for _key, values in request.POST.lists() for v in values):
        return
    post = request.POST.copy()
    for key, values in post.lists():
        post.setlist(key, ["NaN" if _SNAN.match(v) else v for v in values])
    post._mutable = False
    request.POST = post


class SearchTermsLimitMiddleware:
    """Caps a search query (the ``q`` parameter of any GET, the Wagtail admin's included) at
    ``MAX_WORDS`` words and ``MAX_CHARS`` characters. Wagtail's database search builds one
    nested expression per word, so a query of a few hundred words ends in a RecursionError;
    the extra words are dropped and the person told so."""

    MAX_WORDS = 20
    MAX_CHARS = 200
    PARAMS = ("q",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"}:
            self._cap(request)
        return self.get_response(request)

    def _cap(self, request):
        changed = False
        params = request.GET.copy()
        for name in self.PARAMS:
            values = params.getlist(name)
            capped = [self.cap(v) for v in values]
            if capped != values:
                params.setlist(name, capped)
                changed = True
        if changed:
            params._mutable = False
            request.GET = params
            from django.contrib import messages
            from django.utils.translation import gettext as _

            if hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _("Search uses at most %(n)s words; the rest were left out.")
                    % {"n": self.MAX_WORDS},
                )

    @classmethod
    def cap(cls, text: str) -> str:
        words = text.split()
        if len(words) <= cls.MAX_WORDS and len(text) <= cls.MAX_CHARS:
            return text
        return " ".join(words[: cls.MAX_WORDS])[: cls.MAX_CHARS]
