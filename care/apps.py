from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "care"
    verbose_name = _("Care calendar")

    def ready(self) -> None:
        from branch.caching import connect_invalidation

        connect_invalidation(self.get_models(), "care")
        from branch.signals import person_left

        from .services.feeds import on_person_left

        person_left.connect(on_person_left, dispatch_uid="care.revoke_feed_token_on_leaving")
        from home.registries import register_search_kind

        from .registrations import register
        from .search import search_faq

        register()
        register_search_kind(
            "care.faq",
            _("Questions and answers"),
            search_faq,
            order=20,
            topics=["care"],
            cache=True,
        )
        from home.registries import register_ledger_section

        from .ledger import care_section

        register_ledger_section("care", "关爱", care_section, order=20)
        from . import workplace

        workplace.register()
