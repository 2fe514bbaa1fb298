"""The worker's own stars, suggestions and commitments on 我的 (/me/)."""

from django.db.models import Q
from django.utils import timezone

from branch import selectors as branch_selectors

from . import selectors
from .models import StarRating


def me_panel_context(request) -> dict | None:
    me = branch_selectors.employee_of(request.user)
    if me is None:
        return None
    today = timezone.localdate()
    latest_rating = (
        StarRating.objects.filter(employee=me, status=StarRating.Status.APPROVED)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )
    suggestions = list(
        selectors.suggestions_visible_to(request.user)
        .filter(employee=me)
        .order_by("-submitted_at")[:5]
    )
    commitments = list(
        selectors.commitments_visible_to(request.user)
        .filter(employee=me, start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .order_by("-start_on")[:10]
    )
    return {"latest_rating": latest_rating, "suggestions": suggestions, "commitments": commitments}
