"""The branch boundary in Wagtail's own admin URLs.

Wagtail answers a page, image or document the user has no right to with a redirect to the admin
home ("permission denied"), after having looked the object up; several views (page choosers,
revisions, previews) show its title first. Every admin URL that names a page, image or document
of another branch answers 404 instead, as if it did not exist (DESIGN.md §3), the way
``branch.admin_scope`` does for our snippets. What the user may reach is Wagtail's own answer:
the pages they may explore (``home.rights`` grants each branch's groups its own library) and the
images and documents of collections they hold a right on.
"""

from django.http import Http404

PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
IMAGE_KWARGS = ("image_id",)
DOCUMENT_KWARGS = ("document_id", "doc_id")
FILE_ACTIONS = ["add", "change", "choose", "delete"]


def page_reachable(user, page_id) -> bool:
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    if policy_registry.get_by_type(Page).explorable_instances(user).filter(pk=page_id).exists():
        return True
    # An approver named by the study workflow may open a draft they cannot otherwise explore.
    page = Page.objects.filter(pk=page_id).first()
    task = page.current_workflow_task if page is not None else None
    return bool(task and task.specific.user_can_access_editor(page, user))


def files_in_reach(user, queryset):
    """Of ``queryset`` (images or documents), those in collections the user holds a right on
    (or uploaded themself); everything for a superuser."""
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

    if user.is_superuser:
        return queryset
    policy = CollectionOwnershipPermissionPolicy(
        queryset.model, owner_field_name="uploaded_by_user"
    )
    reachable = policy.instances_user_has_any_permission_for(user, FILE_ACTIONS)
    return queryset.filter(pk__in=reachable.values("pk"))


def file_reachable(user, model, pk) -> bool:
    return files_in_reach(user, model.objects.all()).filter(pk=pk).exists()


# Views whose object is named by ``pk`` (or by repeated ``id`` query parameters) rather than
# by a telling keyword: the model they name.
PK_VIEWS = {
    "wagtailadmin_pages:revisions_compare": "page",
    "wagtailimages_chooser:chosen": "image",
    "wagtaildocs_chooser:chosen": "document",
    "wagtailadmin_api:images:detail": "image",
    "wagtailadmin_api:documents:detail": "document",
}
# Reports about the whole site (every branch's pages, counted and named): superusers only.
SITE_WIDE_VIEWS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}
ID_LIST_VIEWS = {
    "wagtailadmin_choose_page_chosen_multiple": "page",
    "wagtailimages_chooser:chosen_multiple": "image",
    "wagtaildocs_chooser:chosen_multiple": "document",
}


def _reachable(user, kind: str, pk) -> bool:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return True  # not an id: the view answers it
    if kind == "page":
        return page_reachable(user, pk)
    model = get_image_model() if kind == "image" else get_document_model()
    return file_reachable(user, model, pk)


class AdminBranchBoundaryMiddleware:
    """404 for admin URLs naming a page, image or document outside the user's reach."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if (
            not request.path.startswith("/admin/")
            or user is None
            or not user.is_authenticated
            or user.is_superuser
            or not user.has_perm("wagtailadmin.access_admin")
        ):
            return None
        checks = [("page", view_kwargs[n]) for n in PAGE_KWARGS if n in view_kwargs]
        checks += [("image", view_kwargs[n]) for n in IMAGE_KWARGS if n in view_kwargs]
        checks += [("document", view_kwargs[n]) for n in DOCUMENT_KWARGS if n in view_kwargs]
        view_name = getattr(request.resolver_match, "view_name", "")
        if view_name in SITE_WIDE_VIEWS:
            raise Http404
        if view_name in PK_VIEWS and "pk" in view_kwargs:
            checks.append((PK_VIEWS[view_name], view_kwargs["pk"]))
        if view_name in ID_LIST_VIEWS:
            checks += [(ID_LIST_VIEWS[view_name], pk) for pk in request.GET.getlist("id")]
        for kind, pk in checks:
            if not _reachable(user, kind, pk):
                raise Http404
        return None


# -- the page explorer of a study library ---------------------------------------------------------


def pages_in_reach(user):
    """The pages the user holds a right on (their branch's library and its materials);
    every page for a superuser."""
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    from .page_policy import EXPLORE_ACTIONS

    if user.is_superuser:
        return Page.objects.all()
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, EXPLORE_ACTIONS)


def _owners_in_reach(request):
    from django.contrib.auth import get_user_model

    owners = pages_in_reach(request.user).order_by().values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def _editors_in_reach(request):
    from django.contrib.auth import get_user_model
    from wagtail.models import PageLogEntry

    edits = PageLogEntry.objects.filter(
        action="wagtail.edit", page__in=pages_in_reach(request.user).values("pk")
    )
    return get_user_model().objects.filter(pk__in=edits.order_by().values("user_id"))


def library_listing_viewset():
    """The viewset Wagtail uses for a study library's explorer (its child model, the study
    material, names the library as its parent model). Wagtail's filters offer as owners and
    editors every user who owns or edited any page of the site: every branch's secretaries and
    authors, named in every other branch's explorer, a list that grows with the branches. Here
    they name the people of the pages the user holds a right on. Its listing reads the
    library's own pages only (see ``LibraryIndexView``)."""
    from django.forms import CheckboxSelectMultiple
    from django.utils.functional import cached_property
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.filters import MultipleUserFilter
    from wagtail.admin.views.pages.listing import (
        EditedByFilter,
        ExplorableIndexView,
        PageFilterSet,
    )
    from wagtail.admin.viewsets.pages import PageViewSet

    from .models import StudyMaterialPage

    class LibraryFilterSet(PageFilterSet):
        owner = MultipleUserFilter(
            label=_("Owner"), queryset=_owners_in_reach, widget=CheckboxSelectMultiple
        )
        edited_by = EditedByFilter(
            label=_("Edited by"), queryset=_editors_in_reach, widget=CheckboxSelectMultiple
        )

        class Meta(PageFilterSet.Meta):
            pass

    class LibraryIndexView(ExplorableIndexView):
        # Each row of the explorer draws its status, its dates and a menu of a dozen actions
        # (about 3 ms a row): 20 rows a page, as Wagtail's page search shows, keep a library
        # of hundreds of materials quick to page through.
        paginate_by = 20

        def get_base_queryset(self):
            # Wagtail keeps only the explorable pages by a semi-join with every page of the
            # site under the user's pages (and their ancestors): without fresh planner
            # statistics a nested loop reading the whole site once per material. Under a page
            # the user holds a right on, every page is explorable: the filter changes nothing.
            if self.is_searching_whole_tree or not self.parent_within_granted_pages:
                return super().get_base_queryset()
            pages = self.model._default_manager
            if self.is_searching or self.is_filtering:
                pages = pages.descendant_of(self.parent_page)
            else:
                pages = pages.child_of(self.parent_page)
            return self.annotate_queryset(pages)

        @cached_property
        def parent_within_granted_pages(self) -> bool:
            user = self.request.user
            if user.is_superuser or not user.is_active:
                return False
            granted = self.permission_policy.instances_with_direct_explore_permission(user)
            return any(self.parent_page.path.startswith(page.path) for page in granted)

    class StudyMaterialPageViewSet(PageViewSet):
        model = StudyMaterialPage
        filterset_class = LibraryFilterSet
        index_view_class = LibraryIndexView

    return StudyMaterialPageViewSet()
