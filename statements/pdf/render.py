"""Render a statement as the network's PDF. The only place that calls WeasyPrint."""

import base64
import logging
import mimetypes

import weasyprint
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from organisations.models import HouseStyle
from statements import content as content_module
from statements import limits
from statements.pdf import fonts
from statements.pdf.fetcher import ASSETS_DIR, SafeURLFetcher
from statements.pdf.style import css_for

logger = logging.getLogger(__name__)

TEMPLATE = "statements/pdf/statement.html"
PLACEHOLDER_LOGO = ASSETS_DIR / "placeholder-logo.png"
MAX_LOGO_BYTES = 2 * 1024 * 1024
PDF_VARIANT = "pdf/ua-1"


class PdfInputError(ValidationError):
    """The statement exceeds the bounds of statements.limits; the messages say what to shorten."""


def pdf_call_html(call):
    return format_html('<sup class="note-call"><a href="#note-{}">{}</a></sup>', call.number, call.number)


def _footnote_call_html(call):
    # Placeholder for the first call of a note; replaced by the note itself once the notes are known.
    if call.occurrence == 1 and call.number:
        return format_html('<span class="fn-slot" data-note="{}"></span>', call.number)
    return pdf_call_html(call)


def logo_src(network):
    """The network's own logo as a data: URL (whatever the storage), else the placeholder in the PDF assets."""
    if network.logo:
        try:
            with network.logo.open("rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
        except OSError:
            logger.warning("Logo of network %s cannot be read; using the placeholder.", network.pk)
        else:
            if len(data) <= MAX_LOGO_BYTES:
                mime = mimetypes.guess_type(network.logo.name)[0] or "image/png"
                return f"data:{mime};base64,{base64.b64encode(data).decode()}"
            logger.warning(
                "Logo of network %s is larger than %s bytes; using the placeholder.", network.pk, MAX_LOGO_BYTES
            )
    return PLACEHOLDER_LOGO.as_uri()


def _place_footnotes(content):
    by_number = {note.number: note for note in content.notes}

    def paragraph(html):
        for number, note in by_number.items():
            slot = f'<span class="fn-slot" data-note="{number}"></span>'
            if slot in html:
                html = html.replace(
                    slot, format_html('<span class="footnote" id="note-{}">{}</span>', number, note.html)
                )
        return mark_safe(html)  # noqa: S308  (only our own escaped markup is spliced in)

    content.paragraphs = [paragraph(p) for p in content.paragraphs]


def allowed_dirs():
    return [*fonts.font_dirs(), ASSETS_DIR]


def document_html(statement, *, draft=None):
    """The HTML handed to WeasyPrint, and whether it is a draft."""
    is_draft = (not statement.is_public) if draft is None else bool(draft)
    network = statement.network
    style = network.house_style
    footnotes = style.notes_placement == HouseStyle.NotesPlacement.FOOTNOTES
    # Before building anything (and in the reader's language): a statement over the bounds would be slow to print.
    if problems := limits.check_statement(statement):
        raise PdfInputError(problems)
    css = css_for(style, draft=is_draft)  # raises PdfFontError when the house style's font is not there
    with translation.override(statement.language or "en"):
        content = content_module.for_statement(statement, call_html=_footnote_call_html if footnotes else pdf_call_html)
        if footnotes:
            _place_footnotes(content)
        subject = _("Joint statement of the %(network)s") % {"network": network.name}
        if is_draft:
            subject = _("DRAFT, not for publication. %(subject)s") % {"subject": subject}
        keywords = [network.short_name]
        for case in statement.cases.prefetch_related("people"):
            keywords.append(case.title)
            # The people of a sensitive case stay out of the PDF unless a coordinator made its details public.
            if case.details_visible:
                keywords += [person.name for person in case.people.all()]
        return render_to_string(
            TEMPLATE,
            {
                "content": content,
                "pdf": True,
                "footnotes": footnotes,
                "css": css,
                "logo_url": logo_src(network),
                "logo_alt": _("Logo of the %(network)s") % {"network": network.name},
                "subject": subject,
                "keywords": list(dict.fromkeys(k for k in keywords if k)),
            },
        )


def html_to_pdf(html, *, fetcher=None):
    fetcher = fetcher or SafeURLFetcher(allowed_dirs())
    # base_url None: relative URLs in the HTML resolve to nothing instead of to some folder.
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(
        pdf_variant=PDF_VARIANT, presentational_hints=False, font_config=fonts.FolderFontConfiguration()
    )


def render_statement_pdf(statement, *, draft=None):
    """PDF bytes of the statement's current rows. Drafts carry a DRAFT mark in the page margin."""
    return html_to_pdf(document_html(statement, draft=draft))
