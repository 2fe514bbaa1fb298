"""The site navigation built from ``home.registries.register_nav_item``: the phone tab bar (at
most five destinations: 工作台, up to three of the role's tab items, 更多), the desktop menu and
the 更多 page grouped, and which destination is the current place."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors

from .registries import NavItem, nav_items
from .workplace import GROUP_ORDER

MAX_TABS = 5


@dataclass
class NavLink:
    key: str
    label: str
    url: str
    group: str
    current: bool = False


@dataclass
class Navigation:
    role: str | None
    tabs: list[NavLink]
    groups: list[tuple[str, list[NavLink]]]
    current_key: str = ""


def _url(item: NavItem) -> str | None:
    if item.url_name.startswith("/"):
        return item.url_name
    try:
        return reverse(item.url_name)
    except NoReverseMatch:
        return None


def navigation_for(request) -> Navigation:
    user = request.user
    role = branch_selectors.role_of(user)
    links: list[NavLink] = []
    for item in nav_items():
        if role not in item.roles and not (user.is_superuser and role is None):
            continue
        if item.permission and not user.has_perm(item.permission):
            continue
        url = _url(item)
        if url is None:
            continue
        links.append(NavLink(item.key, str(item.label), url, str(item.group)))

    path = request.path
    more_url = reverse("home:more")
    on_more = path.startswith(more_url)  # /me/more/ is 更多 itself, not 我的 (/me/)
    current = None
    for link in links if not on_more else ():
        url = link.url.split("#")[0]
        matches = path == url if url == "/" else path.startswith(url)
        if matches and (current is None or len(url) > len(current.url)):
            current = link
    if current is None and getattr(request, "nav_section", "") == "study":
        current = next((link for link in links if link.key == "home.study"), None)
    if current is None and on_more:
        current = NavLink("home.more", _("More"), more_url, "", True)
    elif current is not None:
        current.current = True

    by_key = {item.key: item for item in nav_items()}
    tabs = [
        link for link in links if role in by_key[link.key].tab_roles or link.key == "home.workplace"
    ][: MAX_TABS - 1]
    more = NavLink("home.more", _("More"), more_url, "")
    in_tabs = {t.key for t in tabs}
    # 更多 is the current tab when the current page is not one of the tabs
    more.current = current is not None and current.key not in in_tabs
    tabs.append(more)

    order = {str(g): i for i, g in enumerate(GROUP_ORDER)}
    grouped: dict[str, list[NavLink]] = {}
    for link in links:
        grouped.setdefault(link.group, []).append(link)
    groups = sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))
    return Navigation(role, tabs, groups, current.key if current else "")
