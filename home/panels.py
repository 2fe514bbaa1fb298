"""Panels on 我的 (/me/) and the secretary's dashboard (/me/dashboard/).

Other apps add their own panels from ``AppConfig.ready``::

    from home.panels import register_me_panel
    register_me_panel("recognition/me_stars.html", stars_context, order=20)

``context_fn(request)`` returns the template's context, or None to hide the panel. The
rendered HTML is cached per user until the panel's ``topics`` change in the user's branches
(``branch.caching``); a panel with a form (its CSRF token) registers with ``cache=False``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    template_name: str
    context_fn: Callable[[HttpRequest], dict | None]
    order: int = 100
    topics: tuple[str, ...] = ()  # what the cached HTML depends on (branch.caching topics)
    cache: bool = True  # False for panels with forms (their CSRF token) or per-request data
    on_workplace: bool = True  # a 我的 panel also shown on the worker's 工作台


_me_panels: list[Panel] = []
_dashboard_panels: list[Panel] = []


def _register(registry: list[Panel], panel: Panel) -> None:
    if any(p.template_name == panel.template_name for p in registry):
        return  # registering twice (ready() run again) changes nothing
    registry.append(panel)
    registry.sort(key=lambda p: p.order)


def register_me_panel(
    template_name: str,
    context_fn,
    order: int = 100,
    *,
    topics=(),
    cache: bool = True,
    on_workplace: bool = True,
) -> None:
    """A panel on 我的; also on the worker's 工作台 unless ``on_workplace`` is False (account
    settings such as signed-in devices belong on 我的 alone)."""
    _register(
        _me_panels, Panel(template_name, context_fn, order, tuple(topics), cache, on_workplace)
    )


def register_dashboard_panel(
    template_name: str, context_fn, order: int = 100, *, topics=(), cache: bool = True
) -> None:
    _register(_dashboard_panels, Panel(template_name, context_fn, order, tuple(topics), cache))


def _render(registry: list[Panel], request: HttpRequest, name: str) -> list[str]:
    """Each panel's HTML ("" when hidden), cached per user until its topics change in the
    user's branches (``branch.caching``); all cached panels are read in one cache call."""
    from branch import caching

    def compute(panel):
        def render():
            context = panel.context_fn(request)
            if context is None:
                return ""
            return render_to_string(panel.template_name, context, request=request)

        return render

    values = caching.get_or_compute_many(
        {
            i: (
                caching.user_key(request.user, f"{name}:{panel.template_name}", panel.topics)
                if panel.cache
                else None,
                compute(panel),
            )
            for i, panel in enumerate(registry)
        }
    )
    return [values[i] for i in range(len(registry)) if values[i]]


def render_me_panels(request: HttpRequest, *, workplace: bool = False) -> list[str]:
    """The 我的 panels, or (``workplace``) those also shown on the worker's 工作台."""
    if workplace:
        return _render([p for p in _me_panels if p.on_workplace], request, "me")
    return _render(_me_panels, request, "me")


def render_dashboard_panels(request: HttpRequest) -> list[str]:
    return _render(_dashboard_panels, request, "dashboard")


# -- 工作台 panels per role -------------------------------------------------------------------


_workplace_panels: dict[str, list[Panel]] = {}


def register_workplace_panel(
    role: str, template_name: str, context_fn, order: int = 100, *, topics=(), cache: bool = True
) -> None:
    """A panel on the 工作台 of ``role`` (branch.roles.SECRETARY / LEADER / WORKER), e.g. a
    chart of the branch at a glance. ``context_fn(request)`` returns the context or None.
    Its HTML is cached per user until ``topics`` change (see ``_render``)."""
    _register(
        _workplace_panels.setdefault(role, []),
        Panel(template_name, context_fn, order, tuple(topics), cache),
    )


def render_workplace_panels(request: HttpRequest, role: str | None) -> list[str]:
    return _render(_workplace_panels.get(role or "", []), request, f"workplace:{role}")
