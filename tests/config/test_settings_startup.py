"""The settings module refuses to start in production without a secret key and host names."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = secrets.token_urlsafe(50)
SETTINGS_ENV = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "CACHE_URL"}


def load_settings(tmp_path, *, show="settings.DEBUG, settings.ALLOWED_HOSTS", **env):
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    clean.update(env, VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    code = f"import django; django.setup(); from django.conf import settings; print({show})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def production(tmp_path, **env):
    """Settings with DEBUG off and everything production requires, changed by env."""
    return load_settings(
        tmp_path, **{"SECRET_KEY": KEY, "ALLOWED_HOSTS": "example.org", "EMAIL_URL": "dummy://", **env}
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = load_settings(tmp_path, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY=KEY, EMAIL_URL="dummy://")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    result = production(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False ['example.org']")


def test_debug_generates_and_keeps_a_local_key(tmp_path):
    first = load_settings(tmp_path, DEBUG="1")
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "dev-secret-key").read_text()
    assert len(key) >= 50
    load_settings(tmp_path, DEBUG="1")
    assert (tmp_path / "dev-secret-key").read_text() == key


def test_sqlite_is_the_default_database(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    clean.update(DEBUG="1", VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.stdout.strip() == str(tmp_path / "statements.sqlite3")


def test_cache_url_must_be_the_database_or_redis(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "use db:// (a table in DATABASE_URL" in result.stderr


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://", "django.core.cache.backends.db.DatabaseCache", "statements_cache"),
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/0"),
    ],
)
def test_cache_url_selects_a_shared_cache(tmp_path, url, backend, location):
    show = "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']"
    result = production(tmp_path, CACHE_URL=url, show=show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [backend, location]


def last_line(result):
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("key", ["short-key-" * 4, "ab" * 40])
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    result = production(tmp_path, SECRET_KEY=key)
    assert result.returncode != 0
    assert last_line(result).startswith("django.core.exceptions.ImproperlyConfigured: SECRET_KEY is too weak")


def test_development_accepts_any_secret_key(tmp_path):
    assert load_settings(tmp_path, DEBUG="1", SECRET_KEY="dev").returncode == 0


def test_production_requires_email_url(tmp_path):
    """Otherwise invitations, with their personal signing links, would be printed to the log."""
    result = production(tmp_path, EMAIL_URL="")
    assert result.returncode != 0
    assert "ImproperlyConfigured: EMAIL_URL is not set" in last_line(result)


def test_production_accepts_console_email_when_asked_for(tmp_path):
    result = production(tmp_path, EMAIL_URL="console://", show="settings.EMAIL_BACKEND")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_development_defaults_to_console_email(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", show="settings.EMAIL_BACKEND")
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize("url", ["bogus", "smtp+tls://user:pass@smtp.example.org:587", "http://example.org"])
def test_an_unknown_email_url_is_a_configuration_error(tmp_path, url):
    result = production(tmp_path, EMAIL_URL=url)
    assert result.returncode != 0
    assert last_line(result).startswith("django.core.exceptions.ImproperlyConfigured: EMAIL_URL must start with")
    assert "submission://" in last_line(result)


def test_a_file_email_url_writes_to_that_folder(tmp_path):
    result = production(
        tmp_path, EMAIL_URL=f"file://{tmp_path}/mail", show="settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.filebased.EmailBackend", f"{tmp_path}/mail"]


def test_submission_email_url_uses_starttls(tmp_path):
    result = production(
        tmp_path,
        EMAIL_URL="submission://user:p%40ss@smtp.example.org:587",
        show="settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_HOST_PASSWORD",
    )
    assert result.stdout.split() == ["smtp.example.org", "587", "True", "p@ss"]


@pytest.mark.parametrize("url", ["bogus", "mysqlx://host/db", "postgres://user:s3cret-pass@host:notaport/db"])
def test_a_bad_database_url_is_a_configuration_error_without_the_password(tmp_path, url):
    result = production(tmp_path, DATABASE_URL=url)
    assert result.returncode != 0
    assert last_line(result).startswith(
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not a database URL"
    )
    assert "s3cret-pass" not in result.stderr
