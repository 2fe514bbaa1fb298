"""scripts/backup.sh and scripts/restore.sh, for real: back up a PostgreSQL database with
data and uploads, restore into a fresh database and fresh folders, and find everything there."""

import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from branch.models import Employee

from .conftest import database_url_for_other_processes

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgres


def run(script: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    """An empty database next to the test database, dropped afterwards."""
    s = connection.settings_dict
    name = f"zhibu_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432, "user": s["USER"],
                 "password": s["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}  # fmt: skip
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url_for_other_processes().rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump/pg_restore not installed")
def test_backup_then_restore_into_a_fresh_database(transactional_db, org, tmp_path, fresh_database):
    media = tmp_path / "media"
    private = tmp_path / "private"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "合影.jpg").write_bytes(b"\xff\xd8\xff picture")
    (private / "hardship").mkdir(parents=True)
    (private / "hardship" / "申请.pdf").write_bytes(b"%PDF-1.4 confidential")

    source = {"DATABASE_URL": database_url_for_other_processes(), "MEDIA_ROOT": str(media),
              "PRIVATE_STORAGE_ROOT": str(private)}  # fmt: skip
    backup = run("backup.sh", str(tmp_path / "backups"), env=source)
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in backup_dir.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz", "private.tar.gz"
    ]  # fmt: skip

    target = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(tmp_path / "media2"),
              "PRIVATE_STORAGE_ROOT": str(tmp_path / "private2")}  # fmt: skip
    refused = run("restore.sh", str(backup_dir), env=target)
    assert refused.returncode == 2 and "--yes" in refused.stderr

    restore = run("restore.sh", str(backup_dir), "--yes", env=target)
    assert restore.returncode == 0, restore.stderr

    with psycopg.connect(fresh_database.replace("postgres://", "postgresql://")) as conn:
        names = {row[0] for row in conn.execute(f"SELECT name FROM {Employee._meta.db_table}")}
        users = conn.execute("SELECT count(*) FROM auth_user").fetchone()[0]
        migrations = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert {"书记", "张正式", "王实习", "赵二班"} <= names
    assert users == 5 and migrations > 10
    assert (
        tmp_path / "media2" / "original_images" / "合影.jpg"
    ).read_bytes() == b"\xff\xd8\xff picture"
    assert (
        tmp_path / "private2" / "hardship" / "申请.pdf"
    ).read_bytes() == b"%PDF-1.4 confidential"


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump/pg_restore not installed")
def test_restore_refuses_a_damaged_backup(transactional_db, tmp_path, fresh_database):
    source = {"DATABASE_URL": database_url_for_other_processes(),
              "MEDIA_ROOT": str(tmp_path / "none"), "PRIVATE_STORAGE_ROOT": str(tmp_path / "none")}  # fmt: skip
    backup = run("backup.sh", str(tmp_path / "backups"), env=source)
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip().splitlines()[-1])
    with (backup_dir / "database.dump").open("ab") as dump:
        dump.write(b"tampered")
    restore = run("restore.sh", str(backup_dir), "--yes", env={"DATABASE_URL": fresh_database})
    assert restore.returncode == 1 and "checksums" in restore.stderr
