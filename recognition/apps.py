from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recognition"
    verbose_name = _("Stars and suggestions")

    def ready(self) -> None:
        from home.panels import register_me_panel

        from . import workplace
        from .panels import me_panel_context

        register_me_panel("recognition/me_panel.html", me_panel_context, order=20)
        workplace.register()
