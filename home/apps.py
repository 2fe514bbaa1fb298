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

        from . import services, tasks, workplace
        from .models import StudyMaterialPage

        page_published.connect(
            tasks.on_material_published,
            sender=StudyMaterialPage,
            dispatch_uid="home.announce_study_material",
        )

        workplace.register()

        post_migrate.connect(
            services.study_permissions_sync, dispatch_uid="home.study_permissions_sync"
        )
