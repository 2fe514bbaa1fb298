"""Paging for every list page that can grow: one helper and one template include
(``includes/pagination.html``) so all lists page alike.

Bad page numbers never fail: ``?page=abc`` shows the first page, ``?page=-1`` or a number past
the end shows the last page (Django's ``Paginator.get_page``). Pages hold at most
``MAX_PER_PAGE`` rows, whatever the caller asks for.
"""

from django.core.paginator import Page, Paginator

PER_PAGE = 50
MAX_PER_PAGE = 100


def paginate(request, object_list, per_page: int | None = None) -> Page:
    """The page of ``object_list`` that ``?page=`` asks for (clamped into range), ``per_page``
    rows a page (``PER_PAGE`` when not given). Give an ordered queryset: only the page's rows
    are read, plus one COUNT."""
    per_page = max(1, min(per_page or PER_PAGE, MAX_PER_PAGE))
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
