"""Markup typed into names and texts never runs or renders.

Printed names are refused with a message (nothing saved). Statement texts may quote markup, so it is stored as
typed and escaped on every screen: public page, coordinator screens, PDF, feed, emails, audit log.
"""

import shutil
import subprocess

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from statements import workflow
from statements.models import AuditEntry, Note, PublishedVersion, Signature
from tests.statements.test_views_sign import follow_link, invited, sign_data  # noqa: F401

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
BOLD = "<b>bold</b>"
RAW = (SCRIPT, "<img src=x", BOLD, 'href="javascript:')


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("field", ["name", "country", "contact_name"])
@pytest.mark.parametrize("value", [SCRIPT, IMG, BOLD, "Alpha </p><p>", "Alpha <!-- x -->"])
def test_markup_in_the_signing_form_is_refused(client, invited, field, value):  # noqa: F811
    page = follow_link(client, invited, invited.orgs[0])
    response = client.post(page, sign_data(**{field: value}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in body and "HTML tags are not allowed" in body
    assert not Signature.objects.exists()
    assert SCRIPT not in body and "<img src=x" not in body and BOLD not in body


def test_markup_in_a_name_added_by_hand_is_refused(client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("coordinate_add_signature", args=[world.statement.pk]),
        {"organisation": world.orgs[0].pk, "name": IMG, "country": ""},
    )
    assert response.status_code == 200 and "HTML tags are not allowed" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_harmless_angle_bracket_is_still_accepted(client, invited):  # noqa: F811
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data(name="Alpha 1 < 2 Rights"))
    assert Signature.objects.get().name == "Alpha 1 < 2 Rights"


@pytest.fixture
def hostile_statement(world, django_capture_on_commit_callbacks):  # noqa: F811
    statement = world.statement
    statement.title = f"Title {BOLD} {SCRIPT}"
    statement.body = (
        f"Quoted markup {SCRIPT} and {IMG} and {BOLD}.[^a]\n\n"
        "A [sneaky link](javascript:alert(3)) and a [real one](https://example.org/)."
    )
    statement.save()
    Note.objects.filter(statement=statement).update(text=f"Note with {SCRIPT} and {IMG}")
    workflow.open_for_signatures(statement, world.coordinator)
    org = world.orgs[0]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(statement, org, name=org.name, country="KZ", contact_email="signer@example.net")
    workflow.close(statement, world.coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(statement, world.coordinator)
    return statement


def assert_escaped(html):
    for raw in RAW:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_markup_in_texts_is_escaped_on_the_public_page(client, hostile_statement):
    response = client.get(hostile_statement.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert "&lt;img src=x onerror=" in html
    assert 'href="https://example.org/"' in html  # links written the allowed way still work


def test_markup_in_texts_is_escaped_on_coordinator_screens(hostile_statement, world):  # noqa: F811
    client = Client()
    client.force_login(world.coordinator)
    for name in ("coordinate_preview", "coordinate_statement"):
        html = client.get(reverse(name, args=[hostile_statement.pk])).content.decode()
        for raw in RAW:
            assert raw not in html, (name, raw)
        assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert_escaped(client.get(reverse("coordinate_preview", args=[hostile_statement.pk])).content.decode())
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert SCRIPT not in dashboard and BOLD not in dashboard and "&lt;b&gt;bold&lt;/b&gt;" in dashboard
    audit = client.get(reverse("network_audit", args=[world.network.slug])).content.decode()
    assert SCRIPT not in audit and BOLD not in audit


def test_markup_in_texts_is_escaped_in_the_feed_and_emails(client, hostile_statement):
    feed = client.get(reverse("statement_feed")).content.decode()
    assert SCRIPT not in feed and BOLD not in feed
    [notice] = [m for m in mail.outbox if m.to == ["signer@example.net"]]
    html = notice.alternatives[0][0]
    assert SCRIPT not in html and BOLD not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")
def test_markup_in_texts_is_printed_as_text_in_the_pdf(hostile_statement):
    version = PublishedVersion.objects.get(statement=hostile_statement)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", version.pdf.path, "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "<b>bold</b>" in flat and "alert(1)" in flat  # printed as the characters typed, not interpreted
    assert "sneaky link" in flat


def test_markup_in_an_audit_detail_is_escaped(client, world):  # noqa: F811
    AuditEntry.objects.create(network=world.network, statement=world.statement, action="sign", detail={"x": SCRIPT})
    client.force_login(world.coordinator)
    html = client.get(reverse("network_audit", args=[world.network.slug])).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html
