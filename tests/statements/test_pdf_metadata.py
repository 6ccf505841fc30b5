"""The PDF's metadata describes the statement: title, network, subject, keywords, language, date; tagged."""

import datetime
import io

import pytest
from pypdf import PdfReader

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
