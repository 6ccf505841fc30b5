"""Slugs that are readable when they can be and unique always."""

import uuid

from django.utils.text import slugify
from slugify import slugify as transliterating_slugify


def base_slug(text, max_length=80):
    # Django's slugify first, so a Latin title gets exactly slugify(title).
    slug = slugify(text)[:max_length].strip("-")
    if not slug:
        # No Latin letters (e.g. a Russian title): transliterate, so the URL stays readable.
        slug = transliterating_slugify(text, max_length=max_length)
    if not slug:
        slug = "s-" + uuid.uuid4().hex[:10]
    return slug


def unique_slug(model, text, max_length=80, exclude_pk=None):
    """slugify(text), with -2, -3… appended only when another row already has it."""
    base = base_slug(text, max_length)
    candidate = base
    n = 2
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate
