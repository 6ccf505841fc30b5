"""Hostile text in a statement makes the renderer fetch nothing, embed nothing and show no server content."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from statements import limits
from statements.models import Note, Signature
from statements.pdf.fetcher import ASSETS_DIR, RefusedURL, SafeURLFetcher
from statements.pdf.render import PdfInputError, render_statement_pdf
from tests.factories import CaseFactory, SignatureFactory, StatementFactory
from tests.statements.pdf_reference.helpers import needs_poppler, text_of

pytestmark = pytest.mark.django_db


MARKER = "LOOPBACK-SERVER-CONTENT"


@pytest.fixture
def loopback():
    """A server on 127.0.0.1 that counts every request it gets and answers with content that would show."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            if self.path.endswith(".css"):
                kind, payload = "text/css", f'body::before {{ content: "{MARKER}" }}'
            else:
                kind, payload = "text/html", f"<p>{MARKER}</p>"
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(payload.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def hostile(base):
    return (
        f"<link rel=attachment href=file:///etc/passwd> <img src={base}/img> @import url({base}/import.css); "
        f"<iframe src={base}/frame></iframe> <style>@import url({base}/style.css);</style> "
        f"<object data=file:///etc/passwd></object> [link](file:///etc/passwd) ![image]({base}/md.png)"
    )


def hostile_svg(base):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="90" height="30">'
        f'<image xlink:href="{base}/svg.png" width="10" height="10"/>'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        f'<style>@import url("{base}/svg.css");</style><rect width="90" height="30" fill="navy"/></svg>'
    ).encode()


def assert_nothing_embedded(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert "/Names" not in reader.trailer["/Root"] or "/EmbeddedFiles" not in reader.trailer["/Root"]["/Names"]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation["/Subtype"] == "/Link"  # the note calls and the notes' URLs, nothing else
            action = annotation.get("/A")
            assert action is None or action.get_object().get("/S") in ("/URI", "/GoTo", None)
            if action is not None and "/URI" in action.get_object():
                assert str(action.get_object()["/URI"]).startswith(("http://", "https://"))
    assert b"/EmbeddedFile" not in pdf
    assert b"/FileAttachment" not in pdf
    text = "".join(page.extract_text() for page in reader.pages)
    assert "root:x:0:0" not in text and MARKER not in text


HOSTILE_INPUTS = {
    "attachment": lambda base: "<link rel=attachment href=file:///etc/passwd>",
    "image": lambda base: f"<img src={base}/image.png>",
    "import": lambda base: f"@import url({base}/import.css); <style>@import url({base}/style.css);</style>",
    "iframe": lambda base: f"<iframe src={base}/frame.html></iframe>",
}


def statement_with(place, text):
    if place == "body":
        return StatementFactory(body=f"A claim {text} here.", with_notes=False)
    statement = StatementFactory(body="A claim.[^a]", with_notes=False)
    Note.objects.create(statement=statement, key="a", text=f"Note {text}" if place == "note" else "A source.")
    if place == "organisation":
        SignatureFactory(statement=statement, name=f"Org {text}", country="Kazakhstan")
    return statement


@needs_poppler
@pytest.mark.parametrize("place", ["body", "note", "organisation"])
@pytest.mark.parametrize("kind", sorted(HOSTILE_INPUTS))
def test_each_hostile_input_alone_fetches_nothing_and_prints_as_text(loopback, place, kind):
    base, hits = loopback
    text = HOSTILE_INPUTS[kind](base)
    pdf = render_statement_pdf(statement_with(place, text))
    assert hits == []
    assert_nothing_embedded(pdf)
    shown = text_of(pdf)
    assert "".join(text.split()) in "".join(shown.split())  # printed as the user typed it, not obeyed
    assert MARKER not in shown and "root:" not in shown


@needs_poppler
def test_hostile_statement_fetches_nothing_and_embeds_nothing(loopback):
    base, hits = loopback
    text = hostile(base)
    statement = StatementFactory(
        title=f"Title {text}"[:300],
        body=f"First paragraph {text}[^a]\n\nSecond {text}",
        with_notes=False,
    )
    Note.objects.create(statement=statement, key="a", text=f"Note {text}", urls=["file:///etc/passwd", f"{base}/n"])
    SignatureFactory(statement=statement, name=f"Org {text}"[:300], country=f"<iframe src={base}/c>")
    network = statement.network
    network.signatory_intro = f"Signed by {text}"
    network.logo.save("evil.svg", ContentFile(hostile_svg(base)), save=True)
    statement.cases.add(CaseFactory(title=f"Case <img src={base}/case>"))

    pdf = render_statement_pdf(statement)

    assert hits == []
    assert_nothing_embedded(pdf)
    shown = text_of(pdf)
    assert "<link rel=attachment href=file:///etc/passwd>" in shown  # printed as text, not obeyed
    assert f"<iframe src={base}/frame></iframe>" in shown
    assert "root:" not in shown


def test_fetcher_allows_data_and_files_in_allowed_folders(tmp_path):
    fetcher = SafeURLFetcher([ASSETS_DIR])
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    logo = ASSETS_DIR / "placeholder-logo.png"
    assert fetcher.fetch(logo.as_uri()).read() == logo.read_bytes()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "outside the allowed folders"),
        ("http://127.0.0.1:9/x.css", "scheme not allowed"),
        ("https://example.org/x.png", "scheme not allowed"),
        ("ftp://example.org/x", "scheme not allowed"),
        ("file://otherhost/etc/passwd", "remote file URL"),
        (
            (ASSETS_DIR / ".." / ".." / ".." / "config" / "settings.py").as_uri().replace("%2E", "."),
            "outside the allowed folders",
        ),
        ((ASSETS_DIR / "missing.png").as_uri(), "no such file"),
        ("gopher://127.0.0.1/x", "scheme not allowed"),
        ("//127.0.0.1/x", "scheme not allowed"),
    ],
)
def test_fetcher_refuses_everything_else(url, reason):
    fetcher = SafeURLFetcher([ASSETS_DIR])
    with pytest.raises(RefusedURL) as error:
        fetcher.fetch(url)
    assert str(error.value) == f"{reason}: {url}"
    assert fetcher.refused == [url] and fetcher.fetched == []


def test_fetcher_refuses_a_symlink_out_of_an_allowed_folder(tmp_path):
    allowed = tmp_path / "fonts"
    allowed.mkdir()
    (allowed / "escape.ttf").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        SafeURLFetcher([allowed]).fetch((allowed / "escape.ttf").as_uri())


def test_a_huge_body_gets_a_clear_message():
    statement = StatementFactory(body="word " * 13_000, with_notes=False)
    with pytest.raises(PdfInputError) as error:
        render_statement_pdf(statement)
    assert "65,000 characters long; the limit is 60,000" in " ".join(error.value.messages)


def test_too_many_signatories_get_a_clear_message(settings):
    statement = StatementFactory()
    Signature.objects.bulk_create(
        Signature(statement=statement, name=f"Person {i}", position=i, status=Signature.Status.CONFIRMED)
        for i in range(5_001)
    )
    with pytest.raises(PdfInputError) as error:
        render_statement_pdf(statement)
    assert "5,001 signatories; the limit is 5,000" in " ".join(error.value.messages)


def test_too_many_notes_get_a_clear_message():
    statement = StatementFactory(body=" ".join(f"Claim {i}.[^n{i}]" for i in range(101)), with_notes=False)
    Note.objects.bulk_create(Note(statement=statement, key=f"n{i}", text=f"Source {i}", position=i) for i in range(101))
    with pytest.raises(PdfInputError) as error:
        render_statement_pdf(statement)
    assert "101 notes; the limit is 100" in " ".join(error.value.messages)


def test_a_long_note_gets_a_message_stating_the_real_limit():
    statement = StatementFactory(body="A claim.[^a]", with_notes=False)
    Note.objects.create(statement=statement, key="a", text="x" * 3_001, urls=["https://example.org/" + "u" * 2_000])
    with pytest.raises(PdfInputError) as error:
        render_statement_pdf(statement)
    assert error.value.messages == [
        "The note “a” is 3,001 characters long; the limit is 3,000.",
        "A URL of the note “a” is longer than 2,000 characters.",
    ]


def test_long_signatory_names_get_one_message_naming_the_first():
    # As an import or a pasted list would bring them: the database column itself refuses them on PostgreSQL.
    lines = [(f"{i} " + "n" * 300, "Kazakhstan") for i in range(3)]
    assert limits.check_signatories(lines) == [
        "3 signatory names are longer than 300 characters, the first: “0 " + "n" * 38 + "…”."
    ]
    assert limits.check_signatories(lines[:1] + [("Short", "Kazakhstan")]) == [
        "1 signatory name is longer than 300 characters: “0 " + "n" * 38 + "…”."
    ]


def test_the_demo_is_within_the_bounds():
    from statements.demo.loader import load

    assert limits.check_statement(load()[1]) == []


def test_the_loopback_check_would_see_an_unsafe_fetcher(loopback):
    """Guards the test above: WeasyPrint's own fetcher does reach the server through the hostile logo."""
    from weasyprint.urls import URLFetcher

    from statements.pdf.render import document_html, html_to_pdf

    base, hits = loopback
    statement = StatementFactory()
    statement.network.logo.save("evil.svg", ContentFile(hostile_svg(base)), save=True)
    html_to_pdf(document_html(statement), fetcher=URLFetcher(timeout=2))
    assert hits != []
