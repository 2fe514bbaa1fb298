"""Fixtures shared by every app's tests: a branch with two teams and one person per role, and
markers that skip (with a reason) the tests whose servers are not reachable."""

import os
import socket
from urllib.parse import urlparse

import pytest
from hypothesis import settings as hypothesis_settings

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import EmploymentType

# CI replays the same examples every run (reproducible failures); local runs keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    database_url = os.environ.get("DATABASE_URL", "")
    on_postgres = database_url.startswith(("postgres", "postgresql"))
    redis_url = urlparse(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    redis_up = _reachable(redis_url.hostname or "127.0.0.1", redis_url.port or 6379)
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (make test does)"
                )
            )
        if "redis" in item.keywords and not redis_up:
            item.add_marker(pytest.mark.skip(reason=f"Redis not reachable at {redis_url.netloc}"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the local-memory cache outlives a test): cached
    fragments and versions of one test never show in another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def on_the_modules_today(request):
    """For a module whose cases are built from ``TODAY`` (today's date at collection): run each
    test at noon of that day, so a run crossing midnight (Asia/Shanghai) checks them against
    the same day."""
    import datetime

    import time_machine
    from django.utils import timezone

    noon = datetime.datetime.combine(
        request.module.TODAY, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture
def org(db):
    """A branch with two teams; a secretary, a leader of team A, and workers of every
    employment type in both teams (one without an account)."""

    class Org:
        pass

    o = Org()
    o.branch = BranchFactory(code="zydd", name="作业大队党支部")
    o.team_a = TeamFactory(branch=o.branch, name="修井一班")
    o.team_b = TeamFactory(branch=o.branch, name="修井二班")
    o.secretary = EmployeeFactory(team=o.team_a, name="书记", staff_no="S001")
    o.secretary_user = make_account(o.secretary, role=roles.SECRETARY)
    o.leader = EmployeeFactory(team=o.team_a, name="班长甲", staff_no="L001")
    o.leader_user = make_account(o.leader, role=roles.LEADER)
    o.leader_b = EmployeeFactory(team=o.team_b, name="班长乙", staff_no="L002")
    o.leader_b_user = make_account(o.leader_b, role=roles.LEADER)
    o.worker = EmployeeFactory(team=o.team_a, name="张正式", staff_no="W001")
    o.worker_user = make_account(o.worker)
    o.contract_worker = EmployeeFactory(
        team=o.team_a, name="李合同", staff_no="W002", employment_type=EmploymentType.CONTRACT
    )
    o.intern = EmployeeFactory(
        team=o.team_a, name="王实习", staff_no="W003", employment_type=EmploymentType.INTERN
    )  # no account
    o.worker_b = EmployeeFactory(team=o.team_b, name="赵二班", staff_no="W101")
    o.worker_b_user = make_account(o.worker_b)
    return o


@pytest.fixture
def org2(db):
    """A second branch beside ``org``'s, with its own secretary, leader and worker: every
    feature is tested with it to prove the branch boundary (nothing of one shows in the other)."""

    class Org2:
        pass

    o = Org2()
    o.branch = BranchFactory(code="jxdd", name="井下大队党支部")
    o.team = TeamFactory(branch=o.branch, name="井下一班")
    o.secretary = EmployeeFactory(team=o.team, name="外书记", staff_no="S001")
    o.secretary_user = make_account(o.secretary, role=roles.SECRETARY)
    o.leader = EmployeeFactory(team=o.team, name="外班长", staff_no="L001")
    o.leader_user = make_account(o.leader, role=roles.LEADER)
    o.worker = EmployeeFactory(team=o.team, name="外员工", staff_no="W001")
    o.worker_user = make_account(o.worker)
    return o
