import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from statements.models import AuditEntry, Signature, Statement
from tests.factories import OrganisationFactory, SignatureFactory, StatementFactory, UserFactory


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
def test_audit_entries_refuse_bulk_update_and_delete():
    entry = AuditEntry.objects.create(action=AuditEntry.Action.CREATE, detail={"n": 1})
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(detail={"n": 2})
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.detail == {"n": 1}


@pytest.mark.django_db
def test_a_statement_with_audit_history_cannot_be_deleted_so_its_history_survives():
    statement = StatementFactory()
    AuditEntry.objects.create(statement=statement, network=statement.network, action=AuditEntry.Action.CREATE)
    with pytest.raises(ProtectedError):
        statement.delete()
    with pytest.raises(ProtectedError):
        statement.network.delete()
    assert AuditEntry.objects.filter(statement=statement).count() == 1


@pytest.mark.django_db
def test_a_draft_without_history_can_be_deleted():
    statement = StatementFactory()
    statement.delete()
    assert not Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE statements_auditentry SET detail = '{}' WHERE id = %s",
        "DELETE FROM statements_auditentry WHERE id = %s",
        # Clearing the actor is allowed only on its own (a deleted account), not to slip another change in.
        "UPDATE statements_auditentry SET actor_id = NULL, detail = '{}' WHERE id = %s",
    ],
)
def test_the_database_refuses_changes_to_audit_rows(sql):
    """Raw SQL bypasses the queryset; the trigger from migrations 0004 and 0008 still refuses it."""
    entry = AuditEntry.objects.create(action=AuditEntry.Action.CREATE, detail={"n": 1}, actor=UserFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.detail == {"n": 1}


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


@pytest.mark.django_db
def test_a_user_who_acted_can_be_deleted_and_the_log_keeps_who_it_was():
    user = UserFactory(username="former-coordinator")
    statement = StatementFactory()
    entry = AuditEntry.objects.create(action=AuditEntry.Action.EDIT, statement=statement, actor=user, detail={"n": 1})

    user.delete()  # on PostgreSQL this passes the append-only trigger only because it clears the actor alone

    entry.refresh_from_db()
    assert entry.actor is None
    assert (entry.actor_label, entry.detail, entry.statement) == ("former-coordinator", {"n": 1}, statement)
