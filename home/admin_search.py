"""The admin's page search (/admin/pages/search/), counting its matches once.

Wagtail's search view counts the matching pages three times: by page type for the filter on the
left (a facet), as a total for "There are N matching pages" and for the paginator. On
PostgreSQL each is a full-text match over every page the user may explore (a branch's library
of hundreds of materials). The facet's counts already hold the other two: their sum is the
total, and the count of the selected type is what the paginator pages through. Here the search
reads them from the facet, so a search runs the full-text match twice (the facet and the page
of results), not four times.
"""


def page_search_viewset():
    """The viewset Wagtail routes /admin/pages/search/ through (the one of the base ``Page``,
    registered after Wagtail's own), with ``PageSearchView`` as its search view."""
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.admin.viewsets.pages import PageViewSet
    from wagtail.models import Page

    class PageSearchView(SearchView):
        # "1-20 of 411 页面" above the results (Wagtail's view names no kind: "… None").
        verbose_name_plural = Page._meta.verbose_name_plural

        def get_queryset(self):
            pages = super().get_queryset()
            if pages.supports_facet:  # Wagtail has read the facet into self.content_types
                counts = {content_type.pk: count for content_type, count in self.content_types}
                total = sum(counts.values())
                selected = self.selected_content_type
                # Search results keep their count here once known (modelsearch's
                # BaseSearchResults.count()); the same filters, so the same numbers.
                self.all_pages._count_cache = total
                pages._count_cache = counts.get(selected.pk, 0) if selected else total
            return pages

    class BasePageViewSet(PageViewSet):
        model = Page
        search_view_class = PageSearchView

    return BasePageViewSet()
