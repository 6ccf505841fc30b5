"""Service tests for every workflow transition and its refusals. Fixtures here are reused by the view tests."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from statements import tokens, workflow
from statements.models import AuditEntry, Invitation, PublishedVersion, Signature, Statement
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    StatementFactory,
    UserFactory,
)

Status = Statement.Status
LINK = re.compile(r"https?://[^\s\"<]+/sign/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def world(db):
    coordinator = UserFactory(username="coord")
    network = NetworkFactory(name="Civic Network", short_name="CN")
    network.coordinators.add(coordinator)
    orgs, reps = [], []
    for name in ("Alpha Rights", "Beta Watch", "Gamma Centre"):
        org = OrganisationFactory(name=name)
        MembershipFactory(network=network, organisation=org)
        rep = UserFactory(username=f"rep-{name.split()[0].lower()}")
        org.representatives.add(rep)
        orgs.append(org)
        reps.append(rep)
    other_coordinator = UserFactory(username="other-coord")
    other_network = NetworkFactory(name="Other Network")
    other_network.coordinators.add(other_coordinator)
    stranger_org = OrganisationFactory(name="Stranger Org")
    MembershipFactory(network=other_network, organisation=stranger_org)
    stranger = UserFactory(username="stranger")
    stranger_org.representatives.add(stranger)
    statement = StatementFactory(network=network, title="Free the activists", created_by=coordinator)
    return SimpleNamespace(
        coordinator=coordinator,
        network=network,
        orgs=orgs,
        reps=reps,
        other_coordinator=other_coordinator,
        other_network=other_network,
        stranger_org=stranger_org,
        stranger=stranger,
        statement=statement,
    )


def links_in_outbox():
    return [m for message in mail.outbox for m in LINK.findall(message.body)]


def open_and_invite(world, capture, organisations=None):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with capture(execute=True):
        workflow.invite(world.statement, world.coordinator, organisations or world.orgs)
    return {inv.organisation_id: inv for inv in Invitation.objects.filter(statement=world.statement)}


def sign_as(world, org, **extra):
    data = {"name": org.name, "country": "Kazakhstan", "contact_name": "C", "contact_email": "c@example.org"}
    data.update(extra)
    return workflow.sign(world.statement, org, **data)


def refresh(obj):
    obj.refresh_from_db()
    return obj


# Drafting


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


# Invitations


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


def test_decline_records_the_answer(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[1].pk]
    workflow.decline(invitation, reason="Not our mandate")
    invitation = refresh(invitation)
    assert invitation.status == Invitation.Status.DECLINED and invitation.decline_reason == "Not our mandate"
    assert invitation.answered_at is not None
    assert AuditEntry.objects.filter(action="decline").count() == 1


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
    # The reminder carries a fresh link; the invitation's own link no longer works.
    assert tokens.find_invitation(links_in_outbox()[0]) == invitation
    assert all(tokens.find_invitation(raw) != invitation for raw in old_links)


def test_no_reminder_for_those_who_answered(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    workflow.decline(invitation)
    with pytest.raises(workflow.WorkflowError, match="answered"):
        workflow.remind(invitation, world.coordinator)


# Signing


def test_sign_records_the_revision_and_confirms_by_email(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign_as(world, world.orgs[0], contact_email="signer@example.org")
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.signed_revision == world.statement.revision_hash()
    assert signature.signed_text["body"] == world.statement.body
    assert refresh(invitation).status == Invitation.Status.SIGNED
    assert [m.to for m in mail.outbox] == [["signer@example.org"]]
    assert AuditEntry.objects.filter(action="sign", detail__organisation=world.orgs[0].name).exists()


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
    workflow.confirm_revision(signature)
    assert refresh(signature).signed_revision == current
    assert signature.signed_text["body"] == "Changed text.[^a]"


def test_signer_withdraws_before_publication(world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks)[world.orgs[0].pk]
    signature = workflow.withdraw_signature(sign_as(world, world.orgs[0]))
    assert signature.status == Signature.Status.WITHDRAWN and signature.withdrawn_at
    assert refresh(invitation).status == Invitation.Status.WITHDRAWN
    # and may sign again, which reuses the row
    again = sign_as(world, world.orgs[0])
    assert again.pk == signature.pk and again.status == Signature.Status.CONFIRMED


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


# Closing, ordering, publishing


def test_close_and_reopen(world):
    with pytest.raises(workflow.WorkflowError):
        workflow.close(world.statement, world.coordinator)
    workflow.open_for_signatures(world.statement, world.coordinator)
    assert workflow.close(world.statement, world.coordinator).status == Status.CLOSED
    assert workflow.reopen(world.statement, world.coordinator).status == Status.OPEN


def test_reorder_initiators_first_then_by_name(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    c = sign_as(world, world.orgs[2], name="Zeta")
    a = sign_as(world, world.orgs[0], name="beta")
    b = sign_as(world, world.orgs[1], name="Alpha")
    workflow.reorder(
        world.statement, world.coordinator, order=Statement.SignatoryOrder.INITIATORS_THEN_NAME, initiators=[c.pk]
    )
    names = list(Signature.objects.filter(statement=world.statement).printed_order().values_list("name", flat=True))
    assert names == ["Zeta", "Alpha", "beta"]
    workflow.reorder(
        world.statement,
        world.coordinator,
        order=Statement.SignatoryOrder.MANUAL,
        sequence=[a.pk, c.pk, b.pk],
        initiators=[],
    )
    names = list(Signature.objects.filter(statement=world.statement).printed_order().values_list("name", flat=True))
    assert names == ["beta", "Zeta", "Alpha"]


def publish_ready(world, capture):
    open_and_invite(world, capture)
    sign_as(world, world.orgs[0], contact_email="alpha@example.org")
    workflow.close(world.statement, world.coordinator)


def test_publish_stores_the_pdf_and_tells_the_signers(world, django_capture_on_commit_callbacks):
    publish_ready(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        statement = workflow.publish(world.statement, world.coordinator)
    statement = refresh(statement)
    assert statement.status == Status.PUBLISHED and statement.published_at
    version = PublishedVersion.objects.get(statement=statement)
    assert version.number == 1 and version.pdf.read().startswith(b"%PDF")
    assert [m.to for m in mail.outbox] == [["alpha@example.org"]]
    assert statement.get_absolute_url() in mail.outbox[0].body


def test_publish_is_refused_while_open_and_without_signatures(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(world.statement, world.coordinator)
    workflow.close(world.statement, world.coordinator)
    with pytest.raises(workflow.WorkflowError, match="signed"):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and not PublishedVersion.objects.exists()


def test_a_failed_render_leaves_the_statement_closed(world, django_capture_on_commit_callbacks, monkeypatch):
    publish_ready(world, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("statements.pdf.versions.create_version", broken)
    with pytest.raises(RuntimeError):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and world.statement.published_at is None
    assert not AuditEntry.objects.filter(to_status="published").exists()


def published(world, capture):
    publish_ready(world, capture)
    return workflow.publish(world.statement, world.coordinator)


def test_correction_makes_a_new_version_with_its_note(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    fields = {"title": statement.title, "body": "Corrected paragraph.[^a]"}
    notes = [{"key": "a", "text": "A note", "urls": []}]
    with pytest.raises(workflow.WorkflowError, match="correction"):
        workflow.correct(statement, world.coordinator, fields=fields, notes=notes, change_note=" ")
    workflow.correct(statement, world.coordinator, fields=fields, notes=notes, change_note="Fixed a date")
    versions = list(PublishedVersion.objects.filter(statement=statement).order_by("number"))
    assert [v.number for v in versions] == [1, 2] and versions[1].change_note == "Fixed a date"
    assert AuditEntry.objects.filter(action="correct").count() == 1


def test_correction_is_refused_before_publication(world):
    with pytest.raises(workflow.WorkflowError):
        workflow.correct(world.statement, world.coordinator, fields={"body": "X."}, notes=[], change_note="x")


def test_signing_after_publication_adds_an_additional_signatory(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    late = workflow.add_signature_by_hand(
        statement, world.coordinator, organisation=world.orgs[1], name="Beta Watch", country="Russia"
    )
    assert late.is_additional and late.additional_date == timezone.localdate()
    assert PublishedVersion.objects.filter(statement=statement).count() == 2
    assert "Beta Watch" in PublishedVersion.objects.get(statement=statement, number=2).change_note


def test_after_publication_signers_cannot_add_themselves(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    with pytest.raises(workflow.WorkflowError, match="open for signatures"):
        workflow.sign(statement, world.orgs[1], name="Beta Watch", country="Russia")
    assert not Signature.objects.filter(statement=statement, organisation=world.orgs[1]).exists()
    assert PublishedVersion.objects.filter(statement=statement).count() == 1


def test_after_publication_only_coordinators_withdraw_signatures(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    signature = Signature.objects.get(statement=statement)
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_signature(signature)
    workflow.withdraw_signature(signature, user=world.coordinator, by_coordinator=True)
    assert refresh(signature).status == Signature.Status.WITHDRAWN
    assert PublishedVersion.objects.filter(statement=statement).count() == 2


def test_withdraw_a_published_statement(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_statement(statement, world.coordinator, note="")
    workflow.withdraw_statement(statement, world.coordinator, note="Facts were wrong")
    statement = refresh(statement)
    assert statement.status == Status.WITHDRAWN and statement.withdrawal_note == "Facts were wrong"
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_statement(statement, world.coordinator, note="again")


def test_plain_text_emails_are_not_html_escaped(world, django_capture_on_commit_callbacks):
    world.orgs[0].name = 'Public Association "Dignity" & Co'
    world.orgs[0].save()
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])
    message = mail.outbox[0]
    assert 'Public Association "Dignity" & Co' in message.body
    assert "&quot;" not in message.body and "&amp;" not in message.subject
    assert "Public Association &quot;Dignity&quot; &amp; Co" in message.alternatives[0][0]
