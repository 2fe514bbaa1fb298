from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from branch.caching import connect_invalidation

        connect_invalidation(self.get_models(), "training")
        from . import registrations

        registrations.register()
