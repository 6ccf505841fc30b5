"""The demo statement's PDF reproduces the original's layout: same words, same line ends, same page breaks."""

import io
import re

import pytest
from pypdf import PdfReader

from statements.demo.loader import load
from statements.models import Statement
from statements.pdf.render import render_statement_pdf
from tests.statements.pdf_reference.helpers import (
    Tokens,
    image_boxes,
    needs_poppler,
    pdftotext_pages,
    reference_pages,
    word_boxes,
    wrapped_line_ends,
)

pytestmark = [pytest.mark.django_db, needs_poppler]


@pytest.fixture
def demo():
    _network, statement, _users = load()
    return statement


@pytest.fixture
def rendered(demo):
    pdf = render_statement_pdf(demo)
    return pdf, pdftotext_pages(pdf)


def test_reference_parsing_finds_what_the_issue_counts():
    pages = reference_pages()
    assert len(pages) == 3
    assert len(wrapped_line_ends(pages)) == 51


def test_three_pages_with_the_same_words(rendered):
    _pdf, pages = rendered
    original, candidate = Tokens(reference_pages()), Tokens(pages)
    assert len(pages) == 3
    assert candidate.words == original.words


def test_every_wrapped_line_ends_after_the_same_word(rendered):
    _pdf, pages = rendered
    original, candidate = Tokens(reference_pages()), Tokens(pages)
    assert candidate.words == original.words
    wrapped = wrapped_line_ends(reference_pages())
    missed = [" ".join(original.words[max(0, i - 3) : i + 1]) for i in wrapped if i not in candidate.line_ends]
    assert missed == [], f"{len(wrapped) - len(missed)} of {len(wrapped)} wrapped lines match"
    # And no break the original doesn't have.
    assert candidate.line_ends == original.line_ends


def test_both_page_breaks_fall_after_the_same_words(rendered):
    _pdf, pages = rendered
    original, candidate = Tokens(reference_pages()), Tokens(pages)
    assert candidate.page_ends == original.page_ends
    assert [original.words[i] for i in original.page_ends[:-1]] == ["the", "(Armenia)"]


def test_notes_come_last_on_the_last_page_with_plain_numbers(rendered):
    _pdf, pages = rendered
    last_page = [" ".join(line.split()) for line in pages[-1] if line.strip()]
    after_signatories = last_page[last_page.index("Center for Civil Liberties (Ukraine)") + 1 :]
    note_starts = [line.split()[0] for line in after_signatories if re.match(r"^\d{1,2} [A-Z]", line)]
    assert note_starts == ["1", "2", "3", "4", "5"]
    assert after_signatories[0].startswith("1 See press release")


def test_us_letter_and_carlito_embedded(rendered):
    pdf, _pages = rendered
    reader = PdfReader(io.BytesIO(pdf))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {(612, 792)}
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert fonts == {"Carlito", "Carlito-Bold"}


def test_draft_extracts_like_the_final_and_carries_a_mark_in_the_margin(demo):
    final = render_statement_pdf(demo, draft=False)
    draft = render_statement_pdf(demo, draft=True)
    # The mark is an image: the draft's text, and where each word sits, are the final's.
    assert pdftotext_pages(draft) == pdftotext_pages(final)
    assert word_boxes(draft) == word_boxes(final)

    style = demo.network.house_style
    text_box = (
        float(style.margin_left),
        float(style.margin_top),
        612 - float(style.margin_right),
        792 - float(style.margin_bottom),
    )
    for final_page, draft_page in zip(
        PdfReader(io.BytesIO(final)).pages, PdfReader(io.BytesIO(draft)).pages, strict=True
    ):
        marks = [box for box in image_boxes(draft_page) if box not in image_boxes(final_page)]
        assert len(marks) == 1, "one DRAFT mark on every page"
        x_min, y_min, x_max, y_max = marks[0]
        assert 0 <= x_min < x_max <= 612 and 0 <= y_min < y_max <= text_box[1]  # in the top margin, on the page
        assert x_max > x_min + 20 and y_max > y_min + 10  # and big enough to see
    assert all(
        text_box[0] - 0.5 <= x0 and x1 <= text_box[2] + 0.5 and text_box[1] - 0.5 <= y0 and y1 <= text_box[3] + 0.5
        for x0, y0, x1, y1 in word_boxes(draft)
    ), "every word of the draft stays inside the text box"


def test_unpublished_statement_is_a_draft_by_default(demo):
    Statement.objects.filter(pk=demo.pk).update(status=Statement.Status.CLOSED)
    demo.refresh_from_db()
    published_images = len(PdfReader(io.BytesIO(render_statement_pdf(demo, draft=False))).pages[0].images)
    assert len(PdfReader(io.BytesIO(render_statement_pdf(demo))).pages[0].images) > published_images
