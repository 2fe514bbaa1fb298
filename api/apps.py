from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from branch.signals import person_left
        from home.panels import register_me_panel

        from . import services
        from .panels import me_tokens_context

        person_left.connect(services.on_person_left, dispatch_uid="api.revoke_tokens_on_leaving")
        # Not cached: each token has a revoke form (its CSRF token). On 我的 only: the 工作台
        # runs the day, the devices are an account setting.
        register_me_panel(
            "api/me_tokens.html", me_tokens_context, order=90, cache=False, on_workplace=False
        )
