"""Wagtail admin hooks of the organisation app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .selectors import branches_administered_by

# --- Roster (花名册): upload with preview, export. Secretaries and superusers only. ---------


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return branches_administered_by(request.user).exists()


@hooks.register("register_admin_urls")
def register_roster_urls():
    from .admin_roster import roster_urls

    return roster_urls()


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return RosterMenuItem(_("导入花名册"), reverse("roster_upload"), icon_name="upload", order=250)
