"""The versioned cache of page fragments (branch.caching): keys per user and branch, versions
bumped by changes of the organisation, one branch's changes never touching another's keys."""

import pytest
from django.core.cache import cache

from branch import caching
from branch.factories import EmployeeFactory, UserFactory
from branch.models import Employee

pytestmark = pytest.mark.django_db


def _key(user, topics=("recognition",)):
    # A fresh user object per call, as on a page: what it remembers of its roles is per request.
    return caching.user_key(type(user).objects.get(pk=user.pk), "test", topics)


def test_cached_computes_once_until_the_key_changes():
    calls = []

    def compute():
        calls.append(1)
        return ["a"]

    assert caching.cached("k1", compute) == ["a"]
    assert caching.cached("k1", compute) == ["a"]
    assert len(calls) == 1
    assert caching.cached(None, compute) == ["a"]  # no key: never cached
    assert caching.cached(None, compute) == ["a"]
    assert len(calls) == 3
    assert caching.cached("k2", lambda: None) is None  # None is a value, kept too
    assert caching.cached("k2", lambda: 1 / 0) is None


def test_bump_changes_the_branch_keys_and_no_other_branch(org, org2):
    ours, theirs = _key(org.secretary_user), _key(org2.secretary_user)
    assert ours and theirs and ours != theirs
    assert _key(org.secretary_user) == ours  # stable while nothing changes
    caching.bump(org2.branch.pk, "recognition")
    assert _key(org.secretary_user) == ours
    assert _key(org2.secretary_user) != theirs
    theirs = _key(org2.secretary_user)
    caching.bump(org.branch.pk, "care")  # another topic: recognition fragments stay
    assert _key(org.secretary_user) == ours
    assert _key(org.secretary_user, ()) != _key(org2.secretary_user, ())
    before_any = _key(org.secretary_user, ())
    caching.bump(org.branch.pk, "care")  # ...but fragments of no topic depend on anything
    assert _key(org.secretary_user, ()) != before_any
    caching.bump(None, "recognition")  # unknown branch: every branch
    assert _key(org.secretary_user) != ours and _key(org2.secretary_user) != theirs


def test_keys_differ_per_user_and_role(org):
    keys = {_key(u) for u in (org.secretary_user, org.leader_user, org.worker_user)}
    assert len(keys) == 3


def test_anonymous_and_superusers_are_not_cached(org):
    from django.contrib.auth.models import AnonymousUser

    assert caching.user_key(AnonymousUser(), "test") is None
    assert caching.user_key(None, "test") is None
    admin = UserFactory(is_superuser=True)
    assert caching.user_key(admin, "test") is None


def test_organisation_changes_bump_their_branch_only(org, org2):
    ours, theirs = _key(org.secretary_user), _key(org2.secretary_user)
    EmployeeFactory(team=org2.team, name="新来的")
    assert _key(org.secretary_user) == ours
    assert _key(org2.secretary_user) != theirs
    theirs = _key(org2.secretary_user)
    Employee.objects.filter(pk=org.worker.pk).get().save()
    assert _key(org.secretary_user) != ours
    assert _key(org2.secretary_user) == theirs
    ours = _key(org.secretary_user)
    org.team_b.leaders.add(org.worker)  # many-to-many: a new team leader
    assert _key(org.secretary_user) != ours
    assert _key(org2.secretary_user) == theirs


def test_a_login_does_not_bump(org, client):
    ours = _key(org.secretary_user)
    client.force_login(org.worker_user)  # stamps last_login
    assert _key(org.secretary_user) == ours
    org.worker_user.is_active = False
    org.worker_user.save()
    assert _key(org.secretary_user) != ours


def test_an_evicted_version_never_comes_back_as_an_old_one(org):
    ours = _key(org.secretary_user)
    cache.clear()  # versions gone (evicted, restarted): new ones, never the old
    assert _key(org.secretary_user) != ours


def test_branch_of_a_row_through_its_foreign_keys(org, org2):
    assert caching.branch_ids_of(org.worker) == {org.branch.pk}
    assert caching.branch_ids_of(org.team_b) == {org.branch.pk}
    assert caching.branch_ids_of(org2.branch) == {org2.branch.pk}
    assert caching.branch_ids_of(org.secretary_user) == {org.branch.pk}
    from django.contrib.auth.models import Group

    assert caching.branch_ids_of(Group(name="x")) is None  # unknown: callers bump every branch


class _CountingCache:
    """Counts the cache calls ``versions`` makes."""

    def __init__(self, monkeypatch):
        self.reads = 0
        real = cache.get_many

        def get_many(keys, *args, **kwargs):
            self.reads += 1
            return real(keys, *args, **kwargs)

        monkeypatch.setattr(caching.cache, "get_many", get_many)


def _in_request(fn):
    """Runs ``fn`` as a view behind RequestVersionsMiddleware would."""
    return caching.RequestVersionsMiddleware(lambda request: fn())(None)


def test_a_request_reads_the_versions_of_its_branches_once(org, org2, monkeypatch):
    counting = _CountingCache(monkeypatch)

    def page():
        first = caching.versions([org.branch.pk], ["recognition"])
        again = caching.versions([org.branch.pk], ["care", "study"])  # other known topics
        assert caching.versions([org.branch.pk], ["recognition"]) == first
        return first, again

    first, _again = _in_request(page)
    assert counting.reads == 1
    # Outside a request (a task, a shell) nothing is remembered.
    counting.reads = 0
    assert caching.versions([org.branch.pk], ["recognition"]) == first
    assert caching.versions([org.branch.pk], ["recognition"]) == first
    assert counting.reads == 2
    # Each request reads afresh: a change made by another request is seen by the next one.
    caching.bump(org.branch.pk, "recognition")
    assert _in_request(lambda: caching.versions([org.branch.pk], ["recognition"])) != first


def test_a_change_within_the_request_is_seen_by_what_it_draws_next(org, org2):
    def page():
        before = caching.versions([org.branch.pk], ["recognition"])
        theirs = caching.versions([org2.branch.pk], ["recognition"])
        caching.bump(org.branch.pk, "recognition")
        after = caching.versions([org.branch.pk], ["recognition"])
        assert caching.versions([org2.branch.pk], ["recognition"]) == theirs  # untouched
        return before, after

    before, after = _in_request(page)
    assert before != after
    assert _in_request(lambda: caching.versions([org.branch.pk], ["recognition"])) == after
