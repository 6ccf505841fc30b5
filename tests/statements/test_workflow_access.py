"""Every coordinators' service refuses an outsider (another network's coordinator) and a member's representative,
even when called directly, so a view that forgot its check still cannot act."""

import datetime

import pytest

from statements import workflow
from statements.models import AuditEntry, Signature, Statement
from tests.workflow_world import open_and_invite, sign_as

Status = Statement.Status
TEXT = {"title": "Hijacked", "date": datetime.date(2024, 1, 1), "body": "Changed by someone else."}


def calls(w):
    """(name, status the statement needs, the call for a given user)."""
    statement, invitation = w.statement, w.invitation
    return [
        ("create_statement", Status.DRAFT, lambda u: workflow.create_statement(w.network, u, fields=TEXT)),
        ("update_text", Status.DRAFT, lambda u: workflow.update_text(statement, u, fields=TEXT, notes=[])),
        ("open_for_signatures", Status.DRAFT, lambda u: workflow.open_for_signatures(statement, u)),
        ("invite", Status.OPEN, lambda u: workflow.invite(statement, u, w.orgs)),
        ("remind", Status.OPEN, lambda u: workflow.remind(invitation, u)),
        ("remind_unanswered", Status.OPEN, lambda u: workflow.remind_unanswered(statement, u)),
        (
            "add_signature_by_hand",
            Status.OPEN,
            lambda u: workflow.add_signature_by_hand(statement, u, organisation=w.orgs[2], name="G", country=""),
        ),
        (
            "withdraw_signature",
            Status.OPEN,
            lambda u: workflow.withdraw_signature(w.signature, user=u, by_coordinator=True),
        ),
        (
            "confirm_revision",
            Status.OPEN,
            lambda u: workflow.confirm_revision(w.signature, user=u, by_coordinator=True),
        ),
        ("close", Status.OPEN, lambda u: workflow.close(statement, u)),
        ("reopen", Status.CLOSED, lambda u: workflow.reopen(statement, u)),
        ("reorder", Status.CLOSED, lambda u: workflow.reorder(statement, u, order="initiators_then_name")),
        ("publish", Status.CLOSED, lambda u: workflow.publish(statement, u, include_outdated=True)),
        (
            "correct",
            Status.PUBLISHED,
            lambda u: workflow.correct(statement, u, fields=TEXT, notes=[], change_note="Hijacked"),
        ),
        ("withdraw_statement", Status.PUBLISHED, lambda u: workflow.withdraw_statement(statement, u, note="Gone")),
    ]


SERVICES = [
    "create_statement",
    "update_text",
    "open_for_signatures",
    "invite",
    "remind",
    "remind_unanswered",
    "add_signature_by_hand",
    "withdraw_signature",
    "confirm_revision",
    "close",
    "reopen",
    "reorder",
    "publish",
    "correct",
    "withdraw_statement",
]


@pytest.fixture
def ready(world, django_capture_on_commit_callbacks):
    invitations = open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:2])
    world.invitation = invitations[world.orgs[1].pk]
    world.signature = sign_as(world, world.orgs[0])
    return world


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("role", ["outsider", "member"])
def test_every_service_refuses_others(ready, service, role):
    _name, status, call = next(c for c in calls(ready) if c[0] == service)
    Statement.objects.filter(pk=ready.statement.pk).update(status=status)
    user = ready.other_coordinator if role == "outsider" else ready.reps[0]
    entries = AuditEntry.objects.count()
    before = Statement.objects.values().get(pk=ready.statement.pk)
    signature = Signature.objects.values().get(pk=ready.signature.pk)
    with pytest.raises(workflow.WorkflowError, match="coordinators"):
        call(user)
    assert AuditEntry.objects.count() == entries
    assert Statement.objects.values().get(pk=ready.statement.pk) == before
    assert Signature.objects.values().get(pk=ready.signature.pk) == signature
    assert Statement.objects.count() == 1


@pytest.mark.parametrize("service", SERVICES)
def test_the_networks_coordinator_passes_the_check(ready, service):
    """The same calls by the owner are not refused for who they are (so the test above tests the check)."""
    assert [c[0] for c in calls(ready)] == SERVICES
    _name, status, call = next(c for c in calls(ready) if c[0] == service)
    Statement.objects.filter(pk=ready.statement.pk).update(status=status)
    try:
        call(ready.coordinator)
    except workflow.WorkflowError as error:
        assert "coordinators" not in error.message
