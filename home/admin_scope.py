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


def file_reachable(user, model, pk) -> bool:
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

    policy = CollectionOwnershipPermissionPolicy(model, owner_field_name="uploaded_by_user")
    return policy.instances_user_has_any_permission_for(user, FILE_ACTIONS).filter(pk=pk).exists()


class AdminBranchBoundaryMiddleware:
    """404 for admin URLs naming a page, image or document outside the user's reach."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if (
            not view_kwargs
            or not request.path.startswith("/admin/")
            or user is None
            or not user.is_authenticated
            or user.is_superuser
            or not user.has_perm("wagtailadmin.access_admin")
        ):
            return None
        for name in PAGE_KWARGS:
            if name in view_kwargs and not page_reachable(user, view_kwargs[name]):
                raise Http404
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        for names, model in ((IMAGE_KWARGS, get_image_model()), (DOCUMENT_KWARGS, None)):
            model = model or get_document_model()
            for name in names:
                if name in view_kwargs and not file_reachable(user, model, view_kwargs[name]):
                    raise Http404
        return None
