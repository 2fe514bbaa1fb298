"""Create the PostgreSQL database a ``postgres://`` URL names, if it does not exist yet.

``python -m scripts.createdb URL``: ``make seed-bench`` runs it so that a fresh machine needs
no manual ``createdb``.
"""

import sys
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql


def ensure_database(url: str) -> bool:
    """True if the database was created, False if it was already there."""
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        raise SystemExit(f"not a PostgreSQL database URL: {url}")
    server = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m scripts.createdb postgres://user@host:port/name")
    created = ensure_database(sys.argv[1])
    print(f"database {'created' if created else 'present'}: {urlparse(sys.argv[1]).path[1:]}")
