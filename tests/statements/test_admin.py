"""The admin cannot change what was published, and checks a draft's text like the coordinators' editor does."""

from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from statements.models import AuditEntry, Note, PublishedVersion, Signature, Statement
from tests.factories import SignatureFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin's change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.data[self._textarea][0] = self.data[self._textarea][0].removeprefix("\n")
            self._textarea = None


def form_data(client, url):
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items() if values}


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def public_statement(status=Statement.Status.PUBLISHED, **fields):
    """Made as a draft (with its note), then made public, as the workflow would."""
    statement = StatementFactory(**fields)
    Statement.objects.filter(pk=statement.pk).update(status=status)
    statement.refresh_from_db()
    return statement


def published_with_signature():
    statement = public_statement()
    signature = SignatureFactory(statement=statement, name="Real Organisation")
    return statement, signature


def test_a_published_statement_cannot_be_edited_in_the_admin(staff_client):
    statement, _signature = published_with_signature()
    url = change_url(statement)
    page = staff_client.get(url).content.decode()
    assert 'name="body"' not in page and 'name="title"' not in page
    assert 'name="notes-0-text"' not in page and 'name="signatures-0-name"' not in page
    assert "changes only through a correction" in page
    staff_client.post(url, {"title": "Silently changed", "body": "Silently changed."})
    statement.refresh_from_db()
    assert statement.title != "Silently changed" and statement.body != "Silently changed."


@pytest.mark.parametrize("status", [Statement.Status.PUBLISHED, Statement.Status.WITHDRAWN])
def test_cases_deadline_and_withdrawal_note_of_a_public_statement_are_not_editable(staff_client, status):
    statement = public_statement(status, withdrawal_note="As published.")
    draft_page_data = form_data(staff_client, change_url(StatementFactory()))
    assert "signing_deadline_0" in draft_page_data and "withdrawal_note" in draft_page_data  # the fields exist
    page = staff_client.get(change_url(statement)).content.decode()
    for field in ("cases", "signing_deadline_0", "withdrawal_note", "close_at_deadline"):
        assert f'name="{field}"' not in page
    response = staff_client.post(
        change_url(statement),
        {"withdrawal_note": "Rewritten.", "signing_deadline_0": "2030-01-01", "signing_deadline_1": "10:00"},
    )
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.withdrawal_note == "As published." and statement.signing_deadline is None


def test_a_signature_of_a_published_statement_cannot_be_changed_in_the_admin(staff_client):
    """The audit found a forged name on a public page, entered through the signature admin."""
    _statement, signature = published_with_signature()
    page = staff_client.get(change_url(signature)).content.decode()
    assert 'name="name"' not in page
    response = staff_client.post(change_url(signature), {"name": "Forged Name", "status": "confirmed"})
    assert response.status_code == 403
    signature.refresh_from_db()
    assert signature.name == "Real Organisation"


def test_a_signature_of_a_published_statement_cannot_be_deleted_in_the_admin(staff_client):
    _statement, signature = published_with_signature()
    response = staff_client.post(delete_url(signature), {"post": "yes"})
    assert response.status_code == 403
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_no_signature_can_be_added_to_a_published_statement_in_the_admin(staff_client):
    statement, signature = published_with_signature()
    data = form_data(staff_client, change_url(SignatureFactory()))
    data.update(statement=str(statement.pk), name="Added Later", organisation="")
    response = staff_client.post(reverse("admin:statements_signature_add"), data)
    assert response.status_code == 200  # the form again, with the error
    assert not Signature.objects.filter(name="Added Later").exists()


def test_a_draft_signature_stays_editable_but_gets_the_printed_name_checks(staff_client):
    signature = SignatureFactory(statement=StatementFactory(), name="Real Organisation")
    data = form_data(staff_client, change_url(signature))
    response = staff_client.post(change_url(signature), {**data, "name": "<b>Bold</b> Organisation"})
    assert response.status_code == 200 and "HTML tags are not allowed" in response.content.decode()
    response = staff_client.post(change_url(signature), {**data, "name": "Renamed  Organisation"})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.name == "Renamed Organisation"


def test_a_published_version_cannot_be_deleted_or_added_in_the_admin(staff_client):
    statement = public_statement()
    version = PublishedVersion(statement=statement, number=1, content={}, sha256="0" * 64, size=4)
    version.pdf.save("v1.pdf", ContentFile(b"%PDF"), save=False)
    version.save()
    assert staff_client.post(delete_url(version), {"post": "yes"}).status_code == 403
    assert PublishedVersion.objects.filter(pk=version.pk).exists()
    response = staff_client.post(
        reverse("admin:statements_publishedversion_changelist"),
        {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"},
    )
    assert PublishedVersion.objects.filter(pk=version.pk).exists(), response.status_code
    assert staff_client.get(reverse("admin:statements_publishedversion_add")).status_code == 403


def test_a_public_statement_cannot_be_deleted_in_the_admin(staff_client):
    statement = public_statement(Statement.Status.WITHDRAWN)
    assert staff_client.post(delete_url(statement), {"post": "yes"}).status_code == 403
    staff_client.post(
        reverse("admin:statements_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_a_draft_with_audit_history_keeps_it_the_admin_refuses_the_delete(staff_client):
    """Audit rows are PROTECTed (and append-only): a draft with history stays, so its history does."""
    statement = StatementFactory()
    AuditEntry.objects.create(statement=statement, network=statement.network, action=AuditEntry.Action.CREATE)
    page = staff_client.get(delete_url(statement)).content.decode()
    assert "Cannot delete statement" in page
    staff_client.post(delete_url(statement), {"post": "yes"})
    assert Statement.objects.filter(pk=statement.pk).exists()
    assert AuditEntry.objects.filter(statement=statement).count() == 1


def test_a_draft_without_history_can_be_deleted(staff_client):
    statement = StatementFactory()
    response = staff_client.post(delete_url(statement), {"post": "yes"})
    assert response.status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_a_draft_stays_editable_in_the_admin(staff_client):
    statement = StatementFactory()
    page = staff_client.get(change_url(statement)).content.decode()
    assert 'name="body"' in page and 'name="notes-0-text"' in page


def _post_draft(staff_client, statement, **changes):
    data = form_data(staff_client, change_url(statement))
    data.update(changes)
    return staff_client.post(change_url(statement), data)


def test_the_admin_saves_a_valid_draft_edit(staff_client):
    statement = StatementFactory()
    response = _post_draft(staff_client, statement, body="New first paragraph.[^a]\n\nSecond.")
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.body.startswith("New first paragraph.")


def test_the_admin_refuses_a_call_without_a_note(staff_client):
    statement = StatementFactory()
    response = _post_draft(staff_client, statement, body="Calls a note.[^a] And a missing one.[^missing]")
    assert response.status_code == 200
    assert "no note with the key “missing”" in response.content.decode()
    statement.refresh_from_db()
    assert "[^missing]" not in statement.body


def test_the_admin_refuses_a_note_never_called(staff_client):
    statement = StatementFactory()
    response = _post_draft(staff_client, statement, body="No calls any more.")
    assert response.status_code == 200
    assert "is never called in the body" in response.content.decode()
    statement.refresh_from_db()
    assert "[^a]" in statement.body


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "not a url"])
def test_the_admin_refuses_note_links_that_are_not_http(staff_client, url):
    statement = StatementFactory()
    response = _post_draft(staff_client, statement, **{"notes-0-urls": f'["{url}"]'})
    assert response.status_code == 200
    assert Note.objects.get(statement=statement).urls == ["https://example.org/a"]


def test_the_admin_refuses_a_note_key_the_body_cannot_call(staff_client):
    statement = StatementFactory(body="Text.[^a]")
    response = _post_draft(staff_client, statement, **{"notes-0-key": "a b"})
    assert response.status_code == 200
    assert Note.objects.get(statement=statement).key == "a"
