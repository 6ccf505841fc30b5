"""Slugs that are readable when they can be and unique always."""

import unicodedata
import uuid

from django.utils.text import slugify
from slugify import slugify as transliterating_slugify


def drops_letters(text):
    """Whether Django's slugify would lose letters of the text (Cyrillic, Georgian, ß…), not just accents."""
    return any(char.isalpha() and not unicodedata.normalize("NFKD", char).encode("ascii", "ignore") for char in text)


def base_slug(text, max_length=80):
    if drops_letters(text):
        # Letters slugify cannot spell ("Заявление 2016" would become "2016"): transliterate them, so the URL
        # says what the title says.
        slug = transliterating_slugify(text, max_length=max_length)
    else:
        # Django's slugify, so a Latin title (the reference statement's) gets exactly slugify(title).
        slug = slugify(text)[:max_length].strip("-")
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
