from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from branch.admin_scope import BranchScopedSnippetViewSet
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


class StudyRecordViewSet(BranchScopedSnippetViewSet):
    """Study records of the secretary's branches, read-only in the admin (records are made
    by 我已学习 and by leaders' attendance checklists)."""

    model = StudyRecord
    icon = "tick-inverse"
    menu_label = _("Study record")
    list_display = ["employee", "page", "method", "studied_at", "recorded_by"]
    list_filter = ["method"]
    list_export = ["employee", "page", "method", "studied_at"]
    inspect_view_enabled = True

    def scope(self, user):
        return StudyRecord.objects.filter(
            employee__branch__in=branches_administered_by(user)
        ).select_related("employee", "page", "recorded_by")


register_snippet(StudyRecordViewSet)


@hooks.register("after_create_page")
def secure_new_study_index(request, page):
    if isinstance(page.specific, StudyIndexPage):
        study_index_secure(index=page.specific)
