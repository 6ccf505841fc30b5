#!/usr/bin/env python
"""Restore an archive written by scripts/backup.py into an EMPTY database and an EMPTY media storage.

    python scripts/restore.py FILE

Point DATABASE_URL (and MEDIA_ROOT or the S3 settings) at the new, empty database and storage first. A database
that already has tables, or a storage that already has files, is refused: restoring over live data would mix two
states. Afterwards every table's row count is compared with the count taken at backup time, every media file
with its SHA-256, and every published PDF with the hash recorded at publication (manage.py verify_pdfs).
"""

import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backup import (  # noqa: E402  (scripts/ is not a package)
    FORMAT,
    MANIFEST,
    MEDIA_PREFIX,
    PG_FILE,
    SQLITE_FILE,
    count_rows,
    engine,
    media_files,
    postgres_env,
    setup_django,
    sqlite_tables,
)


class RestoreError(Exception):
    pass


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except KeyError:
        raise RestoreError("This is not a Statements backup: it has no manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise RestoreError(f"Unknown backup format {manifest.get('format')!r}; this script reads format {FORMAT}.")
    return manifest


def refuse_non_empty():
    from django.core.files.storage import default_storage
    from django.db import connection

    tables = connection.introspection.table_names()
    if tables:
        name = connection.settings_dict["NAME"]
        raise RestoreError(
            f"The database {name!r} is not empty ({len(tables)} tables, e.g. {tables[0]}). Restore only into an "
            "empty database: create a new one (PostgreSQL: createdb; SQLite: a new file name) and point "
            "DATABASE_URL at it. Do not run migrate first."
        )
    files = media_files(default_storage)
    if files:
        raise RestoreError(
            f"The media storage is not empty ({len(files)} files, e.g. {files[0]}). Point MEDIA_ROOT (or the S3 "
            "bucket/location) at an empty one."
        )


def restore_database(archive, manifest, scratch):
    from django.db import connection

    vendor = engine()
    if vendor != manifest["engine"]:
        raise RestoreError(f"The backup is of a {manifest['engine']} database; the configured one is {vendor}.")
    member = SQLITE_FILE if vendor == "sqlite" else PG_FILE
    archive.extract(member, scratch, filter="data")
    source = Path(scratch) / member
    if vendor == "sqlite":
        target = connection.settings_dict["NAME"]
        connection.close()
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        env = postgres_env()
        result = subprocess.run([*command, "--dbname", env["PGDATABASE"], str(source)], env=env)  # noqa: S603
        if result.returncode:
            raise RestoreError(f"pg_restore failed (exit status {result.returncode}); the database is unchanged.")


def restore_media(archive):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    for member in archive.getmembers():
        if not member.isfile() or not member.name.startswith(MEDIA_PREFIX):
            continue
        name = member.name[len(MEDIA_PREFIX) :]
        saved = default_storage.save(name, ContentFile(archive.extractfile(member).read()))
        if saved != name:
            raise RestoreError(f"The storage renamed {name!r} to {saved!r}; is it really empty?")


def current_counts():
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return count_rows(raw.cursor(), sqlite_tables(raw), lambda name: '"' + name.replace('"', '""') + '"')
    with connection.cursor() as cursor:
        return count_rows(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def check(manifest):
    """Compare the restored state with the manifest; return a list of problems (empty when all is well)."""
    from django.core.files.storage import default_storage
    from django.core.management import CommandError, call_command

    problems = []
    counts = current_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    for name, expected in manifest["media"].items():
        with default_storage.open(name, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if digest != expected["sha256"]:
            problems.append(f"media file {name}: SHA-256 differs from the backup")
    try:
        # Orphan files were orphans in the source too; the manifest check above already covers every media file.
        call_command("verify_pdfs", "--skip-orphans")
    except CommandError as error:
        problems.append(str(error))
    return problems


def restore(path):
    """Restore the archive at `path`; return (manifest, problems). Django must be set up."""
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory(prefix="statements-restore-") as scratch:
        manifest = read_manifest(archive)
        refuse_non_empty()
        restore_database(archive, manifest, scratch)
        restore_media(archive)
    return manifest, check(manifest)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="An archive written by scripts/backup.py.")
    args = parser.parse_args(argv)
    if not Path(args.file).is_file():
        raise SystemExit(f"No such file: {args.file}")
    setup_django()
    started = time.monotonic()
    try:
        manifest, problems = restore(args.file)
    except RestoreError as error:
        raise SystemExit(f"Not restored: {error}") from None
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    rows = sum(manifest["tables"].values())
    print(
        f"Restored {rows} rows in {len(manifest['tables'])} tables and {len(manifest['media'])} media files "
        f"from the backup of {manifest['created_at']} in {time.monotonic() - started:.1f} s."
    )
    if problems:
        raise SystemExit(f"{len(problems)} check(s) failed after restoring.")
    print("Every row count, media file and published PDF hash matches the backup.")


if __name__ == "__main__":
    main()
