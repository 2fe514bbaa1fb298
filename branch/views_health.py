"""``/healthz``: 200 when the database and the broker answer, 503 naming the part that failed.
No login (load balancers call it), nothing secret in the answer, never cached."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    results = health.run_checks()
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if healthy else 503)


@require_GET
def floor(request):
    """``/healthz/floor``: the cheapest page Django can serve through the whole middleware stack
    (no database, a tiny body). The web benchmark reports every page as a share of it."""
    return HttpResponse("ok", content_type="text/plain")
