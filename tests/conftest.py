"""Fixtures for the production-grade tests: real Celery processes on Redis and PostgreSQL."""

import os
import socket
from urllib.parse import quote, urlparse

import pytest

from .celery_harness import CeleryService

# A Redis database of its own; every test also uses its own queue name.
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "14"))


def _redis_address() -> tuple[str, int]:
    url = urlparse(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return url.hostname or "127.0.0.1", url.port or 6379


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def database_url_for_other_processes() -> str:
    """The URL of the database this test runs on (pytest-django's test_… database)."""
    from django.db import connection

    s = connection.settings_dict
    credentials = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def celery_service(transactional_db, tmp_path):
    """Start real ``celery worker`` / ``celery beat`` processes for this test (see
    tests/celery_harness.py). They use the PostgreSQL test database (committed data only, hence
    ``transactional_db``) and Redis; all are stopped at teardown."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("real Celery workers need PostgreSQL: run with DATABASE_URL=postgres://…")
    host, port = _redis_address()
    if not _reachable(host, port):
        pytest.skip(f"real Celery workers need Redis, not reachable at {host}:{port}")
    service = CeleryService(
        broker_url=f"redis://{host}:{port}/{TEST_REDIS_DB}",
        database_url=database_url_for_other_processes(),
        tmp_path=tmp_path,
    )
    yield service
    service.close()


@pytest.fixture
def wagtail_page(db):
    """A page under Wagtail's root (the one the migrations create; a transactional test before
    this one may have flushed it, so it is rebuilt when missing)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    page = Page.objects.filter(depth=2).first()
    if page is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        page = root.add_child(instance=Page(title="首页", slug="home"))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=page, is_default_site=True)
    return page
