"""What signers and organisations tell us privately never reaches a public output.

Every private field gets a unique marker on a published statement (and on a late signature, which makes a second
version); then every public output is fetched and searched for the markers: pages, search, JSON, PDFs (as text),
feed and sitemap.
"""

import json
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from statements import workflow
from statements.models import Invitation, PublishedVersion, Signature, Statement
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory, UserFactory

MARKERS = {
    "contact_name": "Zebulon Privatename",
    "contact_email": "zebulon.private@hidden-mail.example",
    "comment": "Comment-for-coordinators-only-7319",
    "ip_address": "198.51.100.173",
    "user_agent": "PrivateAgent/9.41 (marker)",
    "late_contact_name": "Quirinus Latename",
    "late_contact_email": "quirinus.late@hidden-mail.example",
    "late_ip_address": "2001:db8::5ee:d",
    "late_user_agent": "LateAgent/3.3 (marker)",
    "organisation_email": "office@org-private-inbox.example",
    "decline_reason": "Decline-reason-private-5521",
    "representative_email": "rep.private@rep-inbox.example",
}


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):  # noqa: F811
    cache.clear()
    statement = world.statement
    statement.cases.add(CaseFactory(title="A public case"))
    alpha, beta, gamma = world.orgs
    alpha.contact_emails = MARKERS["organisation_email"]
    alpha.save()
    alpha.representatives.add(UserFactory(username="private-rep", email=MARKERS["representative_email"]))
    workflow.open_for_signatures(statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(statement, world.coordinator, [alpha, beta])
        workflow.sign(
            statement,
            alpha,
            name=alpha.name,
            country="Kazakhstan",
            contact_name=MARKERS["contact_name"],
            contact_email=MARKERS["contact_email"],
            comment=MARKERS["comment"],
            ip_address=MARKERS["ip_address"],
            user_agent=MARKERS["user_agent"],
        )
        workflow.decline(Invitation.objects.get(organisation=beta), reason=MARKERS["decline_reason"])
        workflow.close(statement, world.coordinator)
        workflow.publish(statement, world.coordinator)
        late = OrganisationFactory(name="Late Org")
        MembershipFactory(network=world.network, organisation=late)
        workflow.sign(
            statement,
            late,
            name=late.name,
            country="Kyrgyzstan",
            contact_name=MARKERS["late_contact_name"],
            contact_email=MARKERS["late_contact_email"],
            ip_address=MARKERS["late_ip_address"],
            user_agent=MARKERS["late_user_agent"],
            user=world.coordinator,
            source=Signature.Source.COORDINATOR,
        )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PUBLISHED and statement.versions.count() == 2
    return statement


def public_urls(statement):
    organisation = statement.signatures.first().organisation
    case = statement.cases.first()
    return [
        reverse("home"),
        reverse("statement_list"),
        reverse("statement_list") + "?q=Zebulon",
        reverse("statement_list") + "?q=hidden-mail",
        reverse("statement_detail", args=[statement.slug]),
        reverse("statement_json", args=[statement.slug]),
        reverse("statement_feed"),
        reverse("sitemap"),
        reverse("robots"),
        reverse("case_list"),
        reverse("case_detail", args=[case.slug]),
        reverse("organisation_list"),
        reverse("organisation_detail", args=[organisation.slug]),
    ]


def assert_no_markers(where, text):
    found = [name for name, marker in MARKERS.items() if marker.lower() in text.lower()]
    assert found == [], f"{where} shows {found}"


def test_public_pages_json_feed_and_sitemap_hold_no_private_data(client, published):
    for url in public_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_markers(url, response.content.decode())
    # The late signatory is public, so the check above did look at a page with both signatures on it.
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Alpha Rights" in page and "Late Org" in page


def _pdf_text(data):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, check=True, capture_output=True
    ).stdout.decode()


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")
def test_published_pdfs_hold_no_private_data(client, published):
    urls = [reverse("statement_pdf", args=[published.slug])]
    urls += [v.get_absolute_url() for v in PublishedVersion.objects.filter(statement=published)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _pdf_text(_body(response))
        assert "Alpha Rights" in text
        assert_no_markers(url, text)
        # The PDF's metadata (title, author, keywords) is public too.
        assert_no_markers(url + " (raw)", _body(response).decode("latin-1"))


def test_stored_version_content_holds_no_private_data(published):
    for version in PublishedVersion.objects.filter(statement=published):
        assert_no_markers(f"version {version.number}", json.dumps(version.content, ensure_ascii=False))
