"""Versioned caching of what pages gather from many sources (the 工作台, 我的): a fragment is
stored under a key that carries the current *version* of everything it was computed from, so a
change anywhere it depends on makes the next page load compute it afresh — nobody sees stale
data after their own action or a colleague's — while the short timeout is only a backstop for
what no signal announces (the passing of time, bulk writes).

Versions live in the cache itself, one per branch and *topic* (``"org"`` for the organisation,
and one per feature app: ``"recognition"``, ``"care"``…). ``bump(branch_id, topic)`` gives the
topic and the branch's ``"*"`` (anything) a new version; ``bump(None, topic)`` does so for every
branch at once (branch id 0 stands for "all branches" and every key reads it too). Fragments are
keyed per user (``user_key``), with the versions of the branches the user works in, so one
branch's changes never invalidate another's fragments and its data never shows elsewhere.

Apps announce their changes by connecting their models once (``connect_invalidation``): any
save, delete or many-to-many change bumps the topic of the branch the row belongs to (found
through its ``branch`` or, hop by hop, its foreign keys). Writes that skip signals
(``QuerySet.update``, ``bulk_create``) call ``bump`` themselves.

Only ``django.core.cache.cache`` is used; tests run on the local-memory cache and clear it
between tests.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

ALL_BRANCHES = 0  # the "branch" whose versions every key reads: bumped when the branch is unknown
ANY = "*"  # the topic every bump also moves; fragments that name no topic depend on it
ORG = "org"  # branches, teams, people, accounts and roles: every fragment depends on it
PREFIX = "bc"


def timeout() -> int:
    """Seconds a fragment is kept at most (the backstop), ``BRANCH_CACHE_TIMEOUT`` or 60."""
    return int(getattr(settings, "BRANCH_CACHE_TIMEOUT", 60))


def _version_key(branch_id: int, topic: str) -> str:
    return f"{PREFIX}:v:{branch_id}:{topic}"


def _new_version() -> str:
    # Unique, not a counter: a version evicted from the cache and made again never repeats an
    # old one, so no fragment stored under an old version can come back.
    return uuid.uuid4().hex[:12]


# Within one request the versions already read are remembered (``RequestVersionsMiddleware``):
# a page that gathers many fragments reads every topic of its branches in one cache call instead
# of one call per fragment. ``bump`` forgets them, so a page drawn after a change in the same
# request never reads a fragment of before it.
_request_versions: ContextVar[dict[str, str] | None] = ContextVar(
    "branch_caching_versions", default=None
)
_known_topics: set[str] = {ORG, ANY}  # every topic an app connects (``connect_invalidation``)


class RequestVersionsMiddleware:
    """Remembers the versions read during a request (see ``versions``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def versions(branch_ids: Iterable[int], topics: Sequence[str]) -> list[str]:
    """The current versions of ``topics`` (plus ``org``) in each branch and in all branches,
    read in one cache call (during a request, at most once for every known topic of these
    branches); missing ones are created."""
    wanted = [ORG, *sorted(set(topics) - {ORG})] if topics else [ANY]
    branches = sorted({ALL_BRANCHES, *branch_ids})
    keys = [_version_key(b, t) for b in branches for t in wanted]
    memo = _request_versions.get()
    if memo is not None and all(k in memo for k in keys):
        return [memo[k] for k in keys]
    if memo is not None:
        known = [_version_key(b, t) for b in branches for t in sorted(_known_topics)]
        reading = list(dict.fromkeys(keys + known))
    else:
        reading = keys
    found = cache.get_many(reading)
    missing = {k: _new_version() for k in reading if k not in found}
    if missing:
        for key, value in missing.items():
            if not cache.add(key, value, None):  # another process made it meanwhile
                missing[key] = cache.get(key) or value
        found.update(missing)
    if memo is not None:
        memo.update(found)
    return [found[k] for k in keys]


def bump(branch_id: int | None, *topics: str) -> None:
    """Announce a change of ``topics`` in a branch (``None``: in every branch). Inside a
    transaction the versions move again when it commits: a page computed meanwhile, from the
    data before the commit, is not kept under the new versions."""
    branch = ALL_BRANCHES if branch_id is None else branch_id
    keys = [_version_key(branch, t) for t in {*topics, ANY}]

    def move():
        cache.set_many({key: _new_version() for key in keys}, None)
        memo = _request_versions.get()
        if memo is not None:
            memo.clear()

    _now_and_at_commit(move)


def _now_and_at_commit(action: Callable[[], None]) -> None:
    """Run ``action`` now and, inside a transaction, again when it commits: what a page
    computed meanwhile from the data before the commit is not kept."""
    action()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(action)


def bump_many(branch_ids: Iterable[int | None], *topics: str) -> None:
    for branch_id in set(branch_ids):
        bump(branch_id, *topics)


def cached(key: str | None, fn: Callable[[], object], seconds: int | None = None):
    """``fn()``'s value kept under ``key`` (``None``: not cached, computed every time)."""
    if key is None:
        return fn()
    marker = object()
    value = cache.get(key, marker)
    if value is marker:
        value = fn()
        cache.set(key, value, timeout() if seconds is None else seconds)
    return value


def get_or_compute_many(items: dict[object, tuple[str | None, Callable[[], object]]]) -> dict:
    """``{name: (key, fn)}`` → ``{name: value}``, reading every key in one cache call and
    storing what had to be computed in another."""
    keys = {name: key for name, (key, _fn) in items.items() if key is not None}
    found = cache.get_many(list(keys.values())) if keys else {}
    values, to_store = {}, {}
    for name, (key, fn) in items.items():
        if key is not None and key in found:
            values[name] = found[key]
        else:
            values[name] = fn()
            if key is not None:
                to_store[key] = values[name]
    if to_store:
        cache.set_many(to_store, timeout())
    return values


# -- per-user keys ----------------------------------------------------------------------------


def viewer_scope(user) -> tuple[str, list[int]] | None:
    """(role, branch ids) of a user whose fragments may be cached, or None (anonymous users
    and superusers, who see every branch, are not cached). Role and branch ids are computed once
    per request (``branch.selectors`` keeps them on the user object)."""
    from . import selectors

    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    role = selectors.role_of(user) or ""
    ids = set(selectors.administered_branch_ids(user))
    me = selectors.employee_of(user)
    if me is not None:
        ids.add(me.branch_id)
    ids.update(selectors.led_team_branch_ids(user))
    return role, sorted(ids)


def user_key(user, name: str, topics: Sequence[str] = (), *extra: object) -> str | None:
    """A key for ``name`` as computed for ``user`` (today, in the active language) that
    changes whenever ``topics`` (or the organisation) change in the user's branches; None when
    the user's fragments are not cached."""
    scope = viewer_scope(user)
    if scope is None:
        return None
    role, branch_ids = scope
    from . import selectors

    parts = [
        name,
        str(user.pk),
        role,
        ",".join(map(str, branch_ids)),
        ",".join(map(str, selectors.led_team_ids(user))),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        *versions(branch_ids, topics),
        *map(str, extra),
    ]
    digest = hashlib.sha1("|".join(parts).encode()).hexdigest()
    return f"{PREFIX}:f:{name[:60]}:{digest}"


# -- invalidation from model signals ---------------------------------------------------------


def branch_ids_of(instance, depth: int = 3) -> set[int] | None:
    """The branches a row belongs to: its own ``branch``, or through its foreign keys (a
    response → its suggestion → the branch); None when that cannot be told."""
    from django.contrib.auth import get_user_model

    from .models import Branch, Employee

    if isinstance(instance, Branch):
        return {instance.pk}
    if isinstance(instance, get_user_model()):
        ids = set(Employee.objects.filter(user_id=instance.pk).values_list("branch_id", flat=True))
        ids.update(Branch.objects.filter(secretaries=instance.pk).values_list("pk", flat=True))
        return ids
    if depth <= 0:
        return None
    fks = [
        f
        for f in instance._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and getattr(instance, f.attname) is not None
    ]
    for field in fks:
        if field.related_model is Branch:
            return {getattr(instance, field.attname)}
    for field in fks:
        if field.related_model is get_user_model():
            continue  # who recorded it, not whose it is
        try:
            related = getattr(instance, field.name)
        except ObjectDoesNotExist:
            continue
        found = branch_ids_of(related, depth - 1)
        if found:
            return found
    return None


def bump_for(instance, topic: str) -> None:
    """Bump ``topic`` in the branches ``instance`` belongs to (all branches when unknown)."""
    try:
        ids = branch_ids_of(instance)
    except Exception:  # a half-deleted row: be safe, not precise
        ids = None
    if ids is None:
        bump(None, topic)
    else:
        bump_many(ids, topic)


def _ignored_save(instance, update_fields) -> bool:
    # A login stamps ``last_login``: nothing any page shows.
    return bool(update_fields) and set(update_fields) <= {"last_login"}


def connect_invalidation(model_list: Iterable[type[models.Model]], topic: str) -> None:
    """Bump ``topic`` in the row's branch whenever a row of these models is saved or deleted,
    or one of their many-to-many relations changes. History models are left out (their
    originals already announce the change)."""
    _known_topics.add(topic)
    for model in model_list:
        if model._meta.model_name.startswith("historical") or model._meta.proxy:
            continue
        uid = f"branch.caching:{topic}:{model._meta.label_lower}"

        def on_save(sender, instance, update_fields=None, raw=False, **kwargs):
            if raw or _ignored_save(instance, update_fields):
                return
            bump_for(instance, topic)

        def on_delete(sender, instance, **kwargs):
            bump_for(instance, topic)

        def on_m2m(sender, instance, action, **kwargs):
            if action in ("post_add", "post_remove", "post_clear"):
                bump_for(instance, topic)

        post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_m2m,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m2m",
            )


# -- the unread count in every page's header -------------------------------------------------


def unread_key(user_id: int) -> str:
    return f"{PREFIX}:unread:{user_id}"


def forget_unread(user_ids: Iterable[int]) -> None:
    """The unread counts of these recipients changed: read them afresh (now, and again when the
    transaction commits, so a count read meanwhile from the data before is not kept)."""
    keys = [unread_key(pk) for pk in set(user_ids) if pk]
    if keys:
        _now_and_at_commit(lambda: cache.delete_many(keys))


def _on_notification_change(sender, instance, **kwargs) -> None:
    forget_unread([instance.recipient_id])


def connect_unread_invalidation(model) -> None:
    """Every saved or deleted notification (the inbox services, the admin, cascades) changes
    its recipient's count; bulk writes call ``forget_unread`` themselves."""
    post_save.connect(_on_notification_change, sender=model, dispatch_uid="branch.unread:save")
    post_delete.connect(_on_notification_change, sender=model, dispatch_uid="branch.unread:delete")
