"""Service tests: signing, confirming a changed text, withdrawing, signatures added by hand."""

import pytest
from django.core import mail

from statements import workflow
from statements.models import AuditEntry, Invitation, Signature, Statement
from tests.workflow_world import open_and_invite, refresh, sign_as

Status = Statement.Status


def test_sign_records_the_revision_and_confirms_by_email(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign_as(world, world.orgs[0], contact_email="signer@example.org")
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.signed_revision == world.statement.revision_hash()
    assert signature.signed_text["body"] == world.statement.body
    assert refresh(invitation).status == Invitation.Status.SIGNED
    # The signer's confirmation, and the coordinators' notice of the answer.
    assert sorted(m.to for m in mail.outbox) == [[world.coordinator.email], ["signer@example.org"]]
    entry = AuditEntry.objects.get(action="sign", detail__organisation=world.orgs[0].name)
    assert (entry.from_status, entry.to_status, entry.detail["invitation"]) == ("", "confirmed", "invited → signed")


def test_signing_twice_leaves_one_signature(world, django_capture_on_commit_callbacks):
    open_and_invite(world, django_capture_on_commit_callbacks)
    sign_as(world, world.orgs[0])
    with pytest.raises(workflow.AlreadySigned):
        sign_as(world, world.orgs[0], name="Another spelling")
    assert Signature.objects.filter(organisation=world.orgs[0]).count() == 1
    assert Signature.objects.get(organisation=world.orgs[0]).name == world.orgs[0].name


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CLOSED, Status.WITHDRAWN])
def test_signing_is_refused_unless_open_or_published(world, status):
    Statement.objects.filter(pk=world.statement.pk).update(status=status)
    with pytest.raises(workflow.WorkflowError):
        sign_as(world, world.orgs[0])
    assert not Signature.objects.exists()


def test_edit_after_signing_marks_older_signers_and_they_can_confirm(world, django_capture_on_commit_callbacks):
    open_and_invite(world, django_capture_on_commit_callbacks)
    signature = sign_as(world, world.orgs[0])
    mail.outbox.clear()
    fields = {"title": world.statement.title, "date": world.statement.date, "body": "Changed text.[^a]"}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_text(
            world.statement, world.coordinator, fields=fields, notes=[{"key": "a", "text": "Note", "urls": []}]
        )
    current = refresh(world.statement).revision_hash()
    assert refresh(signature).signed_revision != current
    entry = AuditEntry.objects.get(action="edit")
    assert entry.detail["outdated_signatures"] == 1
    assert len(mail.outbox) == 1 and "changed" in mail.outbox[0].subject
    signed_at = refresh(signature).signed_at
    workflow.confirm_revision(signature)
    assert refresh(signature).signed_revision == current
    assert signature.signed_text["body"] == "Changed text.[^a]"
    # The original signing time stays; the reconfirmation has its own.
    assert signature.signed_at == signed_at and signature.reconfirmed_at > signed_at
    entry = AuditEntry.objects.get(action="confirm")
    assert (entry.from_status, entry.to_status) == ("confirmed", "confirmed")
    assert entry.detail["to_revision"] == current and entry.detail["by_coordinator"] is False


def change_text(world, body="Changed text.[^a]"):
    fields = {"title": world.statement.title, "date": world.statement.date, "body": body}
    workflow.update_text(
        world.statement, world.coordinator, fields=fields, notes=[{"key": "a", "text": "Note", "urls": []}]
    )


def test_a_coordinator_records_a_confirmation_by_phone(world, django_capture_on_commit_callbacks):
    open_and_invite(world, django_capture_on_commit_callbacks)
    signature = sign_as(world, world.orgs[0])
    change_text(world)
    for intruder in (world.other_coordinator, world.reps[0]):
        with pytest.raises(workflow.WorkflowError, match="coordinators"):
            workflow.confirm_revision(signature, user=intruder, by_coordinator=True)
    assert refresh(signature).reconfirmed_at is None
    workflow.confirm_revision(signature, user=world.coordinator, by_coordinator=True)
    assert refresh(signature).signed_revision == refresh(world.statement).revision_hash()
    entry = AuditEntry.objects.get(action="confirm")
    assert entry.actor == world.coordinator and entry.detail["by_coordinator"] is True


def test_signer_withdraws_before_publication(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    signature = workflow.withdraw_signature(sign_as(world, world.orgs[0]))
    assert signature.status == Signature.Status.WITHDRAWN and signature.withdrawn_at
    assert refresh(invitation).status == Invitation.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="withdraw_signature")
    assert (entry.from_status, entry.to_status) == ("confirmed", "withdrawn")
    # and may sign again, which reuses the row
    again = sign_as(world, world.orgs[0])
    assert again.pk == signature.pk and again.status == Signature.Status.CONFIRMED
    entry = AuditEntry.objects.filter(action="sign").first()
    assert (entry.from_status, entry.to_status) == ("withdrawn", "confirmed")


def test_add_signature_by_hand(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    signature = workflow.add_signature_by_hand(
        world.statement, world.coordinator, organisation=world.orgs[2], name="Gamma", country="Kyrgyzstan"
    )
    assert signature.source == Signature.Source.COORDINATOR and signature.signed_by == world.coordinator
    assert AuditEntry.objects.filter(action="add_signature").exists()
    with pytest.raises(workflow.WorkflowError):
        workflow.add_signature_by_hand(
            world.statement, world.other_coordinator, organisation=world.orgs[1], name="Beta", country=""
        )


def test_add_a_person_by_hand_with_a_comment_and_a_private_contact(world, django_capture_on_commit_callbacks):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        person = workflow.add_signature_by_hand(
            world.statement,
            world.coordinator,
            organisation=None,
            name="Yevgeniy Zhovtis",
            country="Kazakhstan",
            comment="Signed by phone on Monday",
            contact_name="Y. Z.",
            contact_email="yz@example.org",
        )
    assert person.organisation is None and person.printed() == "Yevgeniy Zhovtis (Kazakhstan)"
    assert (person.comment, person.contact_name, person.contact_email) == (
        "Signed by phone on Monday",
        "Y. Z.",
        "yz@example.org",
    )
    assert [m.to for m in mail.outbox] == [["yz@example.org"]]
    # A second person is another line, not a double signature.
    other = workflow.add_signature_by_hand(
        world.statement, world.coordinator, organisation=None, name="Another Person", country=""
    )
    assert other.pk != person.pk
    with pytest.raises(workflow.WorkflowError, match="name of the person"):
        workflow.add_signature_by_hand(world.statement, world.coordinator, organisation=None, name=" ", country="")


def test_no_signature_beyond_the_limit_of_the_list(world, monkeypatch):
    monkeypatch.setattr("statements.limits.MAX_SIGNATORIES", 2)
    workflow.open_for_signatures(world.statement, world.coordinator)
    sign_as(world, world.orgs[0])
    sign_as(world, world.orgs[1])
    with pytest.raises(workflow.WorkflowError, match="the most a statement can list"):
        sign_as(world, world.orgs[2])
    with pytest.raises(workflow.WorkflowError, match="the most a statement can list"):
        workflow.add_signature_by_hand(world.statement, world.coordinator, organisation=None, name="P", country="")
    assert Signature.objects.filter(statement=world.statement).count() == 2
