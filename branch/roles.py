"""The three roles as Django groups, and the permissions each group holds.

The groups are created by a data migration; their model permissions are (re)applied after every
``migrate`` because permissions only exist once all apps have migrated. *Which* objects a role
reaches is decided by ``branch.selectors`` from the organisation's relations, never by the group
alone.
"""

from django.utils.translation import gettext_lazy as _

SECRETARY = "支部书记"
LEADER = "班组长"
WORKER = "员工"
ROLE_GROUPS = (SECRETARY, LEADER, WORKER)

ROLE_LABELS = {SECRETARY: _("Branch secretary"), LEADER: _("Team leader"), WORKER: _("Employee")}

# Model permissions held by each group, as "app_label.codename". Feature apps extend these lists
# through ``extra_role_permissions`` in their AppConfig.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    SECRETARY: [
        "wagtailadmin.access_admin",
        "branch.add_employee",
        "branch.change_employee",
        "branch.view_employee",
        "branch.add_team",
        "branch.change_team",
        "branch.view_team",
        "branch.view_branch",
    ],
    LEADER: [],
    WORKER: [],
}


def sync_role_permissions(**kwargs) -> None:
    """Give each role group exactly the permissions listed for it (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    wanted = {group: list(perms) for group, perms in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        for group, perms in getattr(config, "extra_role_permissions", {}).items():
            wanted[group].extend(perms)

    for group_name, perms in wanted.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        found = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                found.append(permission)
        group.permissions.set(found)
