"""Search over title, body and notes: full-text on PostgreSQL, a substring match elsewhere (both tested)."""

import pytest
from django.db import connection

from statements import search
from statements.models import Person, Statement
from tests.factories import CaseFactory, StatementFactory
from tests.statements.test_views_public import published_statement

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")


@pytest.fixture
def statements():
    in_title = published_statement(
        title="Kazakhstan: Ruling against Bokayev", body="The court ruled against the activists.", version=False
    )
    in_body = published_statement(
        title="Azerbaijan: Journalists jailed", body="Journalists were sentenced for their reporting.", version=False
    )
    in_note = published_statement(
        title="Belarus: Elections",
        body="Observers were barred.[^osce] Twice.[^two]",
        version=False,
        extra_notes=[("osce", "See the OSCE/ODIHR observation mission's report."), ("two", "ODIHR again")],
    )
    return {"title": in_title, "body": in_body, "note": in_note}


def found(query):
    return set(search.search(Statement.objects.public(), query).values_list("title", flat=True))


def test_blank_query_returns_everything(statements):
    assert len(found("")) == 3
    assert len(found("   ")) == 3


def test_matches_title_body_and_notes(statements):
    assert found("Bokayev") == {statements["title"].title}
    assert found("sentenced") == {statements["body"].title}
    assert found("ODIHR") == {statements["note"].title}


def test_every_word_must_match(statements):
    assert found("court activists") == {statements["title"].title}
    assert found("court journalists") == set()


def test_drafts_are_never_found(statements):
    StatementFactory(title="A draft about Bokayev")

    assert found("Bokayev") == {statements["title"].title}


def test_a_statement_matching_in_several_notes_is_found_once(statements):
    assert statements["note"].notes.filter(text__contains="ODIHR").count() == 2
    assert list(search.search(Statement.objects.public(), "ODIHR")) == [statements["note"]]


def test_the_list_page_searches(client, statements):
    response = client.get("/statements/", {"q": "Bokayev"})

    assert [s.title for s in response.context["page"]] == [statements["title"].title]
    assert 'value="Bokayev"' in response.content.decode()


def test_a_very_long_query_is_cut_not_refused(statements):
    assert found("Bokayev " + "x" * 1000) == set()  # cut to 200 characters, still a normal search


def test_search_is_case_insensitive_and_finds_parts_of_words(statements):
    assert search.uses_full_text() == (connection.vendor == "postgresql")
    assert found("bokayev") == {statements["title"].title}
    assert found("Boka") == {statements["title"].title}


@on_postgresql
def test_full_text_search_stems_words(statements):
    assert search.uses_full_text()
    # "activist" finds "activists", "sentence" finds "sentenced": English stemming.
    assert found("activist") == {statements["title"].title}
    assert found("sentence") == {statements["body"].title}


@on_postgresql
def test_full_text_search_understands_web_search_syntax(statements):
    assert found('"the court ruled"') == {statements["title"].title}
    assert found("court -Bokayev") == set()
    assert found("Bokayev or journalists") == {statements["title"].title, statements["body"].title}
    assert found("observation mission") == {statements["note"].title}


@on_postgresql
def test_full_text_search_still_finds_parts_of_slashed_words_and_names(statements):
    assert found("ODIHR") == {statements["note"].title}
    assert found("Boka") == {statements["title"].title}


def test_other_spellings_of_the_people_concerned_are_found_unless_the_case_is_sensitive(statements):
    case = CaseFactory()
    Person.objects.create(case=case, name="Max Bokayev", other_spellings="Bokaev, Maks Bokayev")
    statements["title"].cases.add(case)
    hidden = CaseFactory(is_sensitive=True)
    Person.objects.create(case=hidden, name="Secret Name", other_spellings="Sekret")
    statements["body"].cases.add(hidden)

    assert found("Bokaev") == {statements["title"].title}
    assert found("Sekret") == set()
    assert found("Secret Name") == set()


def test_search_ignores_case_in_other_scripts_too():
    """SQLite folds only ASCII by itself; families search in Russian, in capitals or not."""
    russian = published_statement(
        title="Казахстан: приговор активистам", body="Мы осуждаем приговор правозащитникам.", version=False
    )

    for query in ("правозащитникам", "ПРАВОЗАЩИТНИКАМ", "Приговор", "казахстан"):
        assert found(query) == {russian.title}, query
