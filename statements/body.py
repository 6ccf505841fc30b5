"""The statement body: paragraphs separated by blank lines, with note calls written [^key].

This module is the only place that parses a body. The page, the PDF and the JSON all use it.
Inline markup is limited to emphasis and links; everything else a user types is shown as text.
"""

import re
from dataclasses import dataclass

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from statements import limits

NOTE_CALL = re.compile(r"\[\^([^\]\s]{1,40})\]")
VALID_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]’”'»]")
# Private-use characters stand in for note calls while the inline markup is rendered.
_CALL_START, _CALL_END = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(_CALL_START + r"(\d+)" + _CALL_END)

_inline = MarkdownIt("zero").enable(["emphasis", "link"])
_ALLOWED_TAGS = {"em", "strong", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}


class BodyError(ValueError):
    """A body that cannot be published as written; messages say where."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class NoteCall:
    key: str
    number: int
    occurrence: int  # 1 for the first call of this note, 2 for the second…


def split_paragraphs(body):
    """Paragraph texts, each with its inner line breaks folded to single spaces."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in PARAGRAPH_BREAK.split(body):
        text = " ".join(line.strip() for line in chunk.split("\n") if line.strip())
        if text:
            paragraphs.append(text)
    return paragraphs


def calls_in(paragraph):
    return NOTE_CALL.findall(paragraph)


def note_numbers(paragraphs):
    """key -> number, numbered by first call."""
    numbers = {}
    for paragraph in paragraphs:
        for key in calls_in(paragraph):
            numbers.setdefault(key, len(numbers) + 1)
    return numbers


def validate(body, note_keys):
    """Return a list of messages, empty when the body and its notes fit together."""
    # The bounds (length, paragraphs, number of notes) live in limits; a body too long to parse stops here.
    messages = limits.check_text(body=body, notes=[{"key": key} for key in note_keys])
    if len(body) > limits.MAX_BODY_CHARS:
        return messages
    paragraphs = split_paragraphs(body)
    if not paragraphs:
        messages.append(_("The body is empty."))
    known = set(note_keys)
    called = set()
    for index, paragraph in enumerate(paragraphs, 1):
        for key in calls_in(paragraph):
            called.add(key)
            if not VALID_KEY.match(key):
                messages.append(
                    _("Paragraph %(index)d: the note call [^%(key)s] may only use letters, digits, - and _.")
                    % {"index": index, "key": key}
                )
            elif key not in known:
                messages.append(
                    _("Paragraph %(index)d calls [^%(key)s], but there is no note with the key “%(key)s”.")
                    % {"index": index, "key": key}
                )
    for key in note_keys:
        if key not in called:
            messages.append(
                _("The note “%(key)s” is never called in the body; add [^%(key)s] where it belongs or delete it.")
                % {"key": key}
            )
    return messages


def render_inline(text, numbers, call_html, seen=None):
    """Safe HTML for one paragraph; call_html(NoteCall) gives the markup of a note call.

    seen counts the calls of each note so far; share one dict across a document's paragraphs.
    """
    seen = {} if seen is None else seen

    found = []

    def to_placeholder(match):
        found.append(match.group(1))
        return f"{_CALL_START}{len(found) - 1}{_CALL_END}"

    source = NOTE_CALL.sub(to_placeholder, text)
    html = _inline.renderInline(source)
    html = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )

    def to_call(match):
        key = found[int(match.group(1))]
        seen[key] = seen.get(key, 0) + 1
        return call_html(NoteCall(key=key, number=numbers.get(key, 0), occurrence=seen[key]))

    return mark_safe(_PLACEHOLDER.sub(to_call, html))


def linkify(text):
    """Escape note text and turn its http(s) URLs into links."""
    parts = []
    last = 0
    for match in URL.finditer(text):
        parts.append(escape(text[last : match.start()]))
        url = match.group(0)
        parts.append(f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>')
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def urls_in(text):
    return URL.findall(text)


def plain_text(paragraph, numbers):
    """The paragraph with calls written [^N], as in the interchange JSON."""
    return NOTE_CALL.sub(lambda m: f"[^{numbers.get(m.group(1), m.group(1))}]", paragraph)
