"""Find the stored PDF version a download asks for, with a short per-process cache of the row."""

import time

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404

from statements.models import PublishedVersion, Statement
from statements.models.statement import PUBLIC_STATUSES

_FIELDS = ("number", "sha256", "size", "pdf", "created_at", "statement__date", "statement__status")

# Rows are looked up at most every few seconds per process: responses may be cached for minutes anyway
# (LATEST_MAX_AGE), and the lookup is most of the cost of a download.
ROW_CACHE_SECONDS = 5
_ROW_CACHE_LIMIT = 2_000
_row_cache = {}


def find_version(slug, number=None):
    key = (slug, number)
    cached = _row_cache.get(key)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        row = cached[1]
    else:
        row = _query_version(slug, number)
        if len(_row_cache) >= _ROW_CACHE_LIMIT:
            _row_cache.clear()
        _row_cache[key] = (now + ROW_CACHE_SECONDS, row)
    if row is None:
        raise Http404
    return row


def forget_cached_versions():
    _row_cache.clear()


def _query_version(slug, number):
    # One query and no model instances: this is the hottest public URL after the pages themselves.
    versions = PublishedVersion.objects.filter(statement__slug=slug, statement__status__in=PUBLIC_STATUSES)
    if number is not None:
        versions = versions.filter(number=number)
    return versions.order_by("-number").values(*_FIELDS).first()


@receiver(post_save, sender=PublishedVersion)
@receiver(post_save, sender=Statement)
def _forget_after_commit(**kwargs):
    # Other processes catch up within ROW_CACHE_SECONDS; this one at once.
    transaction.on_commit(forget_cached_versions)
