from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartylifeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partylife"
    verbose_name = _("Organisational life")

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
