"""House styles by configuration alone, other scripts, long names and URLs, and big statements."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from organisations.models import HouseStyle
from statements.demo.loader import load
from statements.models import Note, Signature
from statements.pdf import fonts
from statements.pdf.render import render_statement_pdf
from tests.factories import NetworkFactory, SignatureFactory, StatementFactory
from tests.statements.pdf_reference.helpers import needs_poppler, normalise, pdftotext_pages, text_of, word_boxes

pytestmark = [pytest.mark.django_db, needs_poppler]

LIBERATION = "/usr/share/fonts/truetype/liberation"


def embedded_fonts(pdf):
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    return names


def page_sizes(pdf):
    return {(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages}


def a4_style(**overrides):
    values = dict(
        page_size=HouseStyle.PageSize.A4,
        margin_top=Decimal("56.69"),
        margin_right=Decimal("56.69"),
        margin_bottom=Decimal("56.69"),
        margin_left=Decimal("56.69"),
        font_family="Liberation Serif",
        body_size=Decimal("11"),
        notes_size=Decimal("9"),
        title_size=Decimal("16"),
        line_height=Decimal("1.15"),
        notes_placement=HouseStyle.NotesPlacement.FOOTNOTES,
    )
    values.update(overrides)
    return HouseStyle.objects.create(name=f"A4 {values['font_family']}", **values)


def assert_footnotes_on_call_pages(pages):
    """Each note's text sits at the bottom of its call's page, below all of that page's body text."""
    flat = [[normalise(" ".join(line.split())) for line in page if line.strip()] for page in pages]
    starts = [
        (1, "See press release"),
        (2, "Ruling issued by"),
        (3, "For more detailed comments"),
        (4, "In May 2016"),
        (5, "The statement is available"),
    ]
    for number, start in starts:
        note_page = next(
            i for i, lines in enumerate(flat) if any(line.startswith(f"{number} {start}") for line in lines)
        )
        call_page = next(
            i for i, lines in enumerate(flat) if any(re.search(rf"[.”\"]{number}( |$)", line) for line in lines)
        )
        assert note_page == call_page, f"note {number} is on page {note_page + 1}, its call on page {call_page + 1}"
        lines = flat[note_page]
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{number} {start}"))
        assert all(re.match(r"^\d ", line) or line[0].islower() or "://" in line for line in lines[index:])


@pytest.mark.skipif(not fonts.carlito_dir(), reason="rinoh-typeface-carlito missing")
def test_a4_footnotes_by_configuration(settings):
    _network, statement, _users = load()
    statement.network.house_style = a4_style(font_family="Carlito")
    pdf = render_statement_pdf(statement)
    assert page_sizes(pdf) == {(595, 842)}
    pages = pdftotext_pages(pdf)
    assert_footnotes_on_call_pages(pages)
    assert "CSP (Word" not in text_of(pdf)


def test_second_house_style_liberation_serif_a4_footnotes(settings):
    settings.PDF_FONT_DIRS = [LIBERATION]
    if fonts.missing_faces("Liberation Serif"):
        pytest.skip("fonts-liberation is not installed")
    _network, statement, _users = load()
    statement.network.house_style = a4_style()
    pdf = render_statement_pdf(statement)
    assert page_sizes(pdf) == {(595, 842)}
    assert {name.replace("-", "") for name in embedded_fonts(pdf)} == {"LiberationSerif", "LiberationSerifBold"}
    assert_footnotes_on_call_pages(pdftotext_pages(pdf))
    original = render_statement_pdf(load()[1])
    assert page_sizes(original) == {(612, 792)}  # the CSP's own style is untouched


def test_cyrillic_renders_in_carlito():
    statement = StatementFactory(
        title="Казахстан: приговор гражданским активистам создаёт опасный прецедент",
        body="Мы, члены Платформы гражданской солидарности, осуждаем приговор.[^a]\n\nМакс Бокаев и Талгат Аян.",
        language="ru",
        with_notes=False,
    )
    Note.objects.create(statement=statement, key="a", text="Заявление доступно: https://example.org/ru")
    SignatureFactory(statement=statement, name="Общественное объединение «Дигнити»", country="Казахстан")
    pdf = render_statement_pdf(statement)
    text = text_of(pdf)
    for expected in ["приговор гражданским активистам", "Талгат Аян", '"Дигнити" (Казахстан)', "1 декабря 2016"]:
        assert normalise(expected) in text
    assert embedded_fonts(pdf) <= {"Carlito", "Carlito-Bold"}


def test_links_in_the_body_print_their_address():
    """A PDF is printed and faxed: "see our site" must say which site."""
    statement = StatementFactory(body="See [our site](https://example.org/report) and write to us.")
    text = normalise(text_of(render_statement_pdf(statement)))
    assert normalise("See our site (https://example.org/report) and write to us.") in text


def test_long_names_and_unbroken_urls_wrap_inside_the_margin():
    url = "https://example.org/" + "a" * 400
    name = "Organisation" + "x" * 250
    statement = StatementFactory(body=f"A claim.[^a] And a link {url} in the body.", with_notes=False)
    Note.objects.create(statement=statement, key="a", text=f"See {url}")
    SignatureFactory(statement=statement, name=name, country="Kazakhstan")
    pdf = render_statement_pdf(statement)
    right_edge = 612 - 73
    assert max(box[2] for box in word_boxes(pdf)) <= right_edge + 0.5
    squashed = "".join(text_of(pdf).split())
    assert squashed.count("a" * 400) >= 2  # the body's and the note's URL, complete
    assert "x" * 250 in squashed


def test_three_thousand_signatories_and_forty_notes_all_print():
    network = NetworkFactory()
    body = "\n\n".join(f"Paragraph {i} states a fact.[^n{i}]" for i in range(40))
    statement = StatementFactory(network=network, body=body, with_notes=False)
    Note.objects.bulk_create(
        Note(statement=statement, key=f"n{i}", text=f"Source number {i} at https://example.org/{i}", position=i)
        for i in range(40)
    )
    Signature.objects.bulk_create(
        Signature(statement=statement, name=f"Signatory organisation {i:04d}", country="Ukraine", position=i)
        for i in range(3_000)
    )
    text = text_of(render_statement_pdf(statement))
    assert re.findall(r"Signatory organisation (\d{4}) \(Ukraine\)", text) == [f"{i:04d}" for i in range(3_000)]
    for i in range(40):
        assert f"{i + 1} Source number {i} at https://example.org/{i}" in text
