"""The system check fails clearly when the fonts PDFs need cannot be found; export_pdf writes any statement."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from pypdf import PdfReader

from organisations.models import HouseStyle
from statements import checks, content
from statements.pdf import fonts
from tests.factories import HouseStyleFactory, StatementFactory


@pytest.fixture(autouse=True)
def _fresh_font_index():
    fonts.clear_cache()
    yield
    fonts.clear_cache()


def test_check_passes_with_the_bundled_carlito(settings):
    settings.PDF_FONT_DIRS = []
    assert checks.pdf_fonts() == []


def test_check_fails_when_a_font_folder_is_missing(settings, tmp_path):
    settings.PDF_FONT_DIRS = [str(tmp_path / "nowhere")]
    errors = checks.pdf_fonts()
    assert [e.id for e in errors] == ["statements.E001"]
    assert "nowhere" in errors[0].msg and "not a folder" in errors[0].msg


def test_check_fails_when_carlito_cannot_be_found(settings, monkeypatch, tmp_path):
    settings.PDF_FONT_DIRS = [str(tmp_path)]
    monkeypatch.setattr(fonts, "carlito_dir", lambda: None)
    errors = checks.pdf_fonts()
    assert [e.id for e in errors] == ["statements.E002"]
    assert "'Carlito'" in errors[0].msg and "regular or bold" in errors[0].msg
    assert "PDF_FONT_DIRS" in errors[0].hint


@pytest.mark.django_db
def test_database_check_names_a_house_style_font_that_is_missing():
    HouseStyleFactory(name="Odd", font_family="No Such Sans")
    errors = checks.pdf_house_style_fonts(databases=["default"])
    assert [e.id for e in errors] == ["statements.E003"]
    assert "'No Such Sans'" in errors[0].msg
    assert checks.pdf_house_style_fonts() == []  # only with --database


def test_house_style_font_names_cannot_inject_css():
    from django.core.exceptions import ImproperlyConfigured

    from statements.pdf.style import css_for

    with pytest.raises(ImproperlyConfigured):
        css_for(HouseStyle(name="Evil", font_family='X"; } @import url(http://127.0.0.1/x); {'))


@pytest.mark.django_db
def test_export_pdf_writes_a_draft(tmp_path):
    statement = StatementFactory()
    out = tmp_path / "draft.pdf"
    call_command("export_pdf", statement.slug, "-o", str(out), stderr=io.StringIO())
    reader = PdfReader(out)
    assert reader.metadata.title == statement.title
    assert reader.metadata.subject.startswith("DRAFT")


@pytest.mark.django_db
def test_export_pdf_explains_unknown_slugs_and_missing_versions(tmp_path):
    with pytest.raises(CommandError, match="no statement"):
        call_command("export_pdf", "nope", "-o", str(tmp_path / "x.pdf"))
    statement = StatementFactory()
    with pytest.raises(CommandError, match="no published version"):
        call_command("export_pdf", statement.slug, "--stored", "-o", str(tmp_path / "x.pdf"))
    assert not Path(tmp_path / "x.pdf").exists()


@pytest.mark.django_db
def test_the_shared_partial_keeps_web_only_bits_out_of_the_pdf():
    statement = StatementFactory()
    page = render_to_string("statements/_content.html", {"content": content.for_statement(statement)})
    pdf = render_to_string("statements/_content.html", {"content": content.for_statement(statement), "pdf": True})
    assert "note-back" in page and 'id="notes-heading"' in page
    assert "note-back" not in pdf and 'id="notes-heading"' not in pdf
    assert "A note, see" in pdf
