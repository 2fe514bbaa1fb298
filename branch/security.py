"""Security plumbing shared by every login path and every response.

- ``login_username``: the name django-axes counts failed logins under: one per account, whichever
  login form was used (the site's 工号 form, the admin's username form, the API); an unknown name
  counts under what was typed. ``LoginThrottleHandler`` adds a higher ceiling per client address.
  The numbers are in settings (``AXES_*``, ``LOGIN_ADDRESS_*``) and the README.
- ``ContentSecurityPolicyMiddleware``: django-csp's middleware with one documented relaxation:
  the Wagtail admin (``/admin/``) ships inline scripts and styles of its own, so its pages get
  'unsafe-inline' for script-src and style-src, plus blob: images for upload previews. Every other
  page keeps the strict policy from ``settings.CONTENT_SECURITY_POLICY``.
"""

import datetime
import re

from axes.handlers.database import AxesDatabaseHandler
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# Needed: e.g. the admin's report pages (/admin/reports/site-history/) carry inline scripts;
# tests/browser/test_csp.py loads the admin in Chromium and fails on any violation.
ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


def _typed_login(request, credentials: dict | None) -> tuple[str, str]:
    """(what was typed as the name, the branch code chosen) from the POST or the credentials."""
    typed, branch = "", ""
    for source in (getattr(request, "POST", None) or {}, credentials or {}):
        if not typed:
            for field in ("staff_no", "username"):
                value = source.get(field)
                if value:
                    typed = str(value)
                    break
        if not branch:
            branch = str(source.get("branch_code") or source.get("branch") or "")
    return typed.strip()[:150], branch.strip()[:50]


def account_key(typed: str, branch_code: str = "") -> str:
    """The one name an account's failed logins count under, whichever form was used: the
    account's own username (lower case) when the typed name (a username, or a 工号 with or
    without the branch) finds exactly one account, else what was typed (lower case, with the
    branch when one was chosen)."""
    from django.contrib.auth import get_user_model

    from .auth import users_for_staff_no

    User = get_user_model()
    typed = typed.strip()
    if not typed:
        return ""
    user = User.objects.filter(username__iexact=typed).only("username").first()
    if user is None:
        matches = list(users_for_staff_no(typed, branch_code or None).only("username")[:2])
        user = matches[0] if len(matches) == 1 else None
    if user is not None:
        return user.username.lower()[:150]
    return (f"{typed}@{branch_code}" if branch_code else typed).lower()[:150]


def login_username(request, credentials: dict | None = None) -> str | None:
    """django-axes' name for a login attempt: one counter per ACCOUNT across every login form
    (the 工号 form sends ``staff_no`` + ``branch``, the admin and private-page forms send
    ``username``, the API sends ``staff_no`` + ``branch_code``). What was typed (the POST)
    comes first, so the reset after a successful login counts under the same name."""
    typed, branch = _typed_login(request, credentials)
    if not typed:
        return None
    cache = request.__dict__.setdefault("_login_account_keys", {}) if request else {}
    if (typed, branch) not in cache:
        cache[(typed, branch)] = account_key(typed, branch)
    return cache[(typed, branch)]


def address_failure_limit() -> int:
    from django.conf import settings

    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


def address_window():
    from django.conf import settings

    return datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)


def address_failures(ip_address: str | None, now=None):
    """The failed logins from one client address within the window, newest first."""
    from axes.models import AccessFailureLog
    from django.utils import timezone

    if not ip_address:
        return AccessFailureLog.objects.none()
    since = (now or timezone.now()) - address_window()
    return AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=since)


def address_locked(ip_address: str | None) -> bool:
    """Whether one address has reached its ceiling of failed logins (all names together)."""
    limit = address_failure_limit()
    return limit > 0 and address_failures(ip_address).count() >= limit


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher ceiling per client address: an
    account locks after ``AXES_FAILURE_LIMIT`` failures from anywhere, an address after
    ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures in ``LOGIN_ADDRESS_WINDOW_MINUTES`` over all the
    names tried from it (so a crew behind one NAT is not locked out by one person's typos, and
    spraying many names from one address stops)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_locked(getattr(request, "axes_ip_address", None))


def account_lock_minutes_left(username: str) -> int:
    """Minutes until the account's lock lifts by itself (at least 1)."""
    import math

    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    last = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    left = last + settings.AXES_COOLOFF_TIME - timezone.now()
    return max(1, math.ceil(left.total_seconds() / 60))


def address_lock_minutes_left(ip_address: str | None) -> int:
    import math

    from django.utils import timezone

    failures = address_failures(ip_address).order_by("-attempt_time")
    limit = address_failure_limit()
    # The ceiling lifts when the failure that brought the count to the limit leaves the window.
    times = list(failures.values_list("attempt_time", flat=True)[: max(limit, 1)])
    if not times:
        return 1
    left = times[-1] + address_window() - timezone.now()
    return max(1, math.ceil(left.total_seconds() / 60))


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
    """The Chinese lockout page (HTTP 429) shown on every login path: the account is locked
    (try again in N minutes, or ask the branch secretary to unlock it), or too many failures
    came from this network address."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.conf import settings
    from django.shortcuts import render

    username = login_username(request, credentials)
    account_locked = bool(username) and (
        AxesProxyHandler.get_failures(request, credentials) >= settings.AXES_FAILURE_LIMIT
    )
    ip_address = getattr(request, "axes_ip_address", None)
    if account_locked:
        context = {"kind": "account", "minutes": account_lock_minutes_left(username)}
    else:
        context = {"kind": "address", "minutes": address_lock_minutes_left(ip_address)}
    context["failure_limit"] = settings.AXES_FAILURE_LIMIT
    context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "branch/lockout.html", context, status=429)


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
