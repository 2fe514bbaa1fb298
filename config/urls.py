from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView
from wagtail.urls import serve_pattern as WAGTAIL_SERVE_PATTERN

from branch.media import media_serve
from branch.views import AdminLogoutView
from branch.views_health import floor, healthz
from home import routing

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/floor", floor, name="healthz_floor"),
    # Before the admin's own: logging out of the admin by POST only (see AdminLogoutView).
    path("admin/logout/", AdminLogoutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        login_required(ServeView.as_view()),
        name="wagtailimages_serve",
    ),
    # Uploaded files are served only after a check of the object each belongs to
    # (branch.media: apps register who may see their files; anything else answers 404). A
    # reverse proxy must NOT serve /media/ itself; with MEDIA_ACCEL_REDIRECT it sends the file
    # from an internal location once this view has said yes.
    re_path(
        r"^" + settings.MEDIA_URL.lstrip("/") + r"(?P<path>.*)$",
        media_serve,
        name="media",
    ),
    path("api/v1/", include("api.urls")),
    path("devices/", include("api.site_urls")),
    path("", include("branch.urls")),
    path("me/", include("home.urls")),
    path("care/", include("care.urls")),
    path("recognition/", include("recognition.urls")),
    path("training/", include("training.urls")),
    path("partylife/", include("partylife.urls")),
    path("selfmanagement/", include("selfmanagement.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [
    # Wagtail's front-end URLs (password-protected pages, its login), then its pages, served
    # with their routes remembered between requests (home/routing.py).
    *[url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"],
    re_path(WAGTAIL_SERVE_PATTERN, routing.serve, name="wagtail_serve"),
]

handler403 = "branch.views.permission_denied"
