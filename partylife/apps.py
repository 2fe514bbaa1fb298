from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartylifeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partylife"
    verbose_name = _("Organisational life")

    def ready(self) -> None:
        from branch.caching import connect_invalidation

        connect_invalidation(self.get_models(), "partylife")
        from branch.media import register_media_owner

        from .selectors import meeting_file_visible

        register_media_owner("partylife/meetings/", meeting_file_visible)
        from . import registrations

        registrations.register_all()
