"""System checks for what PDF rendering needs at run time."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

from statements.pdf import fonts

FONT_HINT = (
    "Install rinoh-typeface-carlito (it is in requirements.txt) or add a folder holding the font's .ttf/.otf "
    "files to PDF_FONT_DIRS (comma-separated folders in the environment)."
)


def _missing_font_error(family, missing, where, error_id):
    searched = ", ".join(str(d) for d in fonts.font_dirs()) or "no folder"
    return Error(
        f"PDF font {family!r} ({where}) cannot be found: no {' or '.join(missing)} face in {searched}.",
        hint=FONT_HINT,
        id=error_id,
    )


@register(Tags.compatibility)
def pdf_fonts(app_configs=None, **kwargs):
    from organisations.models import HouseStyle

    errors = []
    for entry in getattr(settings, "PDF_FONT_DIRS", []):
        if not Path(entry).is_dir():
            errors.append(
                Error(f"PDF_FONT_DIRS lists {entry!r}, which is not a folder.", hint=FONT_HINT, id="statements.E001")
            )
    default_family = HouseStyle._meta.get_field("font_family").default
    if missing := fonts.missing_faces(default_family):
        errors.append(_missing_font_error(default_family, missing, "the default house style", "statements.E002"))
    return errors


@register(Tags.database)
def pdf_house_style_fonts(app_configs=None, databases=None, **kwargs):
    """Every house style in use names fonts that are there (runs with `check --database default` and migrate)."""
    from django.db import DatabaseError

    from organisations.models import HouseStyle

    if not databases:
        return []
    errors = []
    try:
        families = set(HouseStyle.objects.values_list("font_family", flat=True))
    except DatabaseError:
        return []  # not migrated yet
    for family in sorted(families):
        if missing := fonts.missing_faces(family):
            errors.append(_missing_font_error(family, missing, "a house style", "statements.E003"))
    return errors
