from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from branch.admin_scope import BranchScopedSnippetViewSet, ExportIndexView, IdsFirstPaginator
from branch.models import Employee
from branch.selectors import branches_administered_by

from .models import StudyIndexPage, StudyRecord, StudyTopic
from .services import study_index_secure


class StudyTopicViewSet(SnippetViewSet):
    model = StudyTopic
    icon = "tag"
    menu_label = _("Study topic")
    list_display = ["name", "sort_order"]
    list_export = ["name", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(StudyTopicViewSet)


class StudyRecordIndexView(ExportIndexView):
    paginator_class = IdsFirstPaginator

    def export_queryset(self, queryset):
        # 50,000 rows as plain values, each column computed by the database: the person as
        # the listing names them, the material's title; no record, person or page is built.
        return queryset.select_related(None).values(
            "method",
            "studied_at",
            employee_label=Employee.label_expression("employee__"),
            page_title=F("page__title"),
        )


class StudyRecordViewSet(BranchScopedSnippetViewSet):
    """Study records of the secretary's branches, read-only in the admin (records are made
    by 我已学习 and by leaders' attendance checklists)."""

    model = StudyRecord
    icon = "tick-inverse"
    menu_label = _("Study record")
    list_display = ["employee", "page", "method", "studied_at", "recorded_by"]
    list_filter = ["method"]
    list_export = ["employee_label", "page_title", "method", "studied_at"]
    export_headings = {
        "employee_label": StudyRecord._meta.get_field("employee").verbose_name,
        "page_title": _("Study material"),
    }
    index_view_class = StudyRecordIndexView
    inspect_view_enabled = True

    def scope(self, user):
        # The material's body and search text are never shown here: listing and export
        # (50,000 rows) read titles only.
        return (
            StudyRecord.objects.filter(employee__branch__in=branches_administered_by(user))
            .select_related("employee", "page", "recorded_by")
            .defer("page__body", "page__search_text")
        )


register_snippet(StudyRecordViewSet)


@hooks.register("after_create_page")
def secure_new_study_index(request, page):
    if isinstance(page.specific, StudyIndexPage):
        study_index_secure(index=page.specific)


# -- the branch boundary in Wagtail's own views (home.rights) -----------------------------------


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_explorable_pages(pages, request):
    """The page chooser (browse and search) lists only the pages the user may explore: their
    own branch's library and its ancestors, never another branch's materials."""
    user = request.user
    if user.is_superuser:
        return pages
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return pages.filter(pk__in=explorable.values("pk"))


@hooks.register("before_serve_document")
def document_only_for_its_branch(document, request):
    """A document in a branch's collection is served to that branch's members only (404 to
    anyone else, as if it did not exist); anonymous visitors are sent to the login."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404

    from .rights import branch_of_collection, collection_readable_by

    if branch_of_collection(document.collection) is None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not collection_readable_by(request.user, document.collection):
        raise Http404
    return None


@hooks.register("register_admin_viewset")
def study_library_explorer():
    from .admin_scope import library_listing_viewset

    return library_listing_viewset()


@hooks.register("register_admin_viewset")
def page_search_counted_once():
    from .admin_search import page_search_viewset

    return page_search_viewset()


@hooks.register("construct_admin_api", order=100)
def admin_api_files_in_reach(router):
    """The admin API's images and documents list only the files of collections the user holds
    a right on (Wagtail lists every file a logged-in user may download, so another branch's
    secretary would see this branch's). Registered after Wagtail's own endpoints."""
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    from .admin_scope import files_in_reach

    class ImagesInReach(ImagesAdminAPIViewSet):
        def get_queryset(self):
            return files_in_reach(self.request.user, super().get_queryset())

    class DocumentsInReach(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return files_in_reach(self.request.user, super().get_queryset())

    router.register_endpoint("images", ImagesInReach)
    router.register_endpoint("documents", DocumentsInReach)


@hooks.register("construct_reports_menu")
def site_wide_reports_for_superusers(request, menu_items):
    """The page-types report counts and names every branch's pages: superusers only (the
    view itself answers 404 to others, home.admin_scope)."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
