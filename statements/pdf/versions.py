"""Published versions: the PDF is rendered once, at publication or correction, and stored with its hash."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from statements.models import PublishedVersion
from statements.pdf.render import render_statement_pdf


def create_version(statement, *, user=None, change_note="", content=None):
    """Render and store the next version. Call it with the statement row locked (the workflow does)."""
    if content is None:
        from statements.interchange import export_dict

        content = export_dict(statement)
    pdf = render_statement_pdf(statement, draft=False)
    digest = hashlib.sha256(pdf).hexdigest()
    # A savepoint, so a failure leaves the caller's transaction usable and no half-made row behind.
    with transaction.atomic():
        number = (PublishedVersion.objects.filter(statement=statement).aggregate(n=Max("number"))["n"] or 0) + 1
        version = PublishedVersion(
            statement=statement,
            number=number,
            content=content,
            change_note=change_note,
            sha256=digest,
            size=len(pdf),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        version.pdf.save(f"v{number}.pdf", ContentFile(pdf), save=False)
        try:
            version.save()
        except Exception:
            # The row failed (e.g. a concurrent publish took the number): don't leave an orphan file.
            version.pdf.delete(save=False)
            raise
    return version


def latest_version(statement):
    """The current published version, or None."""
    return PublishedVersion.objects.filter(statement=statement).order_by("-number").first()
