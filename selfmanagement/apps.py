from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfManagementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "selfmanagement"
    verbose_name = _("Self-management")

    def ready(self) -> None:
        from branch.caching import connect_invalidation

        connect_invalidation(self.get_models(), "selfmanagement")
        from .registrations import register

        register()
