"""Suggestions as a kind of result in the site's one search box
(``home.registries.register_search_kind``): the branch's public ones (adopted or implemented,
on the 你提我改 board) for its members, and those the reader may open (their own, their teams',
the whole branch for its secretary). Every word of the query must match."""

from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from branch import selectors as branch_selectors
from home.registries import SearchHit

from .models import BOARD_STATUSES, Suggestion
from .selectors import suggestions_visible_to


def search_suggestions(user, terms: Sequence[str], limit: int = 20) -> list[SearchHit]:
    if not terms or not user.is_authenticated:
        return []
    visible_ids = suggestions_visible_to(user).values("pk")
    scope = Q(pk__in=visible_ids)
    me = branch_selectors.employee_of(user)
    if me is not None:
        scope |= Q(branch_id=me.branch_id, status__in=BOARD_STATUSES)
    qs = Suggestion.objects.filter(scope)
    for word in terms:
        qs = qs.filter(Q(title__icontains=word) | Q(what__icontains=word) | Q(why__icontains=word))
    rows = list(qs.order_by("-submitted_at", "-pk")[:limit])
    opened = set(
        suggestions_visible_to(user)
        .filter(pk__in=[s.pk for s in rows])
        .values_list("pk", flat=True)
    )
    board = reverse("recognition:suggestion_board")
    return [
        SearchHit(
            title=s.title,
            url=(
                reverse("recognition:suggestion_detail", args=[s.pk]) if s.pk in opened else board
            ),
            snippet=Truncator(s.what).chars(80),
        )
        for s in rows
    ]
