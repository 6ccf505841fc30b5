import pytest
from django.urls import reverse

from statements.models import Statement
from tests.factories import SignatureFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_a_published_statement_cannot_be_edited_in_the_admin(staff_client):
    statement = StatementFactory(status=Statement.Status.PUBLISHED)
    SignatureFactory(statement=statement)
    url = reverse("admin:statements_statement_change", args=[statement.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="body"' not in page and 'name="title"' not in page
    assert 'name="notes-0-text"' not in page and 'name="signatures-0-name"' not in page
    staff_client.post(url, {"title": "Silently changed", "body": "Silently changed."})
    statement.refresh_from_db()
    assert statement.title != "Silently changed" and statement.body != "Silently changed."


def test_a_draft_stays_editable_in_the_admin(staff_client):
    statement = StatementFactory()
    page = staff_client.get(reverse("admin:statements_statement_change", args=[statement.pk])).content.decode()
    assert 'name="body"' in page and 'name="notes-0-text"' in page
