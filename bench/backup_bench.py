#!/usr/bin/env python
"""Time scripts/backup.py and scripts/restore.py on the demo plus a 3,000-signature published statement.

    python bench/backup_bench.py                 SQLite, in a temporary folder
    DATABASE_URL=postgres://u:p@host/db python bench/backup_bench.py
                                                 PostgreSQL: uses DATABASE_URL's server and role (needs CREATEDB)
                                                 to create two scratch databases, dropped afterwards

Everything runs in subprocesses with their own DATABASE_URL and MEDIA_ROOT, as an operator would run it.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SIGNATURES = 3000

MAKE_BIG_STATEMENT = f"""
import datetime, hashlib
from django.core.files.base import ContentFile
from django.utils import timezone
from organisations.models import Network, Organisation
from statements.models import PublishedVersion, Signature, Statement
network = Network.objects.get(name="Civic Solidarity Platform")
statement = Statement.objects.create(network=network, title="A statement with {SIGNATURES} signatures",
    date=datetime.date(2024, 5, 1), body="One paragraph.", status="published", published_at=timezone.now())
orgs = Organisation.objects.bulk_create(
    Organisation(name=f"Bench organisation {{n}}", slug=f"bench-organisation-{{n}}", country="KZ")
    for n in range({SIGNATURES}))
Signature.objects.bulk_create(
    Signature(statement=statement, organisation=o, name=o.name, country="Kazakhstan", position=n,
              contact_name="Contact person", contact_email=f"c{{n}}@example.org", ip_address="203.0.113.9",
              user_agent="Mozilla/5.0", signed_at=timezone.now())
    for n, o in enumerate(orgs))
try:
    from statements.pdf.versions import create_version
    version = create_version(statement)
    print("pdf: rendered", version.size, "bytes")
except Exception as error:  # the PDF code is optional for this bench
    data = b"%PDF-1.7\\n" + b"x" * 400_000
    version = PublishedVersion(statement=statement, number=1, content={{}}, sha256=hashlib.sha256(data).hexdigest(),
                               size=len(data))
    version.pdf.save("v1.pdf", ContentFile(data), save=False)
    version.save()
    print("pdf: synthetic", version.size, "bytes, because", type(error).__name__, error)
"""


def run(env, *args, label=None):
    started = time.monotonic()
    result = subprocess.run([PY, *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if label:
        print(f"{label:<28} {elapsed:6.2f} s")
    return result.stdout, elapsed


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def psql(url, sql):
    import psycopg2

    db = psycopg2.connect(url.replace("postgres://", "postgresql://", 1))
    db.autocommit = True
    with db.cursor() as cursor:
        cursor.execute(sql)
    db.close()


def main():
    base_url = os.environ.get("DATABASE_URL", "")
    postgres = base_url.startswith(("postgres://", "postgresql://"))
    with tempfile.TemporaryDirectory(prefix="backup-bench-") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
        env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", VAR_DIR=str(tmp / "var"))
        env.setdefault("EMAIL_URL", "dummy://")  # production settings require one
        created = []
        if postgres:
            suffix = secrets.token_hex(4)
            source, target = f"bench_backup_src_{suffix}", f"bench_backup_dst_{suffix}"
            for name in (source, target):
                psql(base_url, f'CREATE DATABASE "{name}"')
                created.append(name)
            source_env = dict(env, DATABASE_URL=with_database(base_url, source), MEDIA_ROOT=str(tmp / "media"))
            target_env = dict(env, DATABASE_URL=with_database(base_url, target), MEDIA_ROOT=str(tmp / "restored"))
        else:
            source_env = dict(env, DATABASE_URL=f"sqlite:///{tmp / 'source.sqlite3'}", MEDIA_ROOT=str(tmp / "media"))
            target_env = dict(env, DATABASE_URL=f"sqlite:///{tmp / 'target.sqlite3'}", MEDIA_ROOT=str(tmp / "restored"))
        try:
            print(f"engine: {'PostgreSQL' if postgres else 'SQLite'}")
            run(source_env, "manage.py", "migrate", "--noinput", "-v0", label="migrate")
            run(source_env, "manage.py", "load_demo", "--allow-demo-logins", label="load_demo")
            out, _ = run(
                source_env, "manage.py", "shell", "-v0", "-c", MAKE_BIG_STATEMENT, label="3,000-signature data"
            )
            print(out.strip())
            out, backup_s = run(source_env, "scripts/backup.py", "--output-dir", str(tmp / "backups"), label="backup")
            print(out.strip())
            archive = next((tmp / "backups").glob("*.tar.gz"))
            out, restore_s = run(target_env, "scripts/restore.py", str(archive), label="restore (with checks)")
            print(out.strip())
            size = archive.stat().st_size / 1_000_000
            print(f"archive size: {size:.2f} MB; backup {backup_s:.2f} s, restore {restore_s:.2f} s")
        finally:
            for name in created:
                psql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
