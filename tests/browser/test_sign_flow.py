"""The whole workflow in a real browser against a live server.

A coordinator logs in, drafts a statement with a note, opens it and invites two member organisations; one
representative signs through the emailed link, the other declines; the coordinator closes and publishes; an
anonymous visitor downloads the PDF and finds the signer's name in it.
"""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from statements.models import Invitation, Signature, Statement
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory

LINK = re.compile(r"https?://[^\s\"<]+(/sign/[A-Za-z0-9_-]{43}/)")


@pytest.fixture
def setting(transactional_db, settings, live_server):
    settings.SITE_URL = live_server.url
    coordinator = UserFactory(username="coordinator", password="demo-password-2016")  # noqa: S106
    network = NetworkFactory(name="Civic Solidarity Platform", short_name="CSP")
    network.coordinators.add(coordinator)
    signer = OrganisationFactory(name="Kazakhstan Bureau for Human Rights", contact_emails="bureau@example.org")
    decliner = OrganisationFactory(name="Norwegian Helsinki Committee", contact_emails="nhc@example.org", country="NO")
    for organisation in (signer, decliner):
        MembershipFactory(network=network, organisation=organisation)
    return {"network": network, "signer": signer, "decliner": decliner}


def link_for(email):
    for message in mail.outbox:
        if message.to == [email]:
            return LINK.search(message.body).group(1)
    raise AssertionError(f"no email to {email}")


@pytest.mark.browser
def test_draft_invite_sign_decline_publish_download(live_server, setting, new_page):
    url = live_server.url
    page = new_page()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("demo-password-2016")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New statement of CSP").click()

    page.get_by_label("Title").fill("Kazakhstan: ruling sets a dangerous precedent")
    page.get_by_label("Date").fill("2016-12-01")
    page.get_by_label("Body").fill("We condemn the sentences.[^verdict]\n\nWe call for their release.")
    page.locator("[name=notes-0-key]").fill("verdict")
    page.locator("[name=notes-0-text]").fill("Atyrau City Court, 28 November 2016.")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#status").inner_text() == "Draft"

    page.get_by_role("button", name="Open for signatures").click()
    page.get_by_role("link", name="Invite organisations").click()
    page.get_by_role("button", name="Send invitations").click()
    assert "Invited 2 organisation(s)." in page.content()

    signer_page = new_page()
    signer_page.goto(url + link_for("bureau@example.org"))
    assert "/sign/invitation/" in signer_page.url  # the token is gone from the address bar
    signer_page.get_by_label("Contact person").fill("Roza Akylbekova")
    signer_page.get_by_label("Contact email").fill("roza@example.org")
    signer_page.get_by_role("button", name="Sign on behalf of Kazakhstan Bureau for Human Rights").click()
    assert "has signed" in signer_page.content()

    decliner_page = new_page()
    decliner_page.goto(url + link_for("nhc@example.org"))
    decliner_page.get_by_text("We do not sign").click()
    decliner_page.get_by_label("Reason (optional, for the coordinators)").fill("Not our region this time")
    decliner_page.get_by_role("button", name="Decline on behalf of Norwegian Helsinki Committee").click()
    assert "does not sign" in decliner_page.content()

    page.reload()
    tracker = page.locator("#tracker").inner_text()
    assert "Signed" in tracker and "Declined" in tracker and "Not our region this time" in tracker
    page.get_by_role("button", name="Close the list").click()
    page.get_by_role("link", name="Publish…").click()
    assert "1 signatory is printed" in page.locator("#what-publishing-does").inner_text()
    page.get_by_role("button", name="Publish now").click()
    assert page.locator("#status").inner_text() == "Published"

    statement = Statement.objects.get()
    assert Signature.objects.get().name == "Kazakhstan Bureau for Human Rights"
    assert Invitation.objects.get(organisation=setting["decliner"]).status == Invitation.Status.DECLINED

    visitor = new_page()
    visitor.goto(f"{url}{statement.get_absolute_url()}")
    assert "Kazakhstan Bureau for Human Rights" in visitor.content()
    # The visitor clicks the page's own download link, as a reader would.
    with visitor.expect_download() as download_info:
        visitor.locator("#downloads-heading + ul").get_by_role("link", name=re.compile(r"^PDF")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kazakhstan Bureau for Human Rights" in " ".join(text.split())
    assert "roza@example.org" not in text
