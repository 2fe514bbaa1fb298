"""``/healthz``: 200 when the database and the broker answer, 503 naming the part that failed.
No login (load balancers call it), nothing secret in the answer, never cached."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    results = health.run_checks()
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
