"""Bounds on user input, so a huge paste gets a clear message instead of a slow render or a crash.

The one implementation of the bounds: forms and the workflow call check_text before saving, the workflow and the
PDF renderer call check_statement on the rows. Both return messages (empty when everything fits), never raise.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_TITLE_CHARS = 300
MAX_BODY_CHARS = 60_000
MAX_PARAGRAPHS = 200
MAX_NOTES = 100
MAX_NOTE_CHARS = 3_000
MAX_URLS_PER_NOTE = 10
MAX_URL_CHARS = 2_000
MAX_SIGNATORIES = 5_000
MAX_SIGNATORY_NAME_CHARS = 300
MAX_COUNTRY_CHARS = 100


def _n(number):
    return f"{number:,}"


def _note_fields(note):
    """(key, text, urls) of a note given as a Note row or as a dict like the forms' {"key", "text", "urls"}."""
    if isinstance(note, dict):
        return str(note.get("key", "")), note.get("text") or "", list(note.get("urls") or [])
    return str(note.key), note.text or "", list(note.urls or [])


def check_text(*, title=None, body=None, notes=None):
    """Messages for the parts given (None: not checked) that exceed a bound.

    notes: Note rows or dicts with "key" and optionally "text" and "urls".
    """
    messages = []
    if title is not None and len(title) > MAX_TITLE_CHARS:
        messages.append(
            _("The title is %(count)s characters long; the limit is %(limit)s.")
            % {"count": _n(len(title)), "limit": _n(MAX_TITLE_CHARS)}
        )
    if body is not None:
        if len(body) > MAX_BODY_CHARS:
            messages.append(
                _("The body is %(count)s characters long; the limit is %(limit)s.")
                % {"count": _n(len(body)), "limit": _n(MAX_BODY_CHARS)}
            )
        else:
            from statements.body import split_paragraphs  # body imports this module

            if (count := len(split_paragraphs(body))) > MAX_PARAGRAPHS:
                messages.append(
                    _("The body has %(count)s paragraphs; the limit is %(limit)s.")
                    % {"count": _n(count), "limit": _n(MAX_PARAGRAPHS)}
                )
    if notes is not None:
        notes = list(notes)
        if len(notes) > MAX_NOTES:
            messages.append(
                _("There are %(count)s notes; the limit is %(limit)s.") % {"count": _n(len(notes)), "limit": MAX_NOTES}
            )
        for note in notes:
            messages += _note_problems(*_note_fields(note))
    return messages


def _note_problems(key, text, urls):
    messages = []
    if len(text) > MAX_NOTE_CHARS:
        messages.append(
            _("The note “%(key)s” is %(count)s characters long; the limit is %(limit)s.")
            % {"key": key, "count": _n(len(text)), "limit": _n(MAX_NOTE_CHARS)}
        )
    if len(urls) > MAX_URLS_PER_NOTE:
        messages.append(
            _("The note “%(key)s” has %(count)s URLs; the limit is %(limit)s.")
            % {"key": key, "count": len(urls), "limit": MAX_URLS_PER_NOTE}
        )
    if any(len(url) > MAX_URL_CHARS for url in urls):
        messages.append(
            _("A URL of the note “%(key)s” is longer than %(limit)s characters.")
            % {"key": key, "limit": _n(MAX_URL_CHARS)}
        )
    return messages


def check_signatories(lines):
    """Messages for a signatory list given as (name, country as printed) pairs."""
    lines = list(lines)
    messages = []
    if len(lines) > MAX_SIGNATORIES:
        messages.append(
            _("There are %(count)s signatories; the limit is %(limit)s.")
            % {"count": _n(len(lines)), "limit": _n(MAX_SIGNATORIES)}
        )
    # One message per kind, naming the first offender: 3,000 pasted lines must not give 3,000 messages.
    long_names = [name for name, _country in lines if len(name) > MAX_SIGNATORY_NAME_CHARS]
    if long_names:
        messages.append(
            ngettext(
                "%(count)s signatory name is longer than %(limit)s characters: “%(start)s…”.",
                "%(count)s signatory names are longer than %(limit)s characters, the first: “%(start)s…”.",
                len(long_names),
            )
            % {"count": _n(len(long_names)), "limit": _n(MAX_SIGNATORY_NAME_CHARS), "start": long_names[0][:40]}
        )
    long_countries = [name for name, country in lines if len(country) > MAX_COUNTRY_CHARS]
    if long_countries:
        messages.append(
            ngettext(
                "%(count)s signatory's country is longer than %(limit)s characters: that of “%(start)s”.",
                "%(count)s signatories' countries are longer than %(limit)s characters, the first: that of "
                "“%(start)s”.",
                len(long_countries),
            )
            % {"count": _n(len(long_countries)), "limit": _n(MAX_COUNTRY_CHARS), "start": long_countries[0][:40]}
        )
    return messages


def check_statement(statement):
    """Messages for everything of the statement's current rows that exceeds a bound (empty: it fits).

    The signatory list is its confirmed signatures, the lines that print.
    """
    from statements.models import Signature

    confirmed = statement.signatures.filter(status=Signature.Status.CONFIRMED)
    return check_text(title=statement.title, body=statement.body, notes=statement.notes.all()) + check_signatories(
        confirmed.values_list("name", "country")
    )
