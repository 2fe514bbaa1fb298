"""Wagtail admin adjustments for study materials (loaded from ``HomeConfig.ready()``):

- the editor's main button is 提交审核 (or the approver's 通过并发布), never hidden in a menu,
  and nobody but a superuser publishes a study material without the approval step (a POST that
  tries is refused);
- a secretary's admin home shows the branch's study work instead of Wagtail's generic summary.
"""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from branch.selectors import branches_administered_by

from .models import StudyIndexPage, StudyMaterialPage

PUBLISH = "action-publish"
SUBMIT = "action-submit"


def _is_study_material(context) -> bool:
    page = context.get("page")
    if isinstance(page, StudyMaterialPage) or isinstance(
        getattr(page, "specific_deferred", None), StudyMaterialPage
    ):
        return True
    parent = context.get("parent_page")
    return context.get("view") == "create" and isinstance(
        getattr(parent, "specific_deferred", None), StudyIndexPage
    )


@hooks.register("construct_page_action_menu")
def study_material_actions_first(menu_items, request, context):
    if request.user.is_superuser or not _is_study_material(context):
        return
    menu_items[:] = [item for item in menu_items if item.name != PUBLISH]
    for item in menu_items:
        if item.name == "approve":  # Wagtail's "%(label)s and Publish" reads badly in Chinese
            item.label = (
                _("Approve with a comment and publish")
                if item.launch_modal
                else _("Approve and publish")
            )
    # The approver's decision first, else 提交审核, as the visible button.
    menu_items.sort(
        key=lambda item: (
            0 if item.name == "approve" else 1 if item.name == SUBMIT else 2,
            item.order,
        )
    )


def _refuse_direct_publish(request, page):
    if (
        request.method == "POST"
        and PUBLISH in request.POST
        and not request.user.is_superuser
        and isinstance(page.specific_deferred, StudyMaterialPage)
    ):
        raise PermissionDenied


@hooks.register("before_publish_page")
def study_material_publish_guard(request, page):
    _refuse_direct_publish(request, page)


# -- the admin home ------------------------------------------------------------------------------


class StudyWorkPanel(Component):
    """The secretary's study work: drafts waiting for approval, materials due, completion."""

    name = "study_work"
    order = 50
    template_name = "home/admin/study_work_panel.html"

    def __init__(self, branch):
        self.branch = branch

    def get_context_data(self, parent_context):
        from .selectors import study_work_of

        return {"branch": self.branch, **study_work_of(self.branch, timezone.localdate())}

    def render_html(self, parent_context=None):
        from branch import caching

        from .workplace import STUDY

        request = (parent_context or {}).get("request")

        def render():
            return render_to_string(
                self.template_name, self.get_context_data(parent_context), request=request
            )

        # Kept per user and branch until a material, a study record or an approval of the
        # branch changes (``home.workplace.connect_invalidation``), or the day turns.
        user = getattr(request, "user", None)
        key = caching.user_key(user, "admin:study_work", (STUDY,), self.branch.pk) if user else None
        return caching.cached(key, render)


@hooks.register("construct_homepage_panels")
def study_work_on_admin_home(request, panels):
    branch = branches_administered_by(request.user).order_by("pk").first()
    if branch is None or request.user.is_superuser:
        return
    panels.insert(0, StudyWorkPanel(branch))


@hooks.register("construct_homepage_summary_items")
def no_generic_summary_for_secretaries(request, summary_items):
    if not request.user.is_superuser and branches_administered_by(request.user).exists():
        summary_items[:] = []
