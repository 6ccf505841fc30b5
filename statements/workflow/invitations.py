"""Inviting organisations, noticing that a link was opened, declining and reminding."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements import tokens
from statements.models import AuditEntry, Invitation, Signature
from statements.models.signatures import UNANSWERED
from statements.workflow.base import Status, WorkflowError, audit, check_coordinator, lock, notify

REMINDER_INTERVAL = timedelta(days=1)
# Each reminder is an email with a further link; beyond this many the coordinators should call instead.
MAX_REMINDERS = 5


def can_remind(invitation, now=None):
    """What remind() will accept now, so the tracker shows the Remind button only where it can work."""
    now = now or timezone.now()
    return (
        invitation.status in UNANSWERED
        and invitation.reminder_count < MAX_REMINDERS
        and not (invitation.last_reminder_at and now - invitation.last_reminder_at < REMINDER_INTERVAL)
    )


def invitation_email(organisation):
    """Where the invitation goes: the organisation's first contact address, else a representative's."""
    for email in organisation.contact_email_list():
        return email
    rep = organisation.representatives.exclude(email="").order_by("pk").first()
    return rep.email if rep else ""


def invite(statement, user, organisations):
    """Invite organisations (members or not). Returns (invited, skipped) lists of organisations."""
    from statements import tasks

    check_coordinator(statement, user)
    invited, skipped = [], []
    with transaction.atomic():
        statement = lock(statement, (Status.OPEN,), _("invite organisations to sign"))
        already = set(statement.invitations.values_list("organisation_id", flat=True))
        for organisation in organisations:
            email = invitation_email(organisation)
            if organisation.pk in already or not email:
                skipped.append(organisation)
                continue
            # The real token is made by the sending task, so no raw token ever sits in the task queue.
            invitation = Invitation.objects.create(
                statement=statement,
                organisation=organisation,
                email=email,
                token_hash=tokens.new_token()[1],
                created_by=user,
            )
            invited.append(organisation)
            notify(tasks.send_invitation, invitation.pk)
        if invited:
            audit(statement, AuditEntry.Action.INVITE, actor=user, organisations=[o.name for o in invited])
    return invited, skipped


def record_open(invitation):
    """The signer followed the link for the first time."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("statement").get(pk=invitation.pk)
        if invitation.status != Invitation.Status.INVITED:
            return invitation
        invitation.status = Invitation.Status.OPENED
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["status", "opened_at"])
        # The invitation's state, not the statement's: its own action, so it is not read as "Changed state".
        audit(
            invitation.statement,
            AuditEntry.Action.OPEN_LINK,
            actor_label=_("invitation link"),
            from_status=Invitation.Status.INVITED,
            to_status=Invitation.Status.OPENED,
            organisation=invitation.organisation.name,
        )
    return invitation


def decline(invitation, *, reason="", user=None):
    """Declining is an answer, not silence: the tracker shows it with its date and optional reason."""
    from statements import tasks

    with transaction.atomic():
        lock(invitation.statement, (Status.OPEN,), _("decline"))
        invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        signed = Signature.objects.filter(
            statement_id=invitation.statement_id,
            organisation_id=invitation.organisation_id,
            status=Signature.Status.CONFIRMED,
        ).exists()
        if signed:
            raise WorkflowError(
                _("%(org)s has signed; withdraw the signature first.") % {"org": invitation.organisation}
            )
        if invitation.status == Invitation.Status.DECLINED:
            raise WorkflowError(_("%(org)s has already declined.") % {"org": invitation.organisation})
        previous = invitation.status
        invitation.status = Invitation.Status.DECLINED
        invitation.answered_at = timezone.now()
        invitation.decline_reason = reason[:2000]
        invitation.save(update_fields=["status", "answered_at", "decline_reason"])
        audit(
            invitation.statement,
            AuditEntry.Action.DECLINE,
            actor=user,
            actor_label="" if user else _("invitation link"),
            from_status=previous,
            to_status=Invitation.Status.DECLINED,
            organisation=invitation.organisation.name,
        )
        notify(
            tasks.send_answer_notice, invitation.statement_id, invitation.organisation.name, "declined", invitation.pk
        )
    return invitation


def remind(invitation, user, now=None):
    """One reminder a day at most per invitation; only for those who have not answered."""
    from statements import tasks

    now = now or timezone.now()
    check_coordinator(invitation.statement, user)
    with transaction.atomic():
        lock(invitation.statement, (Status.OPEN,), _("send a reminder"))
        invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        if invitation.status not in UNANSWERED:
            raise WorkflowError(_("%(org)s has already answered.") % {"org": invitation.organisation})
        if invitation.reminder_count >= MAX_REMINDERS:
            raise WorkflowError(
                _("%(org)s has been reminded %(n)d times already; no more reminders are sent.")
                % {"org": invitation.organisation, "n": invitation.reminder_count}
            )
        if invitation.last_reminder_at and now - invitation.last_reminder_at < REMINDER_INTERVAL:
            raise WorkflowError(
                _("%(org)s was reminded less than a day ago; try again tomorrow.") % {"org": invitation.organisation}
            )
        invitation.last_reminder_at = now
        invitation.reminder_count += 1
        invitation.save(update_fields=["last_reminder_at", "reminder_count"])
        audit(
            invitation.statement,
            AuditEntry.Action.REMIND,
            actor=user,
            actor_label="" if user else _("scheduler"),
            organisation=invitation.organisation.name,
        )
        notify(tasks.send_reminder, invitation.pk)
    return invitation


def remind_unanswered(statement, user, now=None, allow=None):
    """Remind everyone who may be reminded now; returns how many were. allow(invitation) may hold some back."""
    check_coordinator(statement, user)
    count = 0
    # Only those remind() would accept, so the gate does not count (or refuse) reminders that would not be sent.
    due = statement.invitations.filter(status__in=UNANSWERED, reminder_count__lt=MAX_REMINDERS).exclude(
        last_reminder_at__gt=(now or timezone.now()) - REMINDER_INTERVAL
    )
    for invitation in due.select_related("statement__network", "organisation"):
        if allow is not None and not allow(invitation):
            continue
        try:
            remind(invitation, user, now=now)
        except WorkflowError:
            continue
        count += 1
    return count
