"""Branch scope for the Wagtail admin: a secretary lists, opens and edits only the records of
the branches they administer; another branch's record answers 404, as if it did not exist."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404
from wagtail.admin.paginator import WagtailPaginator
from wagtail.snippets.views.snippets import SnippetViewSet


def _scoped(view, scope):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not scope(request.user).filter(pk=unquote(str(pk))).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class IdsFirstPaginator(WagtailPaginator):
    """Reads a page of a long listing in two steps: the page's ids, ordered and filtered through
    only the joins the order and the filters need, then those rows with everything the table
    shows. Sorting tens of thousands of rows with every joined column (the branch's 50,000
    study records with their people, materials and recorders) is what made such a listing
    slow, not the twenty rows it shows."""

    def page(self, number):
        rows = self.object_list
        if not isinstance(rows, QuerySet) or rows.query.distinct:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = rows.order_by().in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)


class ExportIndexView(SnippetViewSet.index_view_class):
    """A snippet listing whose CSV / .xlsx export goes straight from the (scoped, filtered,
    searched, ordered) queryset to the file: the listing's context (table, count) would read
    every row once more before the export reads them in chunks (``branch.exports``)."""

    def get_context_data(self, *args, **kwargs):
        if self.is_export:
            return {"object_list": self.export_queryset(self.object_list)}
        return super().get_context_data(*args, **kwargs)

    def export_queryset(self, queryset):
        """What the export reads: a subclass may narrow it to the exported columns."""
        return queryset


class BranchScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose listing and every per-object URL are limited to ``scope(user)``."""

    index_view_class = ExportIndexView

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


def _branch_scoped_models():
    """(model, scope) for every snippet whose admin is a BranchScopedSnippetViewSet."""
    from wagtail.snippets.models import get_snippet_models

    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if isinstance(viewset, BranchScopedSnippetViewSet):
            yield model, viewset.scope


def scope_log_entries(queryset, user):
    """Of ``queryset`` (log entries of models), keep for each branch-scoped snippet only the
    entries about records in the user's scope: the admin's site-history report and its
    filters name no person, team or record of another branch."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    if user.is_superuser:
        return queryset
    for model, scope in _branch_scoped_models():
        content_type = ContentType.objects.get_for_model(model)
        allowed = (
            scope(user).order_by().annotate(_pk_text=Cast("pk", CharField())).values("_pk_text")
        )
        queryset = queryset.exclude(Q(content_type=content_type) & ~Q(object_id__in=allowed))
    return queryset


def install_log_entry_scope() -> None:
    """Wagtail's ``ModelLogEntry.objects.viewable_by_user`` lets anyone with a model
    permission read every entry of that model; narrow it to the user's branches."""
    from wagtail.models.audit_log import ModelLogEntryManager

    original = ModelLogEntryManager.viewable_by_user
    if getattr(original, "branch_scoped", False):
        return

    def viewable_by_user(self, user):
        return scope_log_entries(original(self, user), user)

    viewable_by_user.branch_scoped = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user
