import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Set by config/test_settings.py in this process; a production subprocess must not inherit them.
TEST_ONLY_ENV = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE",
    "AWS_STORAGE_BUCKET_NAME",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_URL",
}


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="statements.example.org",
        VAR_DIR=str(tmp_path / "var"),
        EMAIL_URL="dummy://",
    )
    env.update(extra)
    return env


def run_manage(tmp_path, *args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def axes_on(settings):
    """django-axes as in production (the test settings switch it off for client.login())."""
    settings.AXES_ENABLED = True
    from axes.handlers.proxy import AxesProxyHandler

    # The handler is cached per process; reset it so it sees the switched-on settings.
    AxesProxyHandler.implementation = None
    yield settings
    AxesProxyHandler.implementation = None


@pytest.fixture
def login_template(settings, tmp_path):
    """A bare login form, used only when the site's own registration/login.html does not exist yet."""
    folder = tmp_path / "fallback-templates"
    (folder / "registration").mkdir(parents=True)
    (folder / "registration" / "login.html").write_text(
        '{% extends "base.html" %}{% block content %}<form method="post">{% csrf_token %}{{ form }}</form>'
        "{% endblock %}"
    )
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], folder]
    settings.TEMPLATES = templates
