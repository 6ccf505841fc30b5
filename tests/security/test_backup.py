"""A backup restores into an empty database with every row and every PDF intact; a non-empty target is refused."""

import hashlib
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from statements.models import AuditEntry, PublishedVersion
from tests.factories import SignatureFactory, StatementFactory
from tests.security.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import backup  # noqa: E402
import restore  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_bytes(n):
    return b"%PDF-1.7\n" + f"statement version {n}\n".encode() * 200 + b"%%EOF\n"


def make_data():
    statement = StatementFactory(status="published")
    for n in range(12):
        SignatureFactory(statement=statement, position=n, ip_address="203.0.113.9")
    for number in (1, 2):
        data = pdf_bytes(number)
        version = PublishedVersion(
            statement=statement,
            number=number,
            content={"n": number},
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        )
        version.pdf.save("x.pdf", ContentFile(data), save=False)
        version.save()
    statement.network.logo.save("logo.png", ContentFile(b"\x89PNG fake logo"))
    AuditEntry.objects.create(statement=statement, network=statement.network, action=AuditEntry.Action.SIGN)
    return statement


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the same engine as the test database."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = f"{quote(conf['USER'] or '')}:{quote(conf['PASSWORD'] or '')}@" if conf["USER"] else ""
    yield f"postgres://{auth}{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}/{name}", name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_restore(archive, database_url, media_root):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="config.test_settings", DATABASE_URL=database_url, MEDIA_ROOT=str(media_root))
    return subprocess.run(
        [sys.executable, "scripts/restore.py", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def restored_rows(database_url, sql):
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    import psycopg2

    with psycopg2.connect(database_url.replace("postgres://", "postgresql://")) as db, db.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    db.close()
    return rows


def test_backup_and_restore_keep_every_row_and_every_pdf(tmp_path, settings, empty_database):
    database_url, _ = empty_database
    make_data()
    archive = backup.backup(tmp_path / "backups")
    assert archive.name.startswith("statements-backup-") and archive.name.endswith(".tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds private data
    source_counts = restore.current_counts()
    assert source_counts["statements_signature"] == 12

    result = run_restore(archive, database_url, tmp_path / "restored-media")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Every row count, media file and published PDF hash matches the backup." in result.stdout

    # Checked here independently of the script's own check.
    for table, expected in source_counts.items():
        (count,) = restored_rows(database_url, f'SELECT COUNT(*) FROM "{table}"')[0]
        assert count == expected, table
    versions = restored_rows(database_url, "SELECT pdf, sha256, size FROM statements_publishedversion")
    assert len(versions) == 2
    for name, sha256, size in versions:
        data = (tmp_path / "restored-media" / name).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha256, size)
    (logo,) = restored_rows(database_url, "SELECT logo FROM organisations_network")[0]
    assert (tmp_path / "restored-media" / logo).read_bytes() == b"\x89PNG fake logo"


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, empty_database):
    database_url, _ = empty_database
    make_data()
    archive = backup.backup(tmp_path / "backups")
    assert run_restore(archive, database_url, tmp_path / "media-1").returncode == 0
    again = run_restore(archive, database_url, tmp_path / "media-2")
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    assert "Restore only into an empty database" in again.stderr
    assert not (tmp_path / "media-2").exists()  # nothing was written


def test_restore_refuses_media_that_is_not_empty(tmp_path, empty_database):
    database_url, _ = empty_database
    make_data()
    archive = backup.backup(tmp_path / "backups")
    media = tmp_path / "busy-media"
    (media / "statements").mkdir(parents=True)
    (media / "statements" / "other.pdf").write_bytes(b"%PDF other")
    result = run_restore(archive, database_url, media)
    assert result.returncode != 0
    assert "media storage is not empty" in result.stderr
    assert restored_rows(database_url, "SELECT 1")  # the database is still reachable and ...
    tables = (
        "SELECT name FROM sqlite_master WHERE type='table'"
        if database_url.startswith("sqlite")
        else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )
    assert restored_rows(database_url, tables) == []  # ... still empty


def test_a_tampered_pdf_in_the_backup_is_caught_on_restore(tmp_path, empty_database):
    database_url, _ = empty_database
    make_data()
    version = PublishedVersion.objects.get(number=2)
    Path(version.pdf.path).write_bytes(pdf_bytes(99))  # changed after publication, before the backup
    archive = backup.backup(tmp_path / "backups")
    result = run_restore(archive, database_url, tmp_path / "restored-media")
    assert result.returncode != 0
    assert "do not match their recorded SHA-256" in result.stderr
    assert "v2" in result.stderr
