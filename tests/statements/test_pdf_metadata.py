"""The PDF's metadata describes the statement: title, network, subject, keywords, language, date; tagged."""

import datetime
import io

import pytest
from pypdf import PdfReader

from statements.models import Person
from statements.pdf.render import render_statement_pdf
from tests.factories import CaseFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    statement = StatementFactory(title="Belarus: Free Ales Bialiatski", date=datetime.date(2021, 7, 15), language="en")
    statement.network.name = "Civic Solidarity Platform"
    statement.network.short_name = "CSP"
    statement.network.save()
    statement.cases.add(CaseFactory(title="Ales Bialiatski"))
    statement.status = statement.Status.PUBLISHED
    return PdfReader(io.BytesIO(render_statement_pdf(statement)))


def test_document_information(reader):
    info = reader.metadata
    assert info.title == "Belarus: Free Ales Bialiatski"
    assert info.author == "Civic Solidarity Platform"
    assert info.subject == "Joint statement of the Civic Solidarity Platform"
    assert info["/Keywords"] == "CSP, Ales Bialiatski"
    assert info.creation_date.date() == datetime.date(2021, 7, 15)


def test_language_and_tags(reader):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root


def test_a_draft_says_so_in_its_subject():
    statement = StatementFactory()
    info = PdfReader(io.BytesIO(render_statement_pdf(statement))).metadata
    assert info.subject.startswith("DRAFT")


def everything_readable(pdf):
    """The document information, the XMP packet and the text: wherever a name could show."""
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    parts = [str(value) for value in (reader.metadata or {}).values()]
    parts.append(xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else "")
    parts += [page.extract_text() for page in reader.pages]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("sensitive", "details_public", "shown"),
    [(True, False, False), (True, True, True), (False, False, True)],
)
def test_the_people_of_a_sensitive_case_stay_out_of_the_pdf(sensitive, details_public, shown):
    statement = StatementFactory(title="Free the defenders", body="We call for their release.", with_notes=False)
    case = CaseFactory(title="Defenders on trial", is_sensitive=sensitive, details_public=details_public)
    Person.objects.create(case=case, name="Zarina Secretova", position=1)
    statement.cases.add(case)
    readable = everything_readable(render_statement_pdf(statement))
    assert "Defenders on trial" in readable  # the case's title is public either way
    assert ("Zarina Secretova" in readable) is shown
