"""Service tests for every workflow transition and its refusals (the shared world: tests/workflow_world.py)."""

import datetime

import pytest
from django.utils import timezone

from statements import workflow
from statements.models import AuditEntry, Statement
from tests.workflow_world import Status, refresh


def test_create_statement_writes_a_draft_and_an_audit_record(world):
    fields = {"title": "New", "date": datetime.date(2024, 1, 2), "language": "en", "body": "Text.[^n]"}
    statement = workflow.create_statement(
        world.network, world.coordinator, fields=fields, notes=[{"key": "n", "text": "Note", "urls": []}]
    )
    assert statement.status == Status.DRAFT
    assert list(statement.notes.values_list("key", flat=True)) == ["n"]
    entry = AuditEntry.objects.get(statement=statement)
    assert (entry.action, entry.actor, entry.to_status) == ("create", world.coordinator, "draft")


def test_create_statement_refuses_a_coordinator_of_another_network(world):
    fields = {"title": "New", "date": datetime.date(2024, 1, 2), "body": "Text."}
    with pytest.raises(workflow.WorkflowError):
        workflow.create_statement(world.network, world.other_coordinator, fields=fields)
    assert not Statement.objects.filter(title="New").exists()


def test_validation_messages_name_the_paragraph_and_the_call(world):
    fields = {"title": "T", "date": datetime.date(2024, 1, 2), "body": "One.\n\nTwo calls [^missing]."}
    with pytest.raises(workflow.WorkflowError) as caught:
        workflow.update_text(world.statement, world.coordinator, fields=fields, notes=[])
    assert "Paragraph 2" in caught.value.message and "[^missing]" in caught.value.message
    assert refresh(world.statement).body != fields["body"]


def test_the_slug_follows_the_title_until_publication(world, django_capture_on_commit_callbacks):
    notes = [{"key": n.key, "text": n.text, "urls": n.urls} for n in world.statement.notes.all()]
    fields = {"title": "A better title", "date": world.statement.date, "body": world.statement.body}
    workflow.update_text(world.statement, world.coordinator, fields=fields, notes=notes)
    assert refresh(world.statement).slug == "a-better-title"


def test_open_for_signatures(world):
    statement = workflow.open_for_signatures(world.statement, world.coordinator)
    assert refresh(statement).status == Status.OPEN
    entry = AuditEntry.objects.get(statement=statement, action="transition")
    assert (entry.from_status, entry.to_status, entry.actor) == ("draft", "open", world.coordinator)


def test_opening_twice_is_refused_and_changes_nothing(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    count = AuditEntry.objects.count()
    with pytest.raises(workflow.WorkflowError, match="open for signatures"):
        workflow.open_for_signatures(world.statement, world.coordinator)
    assert AuditEntry.objects.count() == count


def test_opening_with_a_past_deadline_is_refused(world):
    Statement.objects.filter(pk=world.statement.pk).update(signing_deadline=timezone.now() - datetime.timedelta(1))
    with pytest.raises(workflow.WorkflowError, match="deadline"):
        workflow.open_for_signatures(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.DRAFT
