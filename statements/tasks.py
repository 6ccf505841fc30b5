"""Background work (django-tasks): emails and the periodic reminder/close run.

Tasks receive ids only. Invitation links are minted here, at sending time, so the raw token never lands in
the task queue's table; a reminder carries a fresh link and earlier links stop working.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from statements import emails, tokens
from statements.models import Invitation, Signature, Statement


def _fresh_link(invitation_id):
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("statement", "statement__network", "organisation")
            .get(pk=invitation_id)
        )
        raw, invitation.token_hash = tokens.new_token()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
    return invitation, raw


@task()
def send_invitation(invitation_id):
    invitation, raw = _fresh_link(invitation_id)
    emails.invitation(invitation, raw)


@task()
def send_reminder(invitation_id):
    invitation = Invitation.objects.select_related("statement").get(pk=invitation_id)
    if invitation.status not in (Invitation.Status.INVITED, Invitation.Status.OPENED):
        return  # answered between the click and the send
    if invitation.statement.status != Statement.Status.OPEN:
        return
    invitation, raw = _fresh_link(invitation_id)
    emails.invitation(invitation, raw, reminder=True)


@task()
def send_text_changed(statement_id, revision):
    """Tell signers of an older text what to do; each gets a fresh link to see the changes."""
    statement = Statement.objects.get(pk=statement_id)
    if statement.status not in (Statement.Status.OPEN, Statement.Status.CLOSED):
        return
    if statement.revision_hash() != revision:
        return  # edited again since; that edit enqueued its own notice
    outdated = (
        statement.signatures.filter(status=Signature.Status.CONFIRMED)
        .exclude(signed_revision=revision)
        .values_list("organisation_id", flat=True)
    )
    for invitation in statement.invitations.filter(organisation_id__in=list(outdated)):
        invitation, raw = _fresh_link(invitation.pk)
        emails.invitation(invitation, raw, text_changed=True)


@task()
def send_signature_confirmation(signature_id):
    signature = Signature.objects.select_related("statement", "statement__network").get(pk=signature_id)
    if signature.contact_email and signature.status == Signature.Status.CONFIRMED:
        emails.signature_confirmation(signature)


@task()
def send_publication_notice(statement_id):
    statement = Statement.objects.select_related("network").get(pk=statement_id)
    if statement.status != Statement.Status.PUBLISHED:
        return
    recipients = sorted(
        set(
            statement.signatures.filter(status=Signature.Status.CONFIRMED)
            .exclude(contact_email="")
            .values_list("contact_email", flat=True)
        )
    )
    emails.publication_notice(statement, recipients)


@task()
def remind_and_close():
    """The periodic run, for a scheduler that enqueues tasks instead of calling the command."""
    from statements.workflow.scheduled import run

    reminded, closed = run()
    return {"reminded": reminded, "closed": [s.pk for s in closed]}
