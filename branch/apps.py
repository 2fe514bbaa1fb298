from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BranchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "branch"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .accounts import on_user_logged_in
        from .exports import install_safe_admin_exports
        from .roles import sync_role_permissions
        from .signals import connect_model_signals

        install_safe_admin_exports()
        from .media import register_wagtail_media

        register_wagtail_media()
        connect_model_signals()
        from .admin_scope import install_log_entry_scope

        install_log_entry_scope()
        user_logged_in.connect(on_user_logged_in, dispatch_uid="branch.first_login_password")

        from django.contrib.auth import get_user_model

        from . import caching
        from .models import Branch, CommitteeMember, Employee, Notification, PartyGroup, Team

        caching.connect_unread_invalidation(Notification)

        caching.connect_invalidation(
            [Branch, Team, Employee, CommitteeMember, PartyGroup, get_user_model()], caching.ORG
        )

        post_migrate.connect(sync_role_permissions, dispatch_uid="branch.sync_role_permissions")
