from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recognition"
    verbose_name = _("Stars and suggestions")

    def ready(self) -> None:
        from branch.caching import connect_invalidation

        connect_invalidation(self.get_models(), "recognition")
        from branch.media import register_media_owner

        from .selectors import suggestion_photo_visible

        register_media_owner("recognition/suggestions/", suggestion_photo_visible)
        from home.panels import register_me_panel

        from . import workplace
        from .panels import me_panel_context

        register_me_panel(
            "recognition/me_panel.html", me_panel_context, order=20, topics=["recognition"]
        )

        from home.registries import register_search_kind

        from .search import search_suggestions

        register_search_kind(
            "recognition.suggestions",
            _("Suggestions"),
            search_suggestions,
            order=30,
            topics=["recognition"],
            cache=True,
        )
        from home.registries import register_ledger_section

        from .ledger import recognition_section, safety_section

        register_ledger_section("recognition", "星级与建议", recognition_section, order=30)
        register_ledger_section("recognition.safety", "愿景与安全", safety_section, order=40)
        workplace.register()
