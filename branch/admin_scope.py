"""Branch scope for the Wagtail admin: a secretary lists, opens and edits only the records of
the branches they administer; another branch's record answers 404, as if it did not exist."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.snippets.views.snippets import SnippetViewSet


def _scoped(view, scope):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not scope(request.user).filter(pk=unquote(str(pk))).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class BranchScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose listing and every per-object URL are limited to ``scope(user)``."""

    def scope(self, user):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scope(request.user)

    @property
    def chooser_viewset(self):
        """The chooser (lists, search, "chosen") sees only the same records: another branch's
        people are neither listed nor confirmed by id."""
        scope = self.scope
        base = self.chooser_viewset_class

        def scoped_list(view):
            return scope(view.request.user)

        def scoped_get(view, pk):
            return scope(view.request.user).get(pk=pk)

        def scoped_filter(view, pks):
            return scope(view.request.user).filter(pk__in=pks)

        scoped = type(
            f"Scoped{base.__name__}",
            (base,),
            {
                "choose_view_class": type(
                    "ScopedChooseView", (base.choose_view_class,), {"get_object_list": scoped_list}
                ),
                "choose_results_view_class": type(
                    "ScopedChooseResultsView",
                    (base.choose_results_view_class,),
                    {"get_object_list": scoped_list},
                ),
                "chosen_view_class": type(
                    "ScopedChosenView", (base.chosen_view_class,), {"get_object": scoped_get}
                ),
                "chosen_multiple_view_class": type(
                    "ScopedChosenMultipleView",
                    (base.chosen_multiple_view_class,),
                    {"get_objects": scoped_filter},
                ),
            },
        )
        return scoped(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
        )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in getattr(pattern.pattern, "converters", {}):
                pattern.callback = _scoped(pattern.callback, self.scope)
        return patterns
