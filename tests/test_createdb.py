"""``python -m scripts.createdb URL`` (run by ``make seed-bench`` and the web bench) creates the
PostgreSQL database a URL names once, leaves an existing one alone, and refuses other URLs."""

import os
import uuid
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest

from scripts.createdb import ensure_database


def test_refuses_a_url_that_is_not_postgresql():
    for url in ("sqlite:///db.sqlite3", "mysql://root@localhost/zhibu", "postgres://127.0.0.1/"):
        with pytest.raises(SystemExit, match="not a PostgreSQL database URL"):
            ensure_database(url)


@pytest.mark.postgres
def test_creates_the_database_once():
    server = urlparse(os.environ["DATABASE_URL"])
    name = f"zhibu_createdb_{uuid.uuid4().hex[:8]}"
    url = urlunparse(server._replace(path=f"/{name}"))
    try:
        assert ensure_database(url) is True
        assert ensure_database(url) is False
        with psycopg.connect(url) as connection:  # it is there and can be used
            assert connection.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        with psycopg.connect(
            urlunparse(server._replace(path="/postgres")), autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
