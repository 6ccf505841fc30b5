"""Settings for the test suite: production settings (DEBUG off) with what plain-HTTP test servers need."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 50)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_URL", "memory://")  # required with DEBUG off; replaced by locmem below anyway

from config.settings import *  # noqa: E402,F403

# The live server for browser tests speaks plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic before tests: serve from the source folders.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never outside tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Django's test client.login() calls authenticate() without a request, which django-axes refuses; the tests in
# tests/security/ switch it back on.
AXES_ENABLED = False
# Lets two suites share one PostgreSQL server without dropping each other's test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
