"""The Atom feed of publications, corrections and withdrawals."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from statements.models import Statement
from tests.factories import StatementFactory
from tests.statements.test_views_public import add_version, published_statement

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # well-formed XML or this raises
    assert feed.tag == f"{ATOM}feed"
    return feed, feed.findall(f"{ATOM}entry")


def test_feed_is_valid_atom_with_the_required_elements(client):
    statement = published_statement(title="Kazakhstan: Ruling sets dangerous precedent")

    feed, items = entries(client)

    # RFC 4287: a feed has id, title and updated; each entry has id, title, updated, a link and an author.
    for element in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{element}").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/"
    [entry] = items
    assert entry.find(f"{ATOM}title").text == "Kazakhstan: Ruling sets dangerous precedent"
    # Ids come from SITE_URL, not the request's host: readers must not see an entry twice after a move to https.
    assert entry.find(f"{ATOM}id").text == f"{settings.SITE_URL}{statement.get_absolute_url()}"
    other_host = ET.fromstring(client.get("/feed/", HTTP_HOST="localhost").content).find(f"{ATOM}entry/{ATOM}id")
    assert other_host.text == entry.find(f"{ATOM}id").text
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{statement.get_absolute_url()}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == statement.network.name
    datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.find(f"{ATOM}summary").text.startswith("We condemn the sentences against Max Bokayev")


def test_feed_lists_corrections_and_withdrawals_with_distinct_ids(client):
    corrected = published_statement(title="Corrected statement")
    add_version(corrected, change_note="Fixed the <court>'s name.")
    withdrawn = published_statement(title="Withdrawn statement")
    withdrawn.status = Statement.Status.WITHDRAWN
    withdrawn.withdrawn_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    withdrawn.withdrawal_note = "Withdrawn at the request of the families."
    withdrawn.save()
    StatementFactory(title="A draft")

    _, items = entries(client)

    titles = [e.find(f"{ATOM}title").text for e in items]
    assert titles[0] == "Withdrawn: Withdrawn statement"  # newest first
    assert "New version (2): Corrected statement" in titles
    assert "Corrected statement" in titles and "Withdrawn statement" in titles
    assert "A draft" not in titles
    ids = [e.find(f"{ATOM}id").text for e in items]
    assert len(ids) == len(set(ids)) == 4
    summaries = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}summary").text for e in items}
    # Summaries are HTML: a change note's "<" or "'" arrives escaped, as text.
    assert summaries["New version (2): Corrected statement"] == "Fixed the &lt;court&gt;&#x27;s name."
    assert summaries["Withdrawn: Withdrawn statement"] == "Withdrawn at the request of the families."


def test_feed_is_linked_from_the_pages(client):
    statement = published_statement()

    for address in ("/", "/statements/", statement.get_absolute_url()):
        assert 'type="application/atom+xml" href="/feed/"' in client.get(address).content.decode()
