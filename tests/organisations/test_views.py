"""Organisations' public profiles: who they are and what they signed, never how to contact them."""

import pytest

from statements.models import Signature, Statement
from tests.factories import MembershipFactory, OrganisationFactory, SignatureFactory, StatementFactory
from tests.statements.test_views_public import published_statement

pytestmark = pytest.mark.django_db


def test_profile_shows_public_details_and_statements_signed(client):
    organisation = OrganisationFactory(
        name="Kazakhstan International Bureau for Human Rights",
        city="Almaty",
        website="https://bureau.example.kz",
        description="Works on freedom of assembly.",
        contact_emails="director@bureau.example.kz\nstaff@bureau.kz",
    )
    MembershipFactory(organisation=organisation, network__name="Civic Solidarity Platform")
    signed = published_statement(title="Signed and published")
    SignatureFactory(statement=signed, organisation=organisation)
    withdrawn_signature = published_statement(title="Signature withdrawn")
    SignatureFactory(statement=withdrawn_signature, organisation=organisation, status=Signature.Status.WITHDRAWN)
    draft = StatementFactory(title="Signed but still a draft")
    SignatureFactory(statement=draft, organisation=organisation)

    response = client.get(f"/organisations/{organisation.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Kazakhstan International Bureau for Human Rights" in html
    assert "Almaty, Kazakhstan" in html
    assert 'href="https://bureau.example.kz"' in html
    assert "Works on freedom of assembly." in html
    assert "Civic Solidarity Platform" in html
    assert "Signed and published" in html
    assert "Signature withdrawn" not in html
    assert "Signed but still a draft" not in html
    assert "bureau.example.kz\n" not in html and "director@" not in html and "staff@" not in html


def test_profile_lists_withdrawn_statements_marked(client):
    organisation = OrganisationFactory()
    statement = published_statement()
    SignatureFactory(statement=statement, organisation=organisation)
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.WITHDRAWN)

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert statement.title in html and "Withdrawn</span>" in html


def test_unknown_organisation_is_404(client):
    assert client.get("/organisations/no-such-organisation/").status_code == 404


def test_organisation_list_shows_signatories_of_public_statements_only(client):
    statement = published_statement(signatories=2)
    signer = statement.signatures.first().organisation
    only_draft = OrganisationFactory(name="Only signed a draft")
    SignatureFactory(statement=StatementFactory(), organisation=only_draft)

    html = client.get("/organisations/").content.decode()

    assert signer.name in html and "1 statement" in html
    assert "Only signed a draft" not in html
    assert "@" not in html.split("<main", 1)[1]  # no email address anywhere in the page's content


def test_an_organisation_that_signed_nothing_public_has_no_profile(client):
    """Its name, city and networks would tell who is about to sign a statement that is not yet published."""
    organisation = OrganisationFactory(name="Only Signed A Draft", city="Ashgabat", description="Secret plans.")
    MembershipFactory(organisation=organisation)
    SignatureFactory(statement=StatementFactory(status=Statement.Status.OPEN), organisation=organisation)
    invited_only = OrganisationFactory(name="Only Invited")

    for candidate in (organisation, invited_only):
        assert client.get(f"/organisations/{candidate.slug}/").status_code == 404
        assert candidate.name not in client.get("/organisations/").content.decode()
        assert candidate.slug not in client.get("/sitemap.xml").content.decode()
