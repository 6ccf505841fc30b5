"""load_demo stores the reference statement completely, checked against the original's text."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from statements import body
from statements.models import Case, CaseEvent, Statement
from tests.statements.pdf_reference.helpers import REFERENCE as REFERENCE_FILE

REFERENCE = REFERENCE_FILE.read_text(encoding="utf-8")
SLUG = "kazakhstan-ruling-against-civil-society-activists-sets-dangerous-precedent"


def reference_parts():
    """Paragraph word lists, signatory lines and notes, read from the original's text independently of the demo."""
    lines = REFERENCE.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("We, members"))
    signed = next(i for i, line in enumerate(lines) if line.startswith("Signed by"))
    rule = next(i for i, line in enumerate(lines) if len(line) >= 20 and not line.strip())
    paragraphs, current = [], []
    for line in lines[start:signed]:
        if line == "":  # blank filler of a page break, not a paragraph end
            continue
        if not line.strip():
            paragraphs.append(current) if current else None
            current = []
        else:
            current.extend(line.split())
    if current:
        paragraphs.append(current)
    signatories = []
    for line in lines[signed + 2 : rule]:
        if line.strip() == "(Sweden)":
            signatories[-1] += " (Sweden)"
        elif line.strip():
            signatories.append(line.strip())
    notes = {}
    for line in lines[rule + 1 :]:
        match = re.match(r"^(\d) (.*)$", line)
        if match:
            number = int(match.group(1))
            notes[number] = match.group(2).split()
        elif line.strip():
            notes[number].extend(line.split())
    intro = " ".join(line.strip() for line in lines[signed : signed + 2])
    return paragraphs, signatories, notes, intro


def words_without_calls(paragraph):
    return body.NOTE_CALL.sub(lambda m: m.group(1), paragraph).split()


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", "--allow-demo-logins", stdout=out)
    return out.getvalue()


def test_every_paragraph_word_for_word(demo):
    statement = Statement.objects.get(slug=SLUG)
    paragraphs, _, _, _ = reference_parts()
    stored = body.split_paragraphs(statement.body)
    assert len(stored) == 7
    # The original glues note numbers to the word before them ("dissent.1"); calls sit at those words.
    assert [words_without_calls(p) for p in stored] == paragraphs


def test_note_calls_sit_at_the_right_words(demo):
    statement = Statement.objects.get(slug=SLUG)
    text = statement.body
    for word, number in [("dissent.", 1), ("outcry.”", 2), ("conclusion.", 3), ("provisions.", 4), ("protected.", 5)]:
        assert f"{word}[^{number}]" in text
    assert body.note_numbers(body.split_paragraphs(text)) == {str(n): n for n in range(1, 6)}


def test_notes_with_their_urls(demo):
    statement = Statement.objects.get(slug=SLUG)
    _, _, notes, _ = reference_parts()
    stored = {int(n.key): n for n in statement.notes.all()}
    assert sorted(stored) == [1, 2, 3, 4, 5]
    for number, words in notes.items():
        # The original breaks one URL across two lines at a hyphen; joined, the words agree.
        assert "".join(stored[number].text.split()) == "".join(words)
    assert stored[1].urls == ["http://freeassembly.net/news/kazakhstan-max-bokayev-case/"]
    assert (
        stored[5]
        .urls[0]
        .endswith("statement-by-the-spokesperson-on-the-sentencing-of-max-bokayev-and-talgat-ayan-in-kazakhstan_en")
    )
    assert stored[2].urls == [] and stored[4].urls == []


def test_all_signatory_lines_in_the_original_order(demo):
    statement = Statement.objects.get(slug=SLUG)
    _, signatories, _, intro = reference_parts()
    printed = [s.printed() for s in statement.signatures.confirmed().printed_order()]
    assert len(printed) == 29
    assert printed == signatories
    assert statement.network.render_signatory_intro() == intro
    individuals = statement.signatures.filter(organisation__isnull=True)
    assert [s.country for s in individuals] == ["Sweden"]


def test_statement_is_published_with_its_case(demo):
    statement = Statement.objects.get(slug=SLUG)
    assert statement.status == Statement.Status.PUBLISHED
    assert str(statement.date) == "2016-12-01"
    case = statement.cases.get()
    assert [p.name for p in case.people.all()] == ["Max Bokayev", "Talgat Ayan"]
    assert "Bokaev" in case.people.first().spellings()
    verdict = case.events.get(kind=CaseEvent.Kind.VERDICT)
    assert verdict.court == "Atyrau City Court No. 2"
    assert verdict.judge == "Gulnara Dauleshova"
    assert all(article in verdict.legal_provisions for article in ("174", "274", "400"))
    assert "Five years" in verdict.sentence
    detention = case.events.get(kind=CaseEvent.Kind.DETENTION)
    assert detention.date_precision == CaseEvent.Precision.MONTH
    assert detention.display_date() == "mid-May 2016"
    assert case.events.get(kind=CaseEvent.Kind.TRIAL_START).date.isoformat() == "2016-10-12"


def test_load_demo_is_idempotent_and_prints_logins(demo):
    from organisations.models import Membership, Organisation
    from statements.models import AuditEntry, Note, PublishedVersion, Signature

    models = [Statement, Note, Signature, Organisation, Membership, Case, CaseEvent, PublishedVersion, AuditEntry]
    before = {m.__name__: m.objects.count() for m in models}
    call_command("load_demo", "--allow-demo-logins", stdout=StringIO())
    assert {m.__name__: m.objects.count() for m in models} == before
    assert "coordinator" in demo and "member" in demo and "demo-password-2016" in demo
    assert before["Organisation"] == 28 and before["Membership"] == 28
    # Every demo organisation can be invited (example addresses only).
    assert all(o.contact_email_list()[0].endswith(".example.org") for o in Organisation.objects.all())
