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

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in getattr(pattern.pattern, "converters", {}):
                pattern.callback = _scoped(pattern.callback, self.scope)
        return patterns
