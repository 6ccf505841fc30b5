"""Read settings from the environment, failing loudly on values that make no sense.

An empty value counts as unset everywhere, so `FOO=` in a shell or a .env file
never silently becomes "" or False.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name, default=None):
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_bool(name, default=False):
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0 or true/false.")


def env_int(name, default=None, minimum=None):
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name, default=()):
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_database_url(name, url, **options):
    """dj-database-url's settings for url, or ImproperlyConfigured naming the variable (never the password)."""
    import dj_database_url

    try:
        return dj_database_url.parse(url, **options)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"{name} is not a database URL this app understands ({error.__class__.__name__}). Use e.g. "
            "postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3; quote special characters "
            "in the password (%40 for @)."
        ) from None


def parse_email_url(name, url):
    """dj-email-url's settings for url, or ImproperlyConfigured naming the variable and the schemes it accepts."""
    from urllib.parse import unquote, urlsplit

    import dj_email_url

    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in dj_email_url.SCHEMES:
        known = ", ".join(f"{s}://" for s in sorted(dj_email_url.SCHEMES))
        raise ImproperlyConfigured(
            f"{name} must start with one of {known} "
            "(e.g. submission://user:pass@smtp.example.org:587 for SMTP with STARTTLS)."
        )
    try:
        config = dj_email_url.parse(url)
    except (ValueError, KeyError, TypeError) as error:
        raise ImproperlyConfigured(f"{name} is not a valid email URL ({error.__class__.__name__}).") from None
    if scheme == "file":
        # dj-email-url drops the leading slash of file:///var/mail; take the path as written.
        parts = urlsplit(url)
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise ImproperlyConfigured(f"{name}=file:// needs a folder, e.g. file:///var/lib/statements/mail.")
        config["EMAIL_FILE_PATH"] = path
    return config
