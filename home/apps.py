from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from branch import roles


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home and study")
    extra_role_permissions = {
        roles.SECRETARY: [
            "home.view_studyrecord",
            "home.add_studytopic",
            "home.change_studytopic",
            "home.view_studytopic",
        ]
    }

    def ready(self):
        from wagtail.signals import page_published

        from . import admin_overrides, page_policy, services, tasks, workplace  # noqa: F401 (admin_overrides: hooks)

        page_policy.install()
        from .models import StudyMaterialPage
        from .registries import register_search_kind
        from .selectors import search_study_materials

        register_search_kind(
            "home.study",
            _("Study materials"),
            search_study_materials,
            order=10,
            topics=[workplace.STUDY],
            cache=True,
        )

        page_published.connect(
            tasks.on_material_published,
            sender=StudyMaterialPage,
            dispatch_uid="home.announce_study_material",
        )

        from .ledger.study import study_section
        from .registries import register_ledger_section

        register_ledger_section("home.study", "学习", study_section, order=10)
        workplace.register()

        from . import rights, routing

        rights.connect()
        routing.connect()
        post_migrate.connect(
            services.study_permissions_sync, dispatch_uid="home.study_permissions_sync"
        )
