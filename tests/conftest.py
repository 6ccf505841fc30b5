import os

import pytest

from tests.workflow_world import world  # noqa: F401  (the shared workflow world, a fixture)

# Playwright's sync API runs an event loop in the test thread; Django's live server is safe with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_download_cache():
    from statements.pdf.lookup import forget_cached_versions

    forget_cached_versions()
    yield
    forget_cached_versions()


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters():
    # django-ratelimit counts in the default cache; one test's requests must not use up another's budget.
    from django.core.cache import cache

    cache.clear()
