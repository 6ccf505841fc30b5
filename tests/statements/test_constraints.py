import pytest
from django.db import IntegrityError, transaction

from statements.models import AuditEntry, Signature
from tests.factories import OrganisationFactory, SignatureFactory, StatementFactory


@pytest.mark.django_db
def test_second_signature_of_the_same_organisation_fails():
    statement = StatementFactory()
    organisation = OrganisationFactory()
    SignatureFactory(statement=statement, organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatureFactory(statement=statement, organisation=organisation, name="Another spelling")
    assert Signature.objects.filter(statement=statement).count() == 1


@pytest.mark.django_db
def test_several_individual_lines_are_allowed():
    statement = StatementFactory()
    SignatureFactory(statement=statement, organisation=None, name="Person One")
    SignatureFactory(statement=statement, organisation=None, name="Person Two")
    assert statement.signatures.count() == 2


@pytest.mark.django_db
def test_audit_entries_are_append_only():
    entry = AuditEntry.objects.create(action=AuditEntry.Action.CREATE)
    entry.detail = {"changed": True}
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.django_db
def test_revision_hash_changes_with_the_text_only():
    statement = StatementFactory()
    before = statement.revision_hash()
    SignatureFactory(statement=statement)
    assert statement.revision_hash() == before
    statement.notes.update(text="A corrected note")
    assert statement.revision_hash() != before


@pytest.mark.django_db
def test_only_recorded_revisions_of_an_unpublished_text_count_as_older():
    statement = StatementFactory(status="open")
    imported = SignatureFactory(statement=statement, signed_revision="")
    old = SignatureFactory(statement=statement, signed_revision="0" * 64)
    current = statement.revision_hash()
    assert not imported.signed_an_older_text(current, statement.status)
    assert old.signed_an_older_text(current, statement.status)
    assert not old.signed_an_older_text(current, "published")
