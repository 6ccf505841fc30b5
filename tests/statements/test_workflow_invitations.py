"""Service tests: inviting, opening the link, declining, reminding and the links each email carries."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from statements import tokens, workflow
from statements.models import AuditEntry, Invitation, InvitationLink, Statement
from tests.factories import OrganisationFactory
from tests.workflow_world import links_in_outbox, open_and_invite, refresh, sign_as

Status = Statement.Status


def test_invite_sends_one_personal_link_each_and_stores_only_hashes(world, django_capture_on_commit_callbacks):
    invitations = open_and_invite(world, django_capture_on_commit_callbacks)
    assert len(invitations) == 3 and len(mail.outbox) == 3
    raw_tokens = links_in_outbox()
    assert len(set(raw_tokens)) == 3
    for raw in raw_tokens:
        found = tokens.find_invitation(raw)
        assert found is not None
        assert found.token_hash == tokens.hash_token(raw) and raw not in found.token_hash
        assert not AuditEntry.objects.filter(detail__icontains=raw).exists()
    message = mail.outbox[0]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert "Free the activists" in message.subject


def test_invite_is_refused_for_a_draft(world):
    with pytest.raises(workflow.WorkflowError):
        workflow.invite(world.statement, world.coordinator, world.orgs)
    assert not Invitation.objects.exists()


def test_invite_skips_already_invited_and_organisations_without_email(world, django_capture_on_commit_callbacks):
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])
    silent = OrganisationFactory(name="No Email", contact_emails="")
    invited, skipped = workflow.invite(world.statement, world.coordinator, [world.orgs[0], silent, world.orgs[1]])
    assert invited == [world.orgs[1]] and set(skipped) == {world.orgs[0], silent}


def test_invite_refuses_an_outsider(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with pytest.raises(workflow.WorkflowError):
        workflow.invite(world.statement, world.other_coordinator, world.orgs)
    assert not Invitation.objects.exists()


def test_record_open_marks_the_invitation_once(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    workflow.record_open(invitation)
    first = refresh(invitation).opened_at
    workflow.record_open(invitation)
    assert refresh(invitation).status == Invitation.Status.OPENED and invitation.opened_at == first
    # Logged as the invitation's own event, not as the statement changing state.
    entry = AuditEntry.objects.get(action="open_link")
    assert (entry.from_status, entry.to_status) == ("invited", "opened")
    assert not AuditEntry.objects.filter(action="transition", to_status="").exists()


def test_decline_records_the_answer(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[1].pk]
    workflow.decline(invitation, reason="Not our mandate")
    invitation = refresh(invitation)
    assert invitation.status == Invitation.Status.DECLINED and invitation.decline_reason == "Not our mandate"
    assert invitation.answered_at is not None
    entry = AuditEntry.objects.get(action="decline")
    assert (entry.from_status, entry.to_status) == ("invited", "declined")


def test_coordinators_hear_of_each_answer(world, django_capture_on_commit_callbacks):
    invitations = open_and_invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline(invitations[world.orgs[1].pk], reason="Not our mandate")
    with django_capture_on_commit_callbacks(execute=True):
        sign_as(world, world.orgs[0], contact_email="")
    to_coordinators = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert [m.subject for m in to_coordinators] == [
        f"[CN] Beta Watch declined “{world.statement.title}”",
        f"[CN] Alpha Rights signed “{world.statement.title}”",
    ]
    assert f"/coordinate/{world.statement.pk}/" in to_coordinators[0].body
    # A signature the coordinators add themselves is no news to them.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_signature_by_hand(
            world.statement, world.coordinator, organisation=world.orgs[2], name="Gamma", country=""
        )
    assert mail.outbox == []


def test_decline_after_signing_is_refused(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    sign_as(world, world.orgs[0])
    with pytest.raises(workflow.WorkflowError, match="withdraw"):
        workflow.decline(invitation)
    assert refresh(invitation).status == Invitation.Status.SIGNED


def test_reminders_are_bounded_to_one_a_day(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    old_links = links_in_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remind(invitation, world.coordinator)
    assert len(mail.outbox) == 1 and "Reminder" in mail.outbox[0].subject
    with pytest.raises(workflow.WorkflowError, match="less than a day"):
        workflow.remind(invitation, world.coordinator)
    assert refresh(invitation).reminder_count == 1
    later = timezone.now() + datetime.timedelta(hours=25)
    workflow.remind(invitation, world.coordinator, now=later)
    assert refresh(invitation).reminder_count == 2
    # The reminder carries a link of its own, and the invitation's link (perhaps forwarded) still works.
    assert tokens.find_invitation(links_in_outbox()[0]) == invitation
    assert invitation in {tokens.find_invitation(raw) for raw in old_links}


def test_every_link_of_an_invitation_works_until_the_deadline(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])[world.orgs[0].pk]
    first_sent = refresh(invitation).sent_at
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remind(invitation, world.coordinator)
    links = links_in_outbox()
    assert len(set(links)) == 2 and all(tokens.find_invitation(raw) == invitation for raw in links)
    # Only hashes are stored, one per extra link; the first sending date is kept apart from the reminder's.
    assert list(InvitationLink.objects.values_list("token_hash", flat=True)) == [tokens.hash_token(links[1])]
    invitation = refresh(invitation)
    assert invitation.sent_at == first_sent and invitation.last_reminder_at > first_sent
    Statement.objects.filter(pk=world.statement.pk).update(signing_deadline=timezone.now())
    assert all(tokens.find_invitation(raw) is None for raw in links)


def test_no_reminder_for_those_who_answered(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    workflow.decline(invitation)
    with pytest.raises(workflow.WorkflowError, match="answered"):
        workflow.remind(invitation, world.coordinator)


def test_plain_text_emails_are_not_html_escaped(world, django_capture_on_commit_callbacks):
    world.orgs[0].name = 'Public Association "Dignity" & Co'
    world.orgs[0].save()
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])
    message = mail.outbox[0]
    assert 'Public Association "Dignity" & Co' in message.body
    assert "&quot;" not in message.body and "&amp;" not in message.subject
    assert "Public Association &quot;Dignity&quot; &amp; Co" in message.alternatives[0][0]


def test_the_coordinators_read_the_reason_of_a_decline(world, django_capture_on_commit_callbacks):
    invitations = open_and_invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline(invitations[world.orgs[1].pk], reason="Outside our <mandate> this year")
    (notice,) = mail.outbox
    assert notice.to == [world.coordinator.email]
    assert "Their reason:\nOutside our <mandate> this year" in notice.body
    html = notice.alternatives[0][0]
    assert "Outside our &lt;mandate&gt; this year" in html and "<mandate>" not in html


def test_a_decline_without_a_reason_says_none(world, django_capture_on_commit_callbacks):
    invitations = open_and_invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline(invitations[world.orgs[1].pk])
    assert "reason" not in mail.outbox[0].body
