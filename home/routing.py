"""The site's front-end pages, served by Wagtail with what routing found remembered between
requests.

Wagtail finds a page for an address by reading the site, the root page and each page down the
path (``Page.route``), then every ancestor to check the page's privacy. A library and its
materials are read all day by every member, so:

- the site of each host and port is kept in the cache (dropped whenever a site or a page is
  saved, moved or deleted, and after five minutes at most);
- the page an address leads to is kept per site and path, with the pages whose view
  restrictions apply to it. A remembered page is read again (one query, with what its page
  needs) and used only while it is live and still at that address (its ``url_path``), so a
  moved, renamed, unpublished or deleted page is routed afresh by Wagtail;
- members asking for the site's home get their 工作台 straight away (``HomePage.serve`` gives
  them the same); visitors get the home page through Wagtail.

Wagtail's own ``serve`` view does the rest (privacy checks, hooks, ``page.serve``): this module
only hands it the route (``request._wagtail_route_for_request``) and the site
(``request._wagtail_site``), the two places where Wagtail keeps them for the request."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

SITES_KEY = "home:routing:sites"
ROUTE_PREFIX = "home:routing:route"
SITES_TIMEOUT = 300  # a backstop for a change that reached only one process's own cache
MAX_HOSTS = 50  # host names kept (only allowed hosts get this far)
ROUTE_TIMEOUT = 24 * 3600  # a backstop: a remembered route is checked on every use anyway


def _remembered_models() -> dict[str, object]:
    """The page models whose routes are remembered, each with the query that reads one page
    with what serving it needs."""
    from .models import StudyIndexPage, StudyMaterialPage

    return {
        StudyIndexPage._meta.label_lower: lambda: StudyIndexPage.objects.all(),
        StudyMaterialPage._meta.label_lower: lambda: StudyMaterialPage.objects.select_related(
            "topic"
        ),
    }


def site_for_request(request) -> Site | None:
    """Wagtail's ``Site.find_for_request``, with the site of each host and port kept in the
    cache instead of read on every request."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host, port = request._get_raw_host(), request.get_port()
    sites = cache.get(SITES_KEY) or {}
    site = sites.get((host, port))
    if site is None:
        site = Site.find_for_request(request)
        if site is not None and len(sites) < MAX_HOSTS:
            cache.set(SITES_KEY, {**sites, (host, port): site}, SITES_TIMEOUT)
    request._wagtail_site = site
    return site


def _route_key(site: Site, path: str) -> str:
    return f"{ROUTE_PREFIX}:{site.pk}:{path}"


def _address_of(site: Site, path: str) -> str:
    """The ``url_path`` of the page at ``path`` under ``site``'s root."""
    return site.root_page.url_path + path


def _route_from_cache(request, site: Site, path: str) -> bool:
    entry = cache.get(_route_key(site, path))
    if entry is None:
        return False
    label, pk, restriction_page_ids = entry
    queryset = _remembered_models().get(label)
    page = queryset().filter(pk=pk).first() if queryset is not None else None
    if page is None or not page.live or page.url_path != _address_of(site, path):
        return False
    page.restriction_page_ids = restriction_page_ids
    request._wagtail_route_for_request = RouteResult(page)
    return True


def _remember_route(request, site: Site, path: str) -> None:
    result = getattr(request, "_wagtail_route_for_request", None)
    if result is None or result.args or result.kwargs:
        return
    page = result.page
    if page._meta.label_lower not in _remembered_models():
        return
    if page.url_path != _address_of(site, path):
        return
    pages = [(page.pk, page.alias_of_id)]
    pages += list(page.get_ancestors().values_list("pk", "alias_of_id"))
    if any(alias_of for _pk, alias_of in pages):
        return  # an alias takes its source's restrictions: left to Wagtail
    entry = (page._meta.label_lower, page.pk, tuple(pk for pk, _alias in pages))
    cache.set(_route_key(site, path), entry, ROUTE_TIMEOUT)


def serve(request, path: str):
    """The site's pages (Wagtail's ``serve``), routed from what earlier requests found."""
    site = site_for_request(request)
    if path == "" and request.user.is_authenticated:
        from .views import workplace

        return workplace(request)
    cacheable = site is not None and request.method in ("GET", "HEAD")
    from_cache = cacheable and _route_from_cache(request, site, path)
    response = wagtail_serve(request, path)
    if cacheable and not from_cache and response.status_code == 200:
        _remember_route(request, site, path)
    return response


def forget_sites(sender, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, (Site, Page)):
        cache.delete(SITES_KEY)


def connect() -> None:
    """Forget the sites whenever a site or a page (a site's root among them) is saved, moved
    or deleted."""
    for signal in (post_save, post_delete):
        signal.connect(forget_sites, dispatch_uid=f"home.routing.forget_sites:{id(signal)}")
