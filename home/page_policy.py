"""Wagtail's page permission policy, with one condition per page a person holds rights on.

Wagtail turns each permission row into a condition of its own: a secretary holding three rights
on their branch's library (add, change, publish; ``home.rights``) gets "under the library" three
times over, and "an ancestor of the library" three times more. The pages are the same, but
PostgreSQL multiplies its estimate of them by the number of repeats: in the admin's page search
it then reads the search index of every branch's materials (5,000 at 200 branches) instead of
looking up the library's own, which makes the search slower as branches are added. Here each
page a person holds rights on gives one condition, so the query, and its cost, stay those of
the person's own library. The pages found are exactly Wagtail's (tested against it).

Registered for every page model from ``HomeConfig.ready()``; everything in Wagtail that asks
which pages a person may explore, edit or publish looks the policy up in its registry.
"""

from wagtail.permission_policies.pages import PagePermissionPolicy

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


class OneConditionPerPagePolicy(PagePermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        codenames = self._get_permission_codenames(actions)
        add = self._get_permission_codename("add")
        whole, own_only = {}, {}  # path -> page
        for perm in self.get_cached_permissions_for_user(user):
            codename = perm.permission.codename
            if codename == add and "add" not in actions and "change" in actions:
                # Wagtail: "add" lets a person change the pages they own under the page.
                own_only.setdefault(perm.page.path, perm.page)
            elif codename in codenames:
                whole.setdefault(perm.page.path, perm.page)
        pages = self.model._default_manager.none()
        for page in whole.values():
            pages |= self.model._default_manager.descendant_of(page, inclusive=True)
        for path, page in own_only.items():
            if path not in whole:  # the whole subtree already holds the owned pages
                pages |= self.model._default_manager.descendant_of(page, inclusive=True).filter(
                    owner=user
                )
        return pages

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        pages = self.instances_user_has_any_permission_for(user, EXPLORE_ACTIONS)
        granted = list(
            {
                perm.page.path: perm.page for perm in self.get_cached_permissions_for_user(user)
            }.values()
        )
        # As Wagtail: the ancestors of the pages a person holds rights on, to navigate down to
        # them, below the first page they have in common.
        for page in granted:
            pages |= self.model._default_manager.ancestor_of(page)
        common = self.model.base_page_model.objects.first_common_ancestor_of(granted)
        return pages.filter(path__startswith=common.path)


def install() -> None:
    from wagtail.models import AbstractPage, Page
    from wagtail.permissions import register_permission_policy

    register_permission_policy(AbstractPage, OneConditionPerPagePolicy(Page))
