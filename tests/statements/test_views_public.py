"""The statement page, its JSON permalink, drafts and 404s. Other public pages: test_views_public_*.py."""

import datetime
import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from statements.models import CaseEvent, Note, Person, PublishedVersion, Signature, Statement
from statements.models.statement import text_correction
from tests.factories import CaseFactory, MembershipFactory, SignatureFactory, StatementFactory

pytestmark = pytest.mark.django_db

PRIVATE_EMAIL = "private-contact@example.org"
PRIVATE_NAME = "Private Person"
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

BODY = (
    "We condemn the sentences against Max Bokayev and Talgat Ayan.[^ruling]\n\n"
    "International bodies have criticised *vague* provisions.[^un] See also the ruling.[^ruling]"
)


def add_version(statement, number=None, change_note="", content=None):
    """A stored version without rendering a PDF (the PDF helper's tests cover rendering)."""
    from statements.interchange import export_dict

    number = number or statement.versions.count() + 1
    # A padded file of a known size: the page shows the size and the download sends exactly that many bytes.
    pdf = TINY_PDF + b"%" * (30_000 + number - len(TINY_PDF))
    version = PublishedVersion(
        statement=statement,
        number=number,
        content=content if content is not None else export_dict(statement),
        change_note=change_note,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
    )
    version.pdf.save(f"v{number}.pdf", ContentFile(pdf), save=False)
    version.save()
    return version


def published_statement(signatories=3, *, version=True, extra_notes=(), **kwargs):
    """A published statement with notes, signatories (with private contacts), a case and a stored version.

    extra_notes: (key, text) pairs added before publication (a published text no longer changes).
    """
    kwargs.setdefault("body", BODY)
    # Written as a draft, then marked published without the workflow's render (its tests cover publishing).
    statement = StatementFactory(status=Statement.Status.DRAFT, with_notes=False, **kwargs)
    Note.objects.create(
        statement=statement,
        key="ruling",
        text="Ruling of 28 November 2016, see https://example.org/ruling",
        urls=["https://example.org/ruling"],
        position=1,
    )
    Note.objects.create(statement=statement, key="un", text="UN Special Rapporteur's analysis.", position=2)
    for position, (key, text) in enumerate(extra_notes, 3):
        Note.objects.create(statement=statement, key=key, text=text, position=position)
    for position in range(signatories):
        signature = SignatureFactory(statement=statement, position=position)
        MembershipFactory(network=statement.network, organisation=signature.organisation)
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.PUBLISHED, published_at=timezone.now())
    statement.refresh_from_db()
    if version:
        add_version(statement)
    return statement


def url(statement):
    return statement.get_absolute_url()


def test_statement_page_shows_text_notes_signatories_and_cases(client):
    statement = published_statement()
    case = CaseFactory(title="Max Bokayev and Talgat Ayan")
    statement.cases.add(case)
    SignatureFactory(
        statement=statement,
        name="Late Signer",
        country="Norway",
        is_additional=True,
        additional_date=datetime.date(2016, 12, 5),
    )

    response = client.get(url(statement))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert statement.title in html
    assert '<time datetime="2016-12-01">1 December 2016</time>' in html
    assert "<em>vague</em>" in html
    # Notes are numbered by first call; the call links to the note and the note links back.
    assert '<a href="#note-1" id="call-1"' in html
    assert '<a href="#note-2" id="call-2"' in html
    assert 'id="note-1"' in html and 'href="#call-1"' in html
    assert '<a href="https://example.org/ruling"' in html
    assert "Signed by the following 3 members of the network:" in html
    assert "(Kazakhstan)</a></li>" in html
    assert "Late Signer (Norway)" in html and "signed 5 December 2016" in html
    assert f'href="{case.get_absolute_url()}"' in html


def test_note_call_ids_are_unique_on_the_page(client):
    import re

    html = client.get(url(published_statement())).content.decode()

    ids = re.findall(r'id="(call-[^"]+)"', html)
    assert len(ids) == 3
    assert len(set(ids)) == len(ids)


def test_statement_page_links_the_pdf_with_its_size_and_lists_versions(client):
    statement = published_statement()
    add_version(statement, change_note="Corrected the date of the verdict.")
    add_version(statement, change_note="Added a late signatory.")

    html = client.get(url(statement)).content.decode()

    assert f'href="/statements/{statement.slug}.pdf"' in html
    assert "(29.3\xa0KB)" in html  # the latest version's size
    assert f'href="/statements/{statement.slug}/v1.pdf"' in html
    assert f'href="/statements/{statement.slug}/v2.pdf"' in html
    assert f'href="/statements/{statement.slug}/v3.pdf"' not in html  # the current one is the main link
    assert html.index("Added a late signatory.") < html.index("Corrected the date of the verdict.")
    assert 'id="version-2"' in html


def test_statement_page_has_link_preview_metadata(client):
    statement = published_statement(
        title="Kazakhstan: Ruling sets dangerous precedent",
        body=BODY.replace("Max Bokayev and Talgat Ayan", "Max Bokayev & Talgat Ayan"),
    )

    html = client.get(url(statement)).content.decode()

    assert '<meta property="og:title" content="Kazakhstan: Ruling sets dangerous precedent">' in html
    assert '<meta property="article:published_time" content="2016-12-01">' in html
    assert f'<meta property="og:site_name" content="{statement.network.name}">' in html
    assert f'<meta property="og:url" content="http://testserver{url(statement)}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    # The description is plain text: no note numbers glued to words, no markup.
    assert (
        '<meta property="og:description" content="We condemn the sentences against Max Bokayev &amp; Talgat Ayan.">'
        in html
    )


def test_withdrawn_statement_says_so_and_when(client):
    statement = published_statement()
    statement.status = Statement.Status.WITHDRAWN
    statement.withdrawn_at = datetime.datetime(2017, 3, 2, 10, 0, tzinfo=datetime.UTC)
    statement.withdrawal_note = "Withdrawn at the request of the families."
    statement.save()

    html = client.get(url(statement)).content.decode()

    assert "This statement was withdrawn on 2 March 2017." in html
    assert "Withdrawn at the request of the families." in html
    assert statement.title in html  # the record stays readable
    assert f"/statements/{statement.slug}.pdf" not in html  # the download answers 410 Gone
    data = client.get(f"/statements/{statement.slug}.json").json()
    assert data["status"] == "withdrawn"
    assert data["withdrawn_at"].startswith("2017-03-02")


@pytest.mark.parametrize("status", [Statement.Status.DRAFT, Statement.Status.OPEN, Statement.Status.CLOSED])
def test_unpublished_statements_are_404_everywhere(client, status):
    statement = published_statement()
    statement.status = status
    statement.save()
    case = CaseFactory()
    statement.cases.add(case)

    for address in (
        url(statement),
        f"/statements/{statement.slug}.json",
        f"/statements/{statement.slug}.pdf",
        f"/statements/{statement.slug}/v1.pdf",
        case.get_absolute_url(),
    ):
        assert client.get(address).status_code == 404, address
    for address in ("/", "/statements/", "/cases/", "/feed/", "/sitemap.xml"):
        assert statement.title not in client.get(address).content.decode(), address


def test_unknown_addresses_get_the_404_page(client):
    for address in (
        "/statements/no-such-statement/",
        "/cases/no-such-case/",
        "/organisations/nobody/",
        "/statements/no-such-statement.json",
        "/nowhere/",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Page not found" in response.content.decode()
        assert 'action="/statements/"' in response.content.decode()  # a way on: the search


def test_contact_details_never_appear_on_public_pages(client):
    statement = published_statement()
    organisation = statement.signatures.first().organisation
    case = CaseFactory()
    statement.cases.add(case)

    for address in (
        "/",
        "/statements/",
        "/statements/?q=Bokayev",
        url(statement),
        f"/statements/{statement.slug}.json",
        "/cases/",
        case.get_absolute_url(),
        "/organisations/",
        organisation.get_absolute_url(),
        "/feed/",
        "/sitemap.xml",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        assert PRIVATE_EMAIL not in text, address
        assert PRIVATE_NAME not in text, address
        assert organisation.contact_emails not in text, address


def test_json_permalink_serves_the_latest_published_version(client):
    statement = published_statement()
    add_version(statement, content={"title": "As corrected", "paragraphs": ["Corrected text."], "signatories": []})
    with text_correction(statement):  # what the correction that stored the new version did to the rows
        statement.title = "Edited after publication"
        statement.save()

    response = client.get(f"/statements/{statement.slug}.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"] == "As corrected"


def test_json_permalink_is_the_interchange_format_without_contacts(client):
    statement = published_statement()

    response = client.get(f"/statements/{statement.slug}.json")

    data = json.loads(response.content)
    assert data["title"] == statement.title
    assert data["date"] == "2016-12-01"
    assert data["paragraphs"][0].endswith("Talgat Ayan.[^1]")
    assert [n["number"] for n in data["notes"]] == [1, 2]
    assert data["signatories"][0] == {"name": statement.signatures.first().name, "country": "Kazakhstan"}
    assert "Ayan" in response.content.decode()  # readable UTF-8, not \u escapes


def test_json_drops_private_keys_even_when_a_stored_version_has_them(client):
    statement = published_statement(version=False)
    add_version(
        statement,
        content={
            "title": statement.title,
            "signatories": [
                {"name": "A", "country": "B", "contact_email": PRIVATE_EMAIL, "contact_name": PRIVATE_NAME}
            ],
        },
    )

    data = client.get(f"/statements/{statement.slug}.json").json()

    assert data["signatories"] == [{"name": "A", "country": "B"}]


def test_json_without_a_stored_version_exports_the_published_rows(client):
    statement = published_statement(version=False)

    data = client.get(f"/statements/{statement.slug}.json").json()

    assert data["title"] == statement.title
    assert len(data["signatories"]) == 3


def test_json_hides_the_people_of_a_sensitive_case(client):
    statement = published_statement(version=False)
    case = CaseFactory(title="A sensitive case", is_sensitive=True)
    Person.objects.create(case=case, name="Hidden Person")
    statement.cases.add(case)
    add_version(statement)

    response = client.get(f"/statements/{statement.slug}.json")

    assert "Hidden Person" not in response.content.decode()
    assert response.json()["cases"][0]["title"] == "A sensitive case"


@pytest.mark.parametrize("change", ["renamed", "unlinked"])
def test_json_keeps_hiding_the_people_when_a_sensitive_case_is_renamed_or_unlinked(client, change):
    """The stored version names the case as it was; no match must not mean "visible"."""
    statement = published_statement(version=False)
    case = CaseFactory(title="A sensitive case", is_sensitive=True)
    Person.objects.create(case=case, name="Hidden Person")
    statement.cases.add(case)
    add_version(statement)
    if change == "renamed":
        type(case).objects.filter(pk=case.pk).update(title="Renamed case")
    else:
        statement.cases.remove(case)

    response = client.get(f"/statements/{statement.slug}.json")

    assert "Hidden Person" not in response.content.decode()


def test_statement_page_shows_the_pdf_hash_and_a_pdf_link_near_the_top(client):
    statement = published_statement()
    version = statement.versions.get()

    html = client.get(url(statement)).content.decode()

    assert f'<code class="sha256" translate="no">{version.sha256}</code>' in html
    # Phones stack the aside under 29 signatories and the notes: a second link sits by the date.
    assert html.count(f'href="/statements/{statement.slug}.pdf"') == 2
    assert html.index(f'href="/statements/{statement.slug}.pdf"') < html.index('class="statement-text"')


def test_note_calls_are_announced_as_notes(client):
    statement = published_statement()

    html = client.get(url(statement)).content.decode()

    assert 'href="#note-1" id="call-1" aria-label="Note 1">1</a>' in html


def test_statement_page_answers_head_and_refuses_post(client):
    statement = published_statement()

    assert client.head(url(statement)).status_code == 200
    assert client.post(url(statement)).status_code == 405


def test_case_event_of_a_statement_case_is_on_the_case_page_not_the_statement_page(client):
    statement = published_statement()
    case = CaseFactory()
    statement.cases.add(case)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.VERDICT, date=datetime.date(2016, 11, 28), court="Atyrau City Court No. 2"
    )

    assert "Atyrau City Court No. 2" not in client.get(url(statement)).content.decode()
    assert "Atyrau City Court No. 2" in client.get(case.get_absolute_url()).content.decode()


def test_signatures_not_confirmed_are_not_listed(client):
    statement = published_statement()
    SignatureFactory(statement=statement, name="Still Pending Org", status=Signature.Status.PENDING)
    SignatureFactory(statement=statement, name="Withdrew Org", status=Signature.Status.WITHDRAWN)

    html = client.get(url(statement)).content.decode()

    assert "Still Pending Org" not in html
    assert "Withdrew Org" not in html


def test_signatory_lines_link_to_organisation_profiles_on_the_page_only(client):
    statement = published_statement()
    signature = statement.signatures.exclude(organisation=None).first()
    html = client.get(url(statement)).content.decode()
    assert f'href="/organisations/{signature.organisation.slug}/"' in html
    assert 'href="/organisations/"' in html  # the navigation
