"""Uploaded files under MEDIA_URL (/media/), served only through a check of the object each
file belongs to: the app that stores a kind of file registers who may see it, and a file that
no app claims, or that the user may not see, answers 404 (the same as a file that does not
exist, so nothing about another branch's files leaks).

- ``register_media_owner(prefix, check)``: ``check(request, name)`` returns True when the
  signed-in user may see the stored file ``name`` (a path under MEDIA_ROOT starting with
  ``prefix``). Apps call it from ``AppConfig.ready()``; Wagtail's images, renditions and
  documents are registered here and follow their collection's view restrictions (a
  per-branch collection restricted to that branch's groups is closed to other branches).
- ``media_serve``: the view behind /media/. Responses carry ``Cache-Control: private`` (no shared
  cache keeps them) and ``X-Content-Type-Options: nosniff``. With ``MEDIA_ACCEL_REDIRECT`` set
  (e.g. ``/protected-media/``), the view answers with ``X-Accel-Redirect`` and the reverse proxy
  sends the bytes from an ``internal`` location (see docs/deploy.md).
"""

import mimetypes
import posixpath
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.static import serve

MediaCheck = Callable[[object, str], bool]
_OWNERS: dict[str, MediaCheck] = {}


def register_media_owner(prefix: str, check: MediaCheck) -> None:
    """Let ``check(request, name)`` decide who sees the stored files under ``prefix``."""
    _OWNERS[prefix.strip("/") + "/"] = check


def _owner_of(name: str) -> MediaCheck | None:
    matches = [prefix for prefix in _OWNERS if name.startswith(prefix)]
    return _OWNERS[max(matches, key=len)] if matches else None


def _clean_name(path: str) -> str | None:
    name = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if not path or name in {"", "."} or name.startswith("..") or "\x00" in name:
        return None
    return name


@login_required
def media_serve(request, path: str):
    name = _clean_name(path)
    check = _owner_of(name) if name else None
    if check is None or not check(request, name):
        raise Http404
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        content_type, _encoding = mimetypes.guess_type(name)
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        response = serve(request, name, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- Wagtail's images, renditions and documents ------------------------------------------------


_COLLECTION_POLICIES: list[Callable[[object, object], bool]] = []


def register_collection_policy(policy: Callable[[object, object], bool]) -> None:
    """Add a rule ``policy(request, collection)`` every file of a collection must also pass
    (home adds the per-branch rule: a branch's collection is for that branch's members)."""
    if policy not in _COLLECTION_POLICIES:
        _COLLECTION_POLICIES.append(policy)


def _collection_open_to(request, collection) -> bool:
    """Wagtail's own rule for documents, used for every file of a collection: each view
    restriction on the collection (or an ancestor) must accept the request, and so must every
    registered collection policy."""
    return all(r.accept_request(request) for r in collection.get_view_restrictions()) and all(
        policy(request, collection) for policy in _COLLECTION_POLICIES
    )


def _image_check(request, name: str) -> bool:
    from wagtail.images import get_image_model

    image = get_image_model().objects.select_related("collection").filter(file=name).first()
    return image is not None and _collection_open_to(request, image.collection)


def _rendition_check(request, name: str) -> bool:
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    rendition = (
        rendition_model.objects.select_related("image__collection").filter(file=name).first()
    )
    return rendition is not None and _collection_open_to(request, rendition.image.collection)


def _document_check(request, name: str) -> bool:
    from wagtail.documents import get_document_model

    document = get_document_model().objects.select_related("collection").filter(file=name).first()
    return document is not None and _collection_open_to(request, document.collection)


def register_wagtail_media() -> None:
    register_media_owner("original_images/", _image_check)
    register_media_owner("images/", _rendition_check)
    register_media_owner("documents/", _document_check)
