"""The statement page's cost does not grow with its signatories, and it can be cached (conditional GET)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Membership, Organisation
from statements.models import Signature
from tests.factories import CaseFactory
from tests.statements.test_views_public import add_version, published_statement

pytestmark = pytest.mark.django_db


def add_signatories(statement, count):
    """Many signatories quickly: bulk inserts (the factories would take minutes for 3,000)."""
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk organisation {statement.pk}-{i}",
            slug=f"bulk-{statement.pk}-{i}",
            country="KZ",
            contact_emails=f"bulk{i}@example.org",
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(network=statement.network, organisation=o) for o in organisations)
    Signature.objects.bulk_create(
        Signature(
            statement=statement,
            organisation=o,
            name=o.name,
            country="Kazakhstan",
            position=i,
            contact_email=f"bulk{i}@example.org",
        )
        for i, o in enumerate(organisations, start=10)
    )


def page_queries(client, statement):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response


def test_statement_page_query_count_does_not_depend_on_signatories(client):
    small = published_statement(signatories=0)
    add_signatories(small, 30)
    large = published_statement(signatories=0, title="A statement with many signatories")
    add_signatories(large, 3000)
    for statement in (small, large):
        statement.cases.add(CaseFactory(), CaseFactory())
        add_version(statement, change_note="A correction.")

    small_count, small_response = page_queries(client, small)
    large_count, large_response = page_queries(client, large)

    assert small_response.content.decode().count("(Kazakhstan)</a></li>") == 30
    assert large_response.content.decode().count("(Kazakhstan)</a></li>") == 3000
    assert small_count == large_count
    assert large_count <= 8


def test_statement_page_query_count_is_pinned(client, django_assert_num_queries):
    statement = published_statement(signatories=30)

    # State for ETag/Last-Modified, statement, versions, signatures, notes, member count, cases.
    with django_assert_num_queries(7):
        client.get(statement.get_absolute_url())


def test_statement_page_answers_not_modified_to_a_matching_etag(client):
    statement = published_statement()
    first = client.get(statement.get_absolute_url())
    assert first.has_header("ETag") and first.has_header("Last-Modified")

    again = client.get(statement.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    since = client.get(statement.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 304
    assert first["Cache-Control"] == again["Cache-Control"] == "no-cache"  # always revalidate: corrections show
    assert again.content == b""
    assert since.status_code == 304


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: add_version(s, change_note="Corrected."), id="new version"),
        pytest.param(
            lambda s: s.signatures.filter(position=0).update(status=Signature.Status.WITHDRAWN),
            id="signature withdrawn",
        ),
        pytest.param(lambda s: Membership.objects.filter(network=s.network).first().delete(), id="member left"),
        pytest.param(lambda s: s.save(), id="statement saved"),
        pytest.param(lambda s: s.cases.add(CaseFactory(title="A case added later")), id="case added"),
        pytest.param(lambda s: s.cases.update(title="A case renamed"), id="case renamed"),
        pytest.param(lambda s: s.cases.update(is_sensitive=True), id="case made sensitive"),
        pytest.param(lambda s: type(s.network).objects.filter(pk=s.network_id).update(name="Renamed"), id="network"),
    ],
)
def test_etag_changes_when_the_page_would(client, change):
    statement = published_statement()
    statement.cases.add(CaseFactory(title="The case"))
    etag = client.get(statement.get_absolute_url())["ETag"]

    change(statement)
    response = client.get(statement.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_etag_differs_by_interface_language(client, settings):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]  # once a second interface language exists
    statement = published_statement()

    english = client.get(statement.get_absolute_url(), headers={"accept-language": "en"})
    russian = client.get(statement.get_absolute_url(), headers={"accept-language": "ru"})

    assert english["ETag"] != russian["ETag"]
    assert "Accept-Language" in english["Vary"]


def test_lists_use_a_constant_number_of_queries(client):
    for index in range(3):
        statement = published_statement(signatories=2, title=f"Statement {index}")
        statement.cases.add(CaseFactory())
    counts = []
    for address in ("/", "/statements/", "/cases/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        counts.append(len(queries))
    for index in range(3, 9):
        statement = published_statement(signatories=2, title=f"Statement {index}")
        statement.cases.add(CaseFactory())
    for address, before in zip(("/", "/statements/", "/cases/"), counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        assert len(queries) == before, address


def test_json_permalink_answers_conditional_gets_and_notices_changes(client):
    statement = published_statement()
    address = f"/statements/{statement.slug}.json"
    etag = client.get(address)["ETag"]

    assert client.get(address, headers={"if-none-match": etag}).status_code == 304
    add_version(statement, change_note="Corrected.")
    changed = client.get(address, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
