"""Downloads serve the PDF stored at publication: never a new render, cacheable, 404 for drafts."""

import hashlib

import pytest
from django.db import transaction
from django.urls import reverse

from statements.models import PublishedVersion, Statement
from statements.pdf.versions import create_version, latest_version
from statements.workflow import correct
from tests.factories import SignatureFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


def publish(statement, **kwargs):
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        locked.status = Statement.Status.PUBLISHED
        locked.save(update_fields=["status"])
        return create_version(locked, content={"title": locked.title}, **kwargs)


@pytest.fixture
def published():
    statement = StatementFactory(title="Azerbaijan: End the crackdown")
    SignatureFactory(statement=statement, name="Human Rights Center", country="Azerbaijan")
    publish(statement, change_note="First publication.")
    statement.refresh_from_db()
    return statement


def body_of(response):
    return b"".join(response.streaming_content)


def test_a_version_stores_the_pdf_with_its_hash(published):
    version = latest_version(published)
    data = version.pdf.read()
    assert data.startswith(b"%PDF-")
    assert version.number == 1
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.content == {"title": "Azerbaijan: End the crackdown"}


def test_download_serves_the_stored_file(client, published):
    version = latest_version(published)
    response = client.get(reverse("statement_pdf", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="2016-12-01-{published.slug}.pdf"' in response["Content-Disposition"]
    assert response["ETag"] == f'"{version.sha256}"'
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert hashlib.sha256(body_of(response)).hexdigest() == version.sha256


def test_if_none_match_gets_304(client, published):
    version = latest_version(published)
    response = client.get(reverse("statement_pdf", args=[published.slug]), HTTP_IF_NONE_MATCH=f'"{version.sha256}"')
    assert response.status_code == 304
    assert response.content == b""
    stale = client.get(reverse("statement_pdf", args=[published.slug]), HTTP_IF_NONE_MATCH='"0000"')
    assert stale.status_code == 200


def test_a_hundred_downloads_render_nothing(client, published, monkeypatch):
    import weasyprint

    renders = []
    original = weasyprint.HTML.write_pdf
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda *a, **k: renders.append(1) or original(*a, **k))
    url = reverse("statement_pdf", args=[published.slug])
    for _ in range(100):
        assert client.get(url).status_code == 200
    assert renders == []


def test_drafts_and_unknown_slugs_are_404(client):
    draft = StatementFactory()
    assert client.get(reverse("statement_pdf", args=[draft.slug])).status_code == 404
    assert client.get(reverse("statement_version_pdf", args=[draft.slug, 1])).status_code == 404
    assert client.get(reverse("statement_pdf", args=["no-such-statement"])).status_code == 404


def test_a_draft_with_a_stored_version_is_still_not_served(client, published):
    # E.g. a published statement taken back to a non-public state by an administrator.
    Statement.objects.filter(pk=published.pk).update(status=Statement.Status.DRAFT)
    assert client.get(reverse("statement_pdf", args=[published.slug])).status_code == 404


def test_a_correction_adds_a_version_and_keeps_the_old_file(client, published):
    first = latest_version(published)
    first_bytes = first.pdf.read()
    coordinator = UserFactory(is_staff=True)
    notes = [{"key": n.key, "text": n.text, "urls": n.urls} for n in published.notes.all()]
    fields = {"title": "Azerbaijan: End the crackdown now", "body": published.body}
    correct(published, coordinator, fields=fields, notes=notes, change_note="Corrected the title.")
    second = latest_version(published)
    assert second.number == 2 and second.sha256 != first.sha256
    assert PublishedVersion.objects.filter(statement=published).count() == 2

    current = client.get(reverse("statement_pdf", args=[published.slug]))
    assert current["ETag"] == f'"{second.sha256}"'
    old = client.get(reverse("statement_version_pdf", args=[published.slug, 1]))
    assert old.status_code == 200
    assert body_of(old) == first_bytes
    assert f'filename="2016-12-01-{published.slug}-v1.pdf"' in old["Content-Disposition"]
    assert "immutable" in old["Cache-Control"]
    assert client.get(reverse("statement_version_pdf", args=[published.slug, 3])).status_code == 404


def test_create_version_uses_the_interchange_snapshot_by_default(published):
    version = create_version(published)
    assert version.number == 2
    assert version.content["title"] == published.title


def test_a_withdrawn_statement_answers_410_for_every_version(client, published):
    Statement.objects.filter(pk=published.pk).update(status=Statement.Status.WITHDRAWN)
    assert client.get(reverse("statement_pdf", args=[published.slug])).status_code == 410
    assert client.get(reverse("statement_version_pdf", args=[published.slug, 1])).status_code == 410


def test_downloads_skip_sessions_and_locale_like_static_files(client, published):
    response = client.get(reverse("statement_pdf", args=[published.slug]), HTTP_COOKIE="sessionid=abc")
    assert response.status_code == 200
    # Served by StoredPdfMiddleware before SessionMiddleware and AuthenticationMiddleware ran.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")
    assert response["Content-Security-Policy"]  # security headers still apply
