"""Renders use only the fonts of the PDF font folders: a missing family is an error, never a system substitute."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from statements.demo.loader import load
from statements.models import Note
from statements.pdf import fonts
from statements.pdf.fonts import PdfFontError
from statements.pdf.render import html_to_pdf, render_statement_pdf
from tests.factories import StatementFactory
from tests.statements.pdf_reference.helpers import needs_poppler, normalise, text_of

pytestmark = [
    pytest.mark.django_db,
    needs_poppler,
    pytest.mark.skipif(not fonts.carlito_dir(), reason="rinoh-typeface-carlito missing"),
]

LIBERATION = Path("/usr/share/fonts/truetype/liberation")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
GEORGIAN = "საქართველოს სახალხო დამცველი"
CHINESE = "中国人权捍卫者"


def pdffonts(pdf):
    """The embedded fonts' names as pdffonts lists them, without the subset prefix and hyphens."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(["pdffonts", handle.name], check=True, capture_output=True, text=True).stdout
    names = (re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in out.splitlines()[2:] if line.strip())
    return {name.replace("-", "") for name in names}


def with_font(statement, family):
    style = statement.network.house_style
    style.font_family = family
    style.save()
    return statement


def test_a_style_naming_a_missing_family_raises_a_clear_error():
    statement = with_font(StatementFactory(), "Nonexistent Font")
    with pytest.raises(PdfFontError) as error:
        render_statement_pdf(statement)
    message = " ".join(error.value.messages)
    assert "“Nonexistent Font” cannot be found" in message
    assert str(fonts.carlito_dir().resolve()) in message  # the folders searched
    assert "PDF_FONT_DIRS" in message


@pytest.mark.skipif(not LIBERATION.is_dir(), reason="fonts-liberation is not installed")
def test_a_font_installed_on_the_system_is_not_used_unless_its_folder_is_configured(settings):
    settings.PDF_FONT_DIRS = []
    statement = with_font(StatementFactory(), "Liberation Serif")
    with pytest.raises(PdfFontError, match="Liberation Serif"):
        render_statement_pdf(statement)
    settings.PDF_FONT_DIRS = [str(LIBERATION)]
    assert pdffonts(render_statement_pdf(statement)) == {"LiberationSerif", "LiberationSerifBold"}


def test_the_demo_embeds_only_carlito():
    _network, statement, _users = load()
    assert pdffonts(render_statement_pdf(statement)) == {"Carlito", "CarlitoBold"}


def test_no_generic_fallback_reaches_the_system_fonts():
    html = '<html lang="en"><p style="font-family: Nonexistent, sans-serif, serif, monospace">Hello <b>bold</b></p>'
    assert pdffonts(html_to_pdf(html)) <= {"Carlito", "CarlitoBold"}


def test_greek_and_cyrillic_print_in_carlito_other_scripts_never_in_a_system_font():
    statement = StatementFactory(
        title="Ελληνικά και русский",
        body=f"Ελευθερία για τους ακτιβιστές. Свобода активистам. {GEORGIAN} {CHINESE}.[^a]",
        with_notes=False,
    )
    Note.objects.create(statement=statement, key="a", text="Πηγή: https://example.org")
    pdf = render_statement_pdf(statement)
    # This machine's DejaVu covers Georgian: the render must not pick it up from fontconfig.
    assert pdffonts(pdf) <= {"Carlito", "CarlitoBold"}
    text = text_of(pdf)
    assert normalise("Ελευθερία για τους ακτιβιστές. Свобода активистам.") in text


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").is_file(), reason="fonts-dejavu-core is not installed")
def test_a_covering_font_in_pdf_font_dirs_prints_the_scripts_carlito_lacks(settings):
    settings.PDF_FONT_DIRS = [str(DEJAVU)]
    statement = StatementFactory(body=f"Latin text and {GEORGIAN}.", with_notes=False)
    pdf = render_statement_pdf(statement)
    assert pdffonts(pdf) == {"Carlito", "CarlitoBold", "DejaVuSans"}  # the plain face, not ExtraLight
    assert GEORGIAN in text_of(pdf)


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").is_file(), reason="fonts-dejavu-core is not installed")
def test_a_family_slot_gets_its_plainest_face(settings):
    settings.PDF_FONT_DIRS = [str(DEJAVU)]
    regular = {(f.weight, f.italic): f.path.name for f in fonts.faces_for("DejaVu Sans")}[(400, False)]
    assert regular == "DejaVuSans.ttf"  # not DejaVuSans-ExtraLight.ttf or DejaVuSansCondensed.ttf
