"""What a statement says, ready to print: the one content model behind the page, the PDF and the JSON.

Templates receive a StatementContent and never query or parse anything themselves.
"""

import html
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from statements import body as body_module

SUMMARY_WORDS = 60


@dataclass
class NoteContent:
    number: int
    key: str
    text: str
    html: str
    urls: list


@dataclass
class SignatoryLine:
    name: str
    country: str
    is_additional: bool = False
    additional_date: date | None = None
    organisation_slug: str = ""

    @property
    def printed(self):
        return f"{self.name} ({self.country})" if self.country else self.name


@dataclass
class StatementContent:
    title: str
    date: date
    language: str
    network_name: str
    network_short_name: str
    paragraphs: list  # safe HTML strings
    signatory_intro: str
    signatories: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    is_draft: bool = False

    @property
    def main_signatories(self):
        return [s for s in self.signatories if not s.is_additional]

    @property
    def additional_signatories(self):
        return [s for s in self.signatories if s.is_additional]


def page_call_html(call):
    """A note call on the web page: superscript link to the note, with a way back."""
    call_id = f"call-{call.number}" if call.occurrence == 1 else f"call-{call.number}-{call.occurrence}"
    return format_html(
        '<sup class="note-call"><a href="#note-{}" id="{}" aria-label="{}">{}</a></sup>',
        call.number,
        call_id,
        _("Note %(number)s") % {"number": call.number},
        call.number,
    )


def summary_text(statement, words=SUMMARY_WORDS):
    """The first paragraph as plain text without note calls: for feeds and link previews."""
    paragraphs = body_module.split_paragraphs(statement.body)
    if not paragraphs:
        return ""
    rendered = body_module.render_inline(paragraphs[0], {}, lambda call: "")
    return Truncator(html.unescape(strip_tags(rendered))).words(words)


def build(
    paragraph_texts,
    notes,
    *,
    title,
    date,
    language,
    network_name,
    network_short_name,
    signatory_intro,
    signatories,
    is_draft=False,
    call_html=page_call_html,
):
    """notes: iterable of (key, text, urls). Notes are numbered and ordered by first call."""
    numbers = body_module.note_numbers(paragraph_texts)
    calls_seen = {}
    paragraphs = [body_module.render_inline(text, numbers, call_html, calls_seen) for text in paragraph_texts]
    note_items = []
    for key, text, urls in notes:
        if key not in numbers:
            continue
        extra_urls = [u for u in urls if u not in text]
        shown = text + "".join(f" {u}" for u in extra_urls)
        note_items.append(
            NoteContent(number=numbers[key], key=key, text=shown, html=body_module.linkify(shown), urls=list(urls))
        )
    note_items.sort(key=lambda n: n.number)
    return StatementContent(
        title=title,
        date=date,
        language=language,
        network_name=network_name,
        network_short_name=network_short_name,
        paragraphs=paragraphs,
        signatory_intro=signatory_intro,
        signatories=list(signatories),
        notes=note_items,
        is_draft=is_draft,
    )


def for_statement(statement, call_html=page_call_html):
    """Content of a statement from its current rows (drafts, previews, the PDF at publication)."""
    from statements.models import Signature

    signatures = (
        statement.signatures.filter(status=Signature.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("is_additional", "position", "id")
    )
    return build(
        body_module.split_paragraphs(statement.body),
        [(n.key, n.text, n.urls) for n in statement.notes.all()],
        title=statement.title,
        date=statement.date,
        language=statement.language,
        network_name=statement.network.name,
        network_short_name=statement.network.short_name,
        signatory_intro=statement.network.render_signatory_intro(),
        signatories=[
            SignatoryLine(
                name=s.name,
                country=s.country,
                is_additional=s.is_additional,
                additional_date=s.additional_date,
                organisation_slug=s.organisation.slug if s.organisation else "",
            )
            for s in signatures
        ],
        is_draft=not statement.is_public,
        call_html=call_html,
    )
