"""Published FAQ answers (解惑答疑) as a kind of result in the site's one search box
(``home.registries.register_search_kind``). Only the questions the secretary published, of the
reader's own branches, without the asker's name; every word of the query must match."""

from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from home.registries import SearchHit

from .selectors import faq_for


def search_faq(user, terms: Sequence[str], limit: int = 20) -> list[SearchHit]:
    if not terms or not user.is_authenticated:
        return []
    qs = faq_for(user)
    for word in terms:
        qs = qs.filter(
            Q(title__icontains=word) | Q(body__icontains=word) | Q(answer__icontains=word)
        )
    url = reverse("care:faq")
    return [
        SearchHit(
            title=q.title,
            url=f"{url}#q-{q.pk}",
            snippet=Truncator(q.answer).chars(80),
        )
        for q in qs.order_by("-answered_at", "-pk")[:limit]
    ]
