#!/usr/bin/env python
"""Write a dated archive of the database and the media files.

    python scripts/backup.py [--output-dir DIR]      (default: BACKUP_DIR, i.e. var/backups/)

The archive (statements-backup-YYYYmmdd-HHMMSS.tar.gz) holds:
  manifest.json        when, which engine, the row count of every table, the SHA-256 of every media file
  database.dump        PostgreSQL: pg_dump's custom format, or
  database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
  media/...            every file in the media storage (local folder or S3-compatible bucket)

The database is read in one snapshot (pg_dump --snapshot / the backup API), and the row counts come from that
same snapshot, so scripts/restore.py can check the restored database against them. Media files are copied after
the snapshot; files are only ever added, so every file the database refers to is in the archive.

The archive holds private data (signers' contacts, password hashes): it is written readable by its owner only.
"""

import argparse
import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_PREFIX = "media/"


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def engine():
    from django.db import connection

    if connection.vendor not in ("sqlite", "postgresql"):
        raise SystemExit(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def postgres_env():
    """libpq's environment variables for the configured database, so the password never shows in `ps`."""
    from django.db import connection

    conf = connection.settings_dict
    env = os.environ.copy()
    for key, value in {
        "PGDATABASE": conf["NAME"],
        "PGUSER": conf.get("USER"),
        "PGPASSWORD": conf.get("PASSWORD"),
        "PGHOST": conf.get("HOST"),
        "PGPORT": str(conf.get("PORT") or ""),
        "PGSSLMODE": (conf.get("OPTIONS") or {}).get("sslmode"),
    }.items():
        if value:
            env[key] = value
    return env


def count_rows(cursor, tables, quote):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_tables(db):
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in rows]


def dump_sqlite(target):
    from django.db import connection

    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state even while the app or the worker writes.
        connection.connection.backup(copy)
        return count_rows(copy.cursor(), sqlite_tables(copy), lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        copy.close()


def dump_postgres(target):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # One exported snapshot for both the counts and pg_dump, so they describe the same state.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        subprocess.run([*command, "--file", str(target)], env=postgres_env(), check=True)  # noqa: S603
    return counts


def media_files(storage, folder=""):
    """Every file name in a storage, recursively; an absent media folder is an empty one."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(media_files(storage, f"{folder}/{sub}" if folder else sub))
    return sorted(names)


def add_bytes(archive, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600
    archive.addfile(info, fileobj=io.BytesIO(data))


def backup(output_dir=None, *, now=None):
    """Write the archive and return its path. Django must be set up."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    now = now or datetime.datetime.now(datetime.UTC)
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = output_dir / f"statements-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    vendor = engine()
    mtime = int(now.timestamp())
    manifest = {"format": FORMAT, "created_at": now.isoformat(), "engine": vendor, "media": {}}
    with tempfile.TemporaryDirectory(prefix="statements-backup-") as scratch:
        db_name = SQLITE_FILE if vendor == "sqlite" else PG_FILE
        db_path = Path(scratch) / db_name
        manifest["tables"] = dump_sqlite(db_path) if vendor == "sqlite" else dump_postgres(db_path)
        manifest["database"] = db_name
        # Written under a temporary name first: a half-written archive never looks like a backup.
        partial = final.with_name(final.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(db_path, arcname=db_name)
            for name in media_files(default_storage):
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                manifest["media"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                add_bytes(archive, MEDIA_PREFIX + name, data, mtime)
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode(), mtime)
        partial.replace(final)
    return final


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", help="Folder for the archive (default: settings.BACKUP_DIR).")
    args = parser.parse_args(argv)
    setup_django()
    started = time.monotonic()
    path = backup(args.output_dir)
    size = path.stat().st_size
    print(f"Wrote {path} ({size / 1_000_000:.1f} MB) in {time.monotonic() - started:.1f} s.")


if __name__ == "__main__":
    main()
