"""The settings module refuses to start in production without a secret key and host names."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(env, VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = load_settings(tmp_path, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
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


def test_cache_url_must_be_redis(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "only redis:// or rediss:// URLs are supported" in result.stderr
