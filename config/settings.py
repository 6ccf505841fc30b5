"""Settings for Statements. Everything that differs between machines comes from the environment."""

import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, parse_database_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


MIN_SECRET_KEY_CHARS = 50


def _secret_key():
    key = env_str("SECRET_KEY")
    if key and not DEBUG and (len(key) < MIN_SECRET_KEY_CHARS or len(set(key)) < 5):
        # The key signs sessions, password-reset links and signing tokens: a short one can be guessed.
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak ({len(key)} characters); use {MIN_SECRET_KEY_CHARS}+ random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it (50+ random characters) or set DEBUG=1 for local development."
        )
    # Development only: generate once and keep it, so sessions survive restarts.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. List the host names this site answers to, comma-separated.")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "organisations",
    "statements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored PDFs are public files: serve them before sessions, auth, CSRF and locale, like static files.
    "statements.middleware.StoredPdfMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during the view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": parse_database_url(
        "DATABASE_URL",
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'statements.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks for a lockout before Django's own backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# Interface languages. Russian joins when its catalogue exists: offering it now would mix Django's own Russian
# strings into English pages. Statements themselves may be in any language (Statement.language).
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media (published PDFs, logos): a local folder by default; an S3-compatible bucket when one is named, so several
# app servers share the files. The S3 backend (django-storages[s3]) is imported only when configured.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "location": env_str("AWS_LOCATION", ""),
            # Files are streamed through the app (statements/views/downloads.py), so the bucket stays private.
            "default_acl": "private",
            "querystring_auth": True,
            # A published PDF's name is part of its identity; never overwrite one silently.
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Invitation emails carry personal signing links: in production they must go where someone chose, so EMAIL_URL is
# required there (console:// too, when that is really wanted), never a silent default to stdout.
_email_url = env_str("EMAIL_URL", "console://" if DEBUG else None)
if _email_url is None:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set. Set it, e.g. submission://user:password@smtp.example.org:587, or console:// to print "
        "emails (with their signing links) to the log on purpose."
    )
_email = parse_email_url("EMAIL_URL", _email_url)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if _email.get("EMAIL_FILE_PATH") and EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
# A mail server that stops answering must not hold a worker forever; the task is retried.
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or env_int("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "statements@localhost")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Rate-limit counters live in the cache: several app processes need a shared one. Without CACHE_URL each process
# keeps its own counters. CACHE_URL=db:// keeps them in a table of the app's own database (create it with
# `manage.py createcachetable`): nothing more to run. CACHE_URL=redis://host:6379/0 (the `redis` package installed)
# is exact under heavy concurrency, where the database cache's read-then-write increments may miss a few hits.
CACHE_TABLE = "statements_cache"
_cache_url = env_str("CACHE_URL")
if _cache_url:
    if _cache_url.startswith(("redis://", "rediss://")):
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
    elif _cache_url == "db://":
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": CACHE_TABLE,
                # One row per client address and window: the default (300 rows) would cull live counters.
                "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100_000, minimum=1000)},
            }
        }
    else:
        raise ImproperlyConfigured(
            f"CACHE_URL={_cache_url!r}: use db:// (a table in DATABASE_URL, made by `manage.py createcachetable`) "
            "or redis://host:6379/0 (rediss:// with TLS)."
        )

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Where PDF renders may read files from (fonts, logos, PDF assets); everything else is refused.
PDF_FONT_DIRS = env_list("PDF_FONT_DIRS", [])

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# django-csp 4. The site has no JavaScript and vendors its CSS, so everything comes from 'self'; a script would
# need the per-request nonce ({{ request.csp_nonce }}). Bootstrap's CSS draws a few icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The client address as seen through the reverse proxies in front of the app (statements.security.client_ip).
# 1 in production: one proxy (nginx, the load balancer) appends the real address to X-Forwarded-For. Never expose
# gunicorn directly with a non-zero value: a client could then choose its own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1, minimum=0)

# django-axes: lock out an address after repeated login failures. Locking by address only (not by username) so
# nobody can keep a coordinator out of their own account by failing logins in their name.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# The client address behind the proxies; an IPv6 client's whole /64 counts as one address.
AXES_CLIENT_IP_CALLABLE = "statements.security.limit_key"
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# No log of successful logins: it would be one more store of people's addresses and browsers.
AXES_DISABLE_ACCESS_LOG = True

# Contact details, comments, addresses and browsers of signers are cleared this many days after publication
# (manage.py purge_private_data, or the statements.privacy.purge_private_data task).
PRIVATE_DATA_RETENTION_DAYS = env_int("PRIVATE_DATA_RETENTION_DAYS", 90, minimum=0)
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))

# Every record that reaches a handler has signing tokens masked ("Not Found: /sign/[token]/"). A handler added in a
# deployment needs the same filter. gunicorn's own logs: config.gunicorn_logging.
# Django's default "django" and "django.server" (runserver) handlers are replaced so they mask too.
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_signing_tokens": {"()": "config.log_filters.MaskSigningTokens"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_signing_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_signing_tokens"],
        },
    },
    "loggers": {
        "django": {"level": LOG_LEVEL},  # no handlers of its own: it propagates to the root's
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
