from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StudyIndexPage, StudyTopic
from .services import study_index_secure


class StudyTopicViewSet(SnippetViewSet):
    model = StudyTopic
    icon = "tag"
    menu_label = _("学习专题")
    list_display = ["name", "sort_order"]
    list_export = ["name", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(StudyTopicViewSet)


@hooks.register("after_create_page")
def secure_new_study_index(request, page):
    if isinstance(page.specific, StudyIndexPage):
        study_index_secure(index=page.specific)
