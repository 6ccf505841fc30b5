"""Background work (django-tasks): emails and the periodic reminder/close run.

Tasks receive ids only. Invitation links are minted here, at sending time, so the raw token never lands in
the task queue's table; a reminder carries a fresh link and earlier links stop working.

django-tasks does not retry, so a send that fails (mail server down, connection refused) is retried here: the
failure is recorded where coordinators see it (the tracker, the audit log) and the same task is enqueued again,
later when the backend can defer, up to MAX_ATTEMPTS in all.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from statements import emails, tokens
from statements.models import AuditEntry, Invitation, InvitationLink, Signature, Statement
from statements.models.signatures import UNANSWERED

MAX_ATTEMPTS = 3
RETRY_DELAYS = (timedelta(minutes=2), timedelta(minutes=20))
# An invitation's emails (invitation, reminders, "the text changed" notices) and a signature's confirmations.
MAX_EMAILS_PER_INVITATION = 12
MAX_EMAILS_PER_SIGNATURE = 3


def _retry(task_function, attempt, *args):
    """Enqueue the next attempt; False once the attempts are used up."""
    if attempt >= MAX_ATTEMPTS:
        return False
    if task_function.get_backend().supports_defer:
        task_function = task_function.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    task_function.enqueue(*args, attempt=attempt + 1)
    return True


def _record_failure(statement, kind, error, attempt, organisation=""):
    # The exception's class only: SMTP errors quote recipient addresses, which are private.
    from statements.workflow.base import audit

    audit(
        statement,
        AuditEntry.Action.EMAIL_FAILED,
        actor_label=_("mail server"),
        email=kind,
        organisation=organisation,
        attempt=attempt,
        final=attempt >= MAX_ATTEMPTS,
        error=type(error).__name__,
    )


def _new_link(invitation_id, kind):
    """Mint a link for this email; returns (invitation, raw token, undo) where undo() takes the link back.

    The invitation's first email replaces the placeholder hash made by invite(); every later email adds an
    InvitationLink, so the links already sent (and forwarded) keep working until the deadline.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("statement", "statement__network", "organisation")
            .get(pk=invitation_id)
        )
        raw, digest = tokens.new_token()
        if kind == "invitation" and invitation.sent_at is None:
            placeholder = invitation.token_hash
            invitation.token_hash = digest
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["token_hash", "sent_at"])

            def undo():
                Invitation.objects.filter(pk=invitation_id, token_hash=digest).update(
                    token_hash=placeholder, sent_at=None
                )

        else:
            link = InvitationLink.objects.create(invitation=invitation, token_hash=digest)

            def undo():
                InvitationLink.objects.filter(pk=link.pk).delete()

    return invitation, raw, undo


def _recipient(invitation, kind):
    """A "text changed" notice goes to whoever signed (their contact address), else to the invitation's address."""
    if kind == "text_changed":
        signature = Signature.objects.filter(
            statement_id=invitation.statement_id, organisation_id=invitation.organisation_id
        ).first()
        if signature is not None and signature.contact_email:
            return signature.contact_email
    return invitation.email


def deliver(invitation_id, kind, attempt=1):
    """Send one invitation email ("invitation", "reminder" or "text_changed") with a personal link.

    A failed send takes its link back; the links sent before stay valid either way.
    """
    invitation = Invitation.objects.select_related("statement", "organisation").get(pk=invitation_id)
    if invitation.emails_sent >= MAX_EMAILS_PER_INVITATION:
        return "capped"
    if kind == "reminder" and (
        invitation.status not in UNANSWERED or invitation.statement.status != Statement.Status.OPEN
    ):
        return "answered"  # answered (or closed) between the click and the send
    invitation, raw, undo = _new_link(invitation_id, kind)
    try:
        emails.invitation(
            invitation,
            raw,
            reminder=kind == "reminder",
            text_changed=kind == "text_changed",
            to=_recipient(invitation, kind),
        )
    except OSError as error:  # smtplib.SMTPException and socket errors are OSErrors
        undo()
        Invitation.objects.filter(pk=invitation_id).update(
            email_failures=F("email_failures") + 1, email_failed_at=timezone.now()
        )
        _record_failure(invitation.statement, kind, error, attempt, organisation=invitation.organisation.name)
        _retry(deliver_invitation, attempt, invitation_id, kind)
        return "failed"
    Invitation.objects.filter(pk=invitation_id).update(
        emails_sent=F("emails_sent") + 1, email_failures=0, email_failed_at=None
    )
    return "sent"


@task()
def deliver_invitation(invitation_id, kind, attempt=1):
    return deliver(invitation_id, kind, attempt)


@task()
def send_invitation(invitation_id):
    return deliver(invitation_id, "invitation")


@task()
def send_reminder(invitation_id):
    return deliver(invitation_id, "reminder")


@task()
def send_text_changed(statement_id, revision):
    """Tell signers of an older text what to do; each gets a personal link to see the changes."""
    statement = Statement.objects.get(pk=statement_id)
    if statement.status not in (Statement.Status.OPEN, Statement.Status.CLOSED):
        return
    if statement.revision_hash() != revision:
        return  # edited again since; that edit enqueued its own notice
    from statements.workflow.drafting import text_changed_recipients

    for invitation_id in text_changed_recipients(statement, revision).values_list("pk", flat=True):
        deliver(invitation_id, "text_changed")


@task()
def send_signature_confirmation(signature_id, attempt=1):
    signature = Signature.objects.select_related("statement", "statement__network").get(pk=signature_id)
    if not signature.contact_email or signature.status != Signature.Status.CONFIRMED:
        return "skipped"
    # Claim a slot first, so two tasks for one signature cannot both pass the cap.
    claimed = Signature.objects.filter(pk=signature_id, emails_sent__lt=MAX_EMAILS_PER_SIGNATURE).update(
        emails_sent=F("emails_sent") + 1
    )
    if not claimed:
        return "capped"
    try:
        emails.signature_confirmation(signature)
    except OSError as error:
        Signature.objects.filter(pk=signature_id).update(emails_sent=F("emails_sent") - 1)
        _record_failure(signature.statement, "signature_confirmation", error, attempt, organisation=signature.name)
        _retry(send_signature_confirmation, attempt, signature_id)
        return "failed"
    return "sent"


def signers_to_mail(statement):
    """The signatures whose contact hears of the publication or a correction (one email per distinct address)."""
    return statement.signatures.filter(status=Signature.Status.CONFIRMED).exclude(contact_email="")


def _mail_signers(statement, kind, send_one, only, attempt, retry):
    """One message per signer's address (signers must not see each other's); retry(failed ids) for failures."""
    signatures = signers_to_mail(statement)
    if only is not None:
        signatures = signatures.filter(pk__in=only)
    by_email = {}
    for pk, email in signatures.order_by("pk").values_list("pk", "contact_email"):
        by_email.setdefault(email, pk)
    failed, last_error = [], None
    for email, pk in sorted(by_email.items()):
        try:
            send_one(email)
        except OSError as error:
            failed.append(pk)
            last_error = error
    if failed:
        _record_failure(statement, kind, last_error, attempt)
        retry(failed)
    return {"sent": len(by_email) - len(failed), "failed": len(failed)}


@task()
def send_publication_notice(statement_id, only=None, attempt=1):
    """Tell the signers it is published. A retry carries the failed signatures' ids."""
    statement = Statement.objects.select_related("network").get(pk=statement_id)
    if statement.status != Statement.Status.PUBLISHED:
        return
    return _mail_signers(
        statement,
        "publication_notice",
        lambda email: emails.publication_notice(statement, [email]),
        only,
        attempt,
        lambda failed: _retry(send_publication_notice, attempt, statement_id, failed),
    )


@task()
def send_correction_notice(statement_id, version_number, only=None, attempt=1):
    """Tell the signers that a correction of a text they signed is published, and what it changed."""
    statement = Statement.objects.select_related("network").get(pk=statement_id)
    version = statement.versions.filter(number=version_number).first()
    if statement.status != Statement.Status.PUBLISHED or version is None:
        return
    return _mail_signers(
        statement,
        "correction_notice",
        lambda email: emails.correction_notice(statement, version, email),
        only,
        attempt,
        lambda failed: _retry(send_correction_notice, attempt, statement_id, version_number, failed),
    )


@task()
def send_answer_notice(statement_id, organisation_name, answer, invitation_id=None, attempt=1):
    """Tell the coordinators that an organisation signed or declined: one email per answer.

    A decline carries its invitation's id, and the reason is read here, so the queue holds no free text.
    """
    statement = Statement.objects.select_related("network").get(pk=statement_id)
    reason = ""
    if answer == "declined" and invitation_id is not None:
        reason = Invitation.objects.filter(pk=invitation_id).values_list("decline_reason", flat=True).first() or ""
    try:
        sent = emails.answer_notice(statement, organisation_name, answer, reason=reason)
    except OSError as error:
        _record_failure(statement, "answer_notice", error, attempt, organisation=organisation_name)
        _retry(send_answer_notice, attempt, statement_id, organisation_name, answer, invitation_id)
        return "failed"
    return "sent" if sent else "no coordinator address"


@task()
def remind_and_close():
    """The periodic run, for a scheduler that enqueues tasks instead of calling the command."""
    from statements.workflow.scheduled import run

    reminded, closed = run()
    return {"reminded": reminded, "closed": [s.pk for s in closed]}
