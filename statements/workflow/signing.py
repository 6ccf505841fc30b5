"""Signatures: signing (by link, from the dashboard, by a coordinator), confirming a new text, withdrawing."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import AuditEntry, Invitation, Signature
from statements.workflow.base import (
    AlreadySigned,
    Status,
    WorkflowError,
    audit,
    check_coordinator,
    lock,
    notify,
    text_snapshot,
)

SIGNABLE = (Status.OPEN, Status.PUBLISHED)
# A published list changes only through the coordinators: signers themselves can sign while it is open.
SELF_SERVICE_SIGNABLE = (Status.OPEN,)


def sign(
    statement,
    organisation,
    *,
    name,
    country,
    contact_name="",
    contact_email="",
    comment="",
    user=None,
    source=Signature.Source.INVITATION,
    ip_address=None,
    user_agent="",
    is_initiator=False,
):
    """Add an organisation's signature; after publication it is an additional signatory and a new PDF version.

    Double submissions meet the row lock (PostgreSQL) and, as a backstop, the unique constraint: either way
    the second one gets AlreadySigned and nothing changes.
    """
    from statements import tasks

    with transaction.atomic():
        allowed = SIGNABLE if source == Signature.Source.COORDINATOR else SELF_SERVICE_SIGNABLE
        statement = lock(statement, allowed, _("sign"))
        existing = Signature.objects.filter(statement=statement, organisation=organisation).first()
        if existing is not None and existing.status != Signature.Status.WITHDRAWN:
            raise AlreadySigned(_("%(org)s has already signed this statement.") % {"org": organisation})
        late = statement.status == Status.PUBLISHED
        signature = existing or Signature(statement=statement, organisation=organisation)
        signature.name = name
        signature.country = country
        signature.contact_name = contact_name
        signature.contact_email = contact_email
        signature.comment = comment
        signature.status = Signature.Status.CONFIRMED
        signature.source = source
        signature.is_initiator = is_initiator
        signature.is_additional = late
        signature.additional_date = timezone.localdate() if late else None
        signature.signed_revision = statement.revision_hash()
        signature.signed_text = text_snapshot(statement)
        signature.signed_by = user if user is not None and user.is_authenticated else None
        signature.signed_at = timezone.now()
        signature.withdrawn_at = None
        signature.ip_address = ip_address
        signature.user_agent = (user_agent or "")[:300]
        if existing is None:
            signature.position = (statement.signatures.aggregate(m=Max("position"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                signature.save()
        except IntegrityError as error:
            raise AlreadySigned(_("%(org)s has already signed this statement.") % {"org": organisation}) from error
        Invitation.objects.filter(statement=statement, organisation=organisation).update(
            status=Invitation.Status.SIGNED, answered_at=signature.signed_at
        )
        action = AuditEntry.Action.ADD_SIGNATURE if source == Signature.Source.COORDINATOR else AuditEntry.Action.SIGN
        audit(
            statement,
            action,
            actor=user,
            actor_label="" if user else _("invitation link"),
            organisation=organisation.name if organisation else name,
            additional=late,
        )
        if late:
            _new_version(statement, user, _("Additional signatory: %(name)s") % {"name": signature.printed()})
        if contact_email:
            notify(tasks.send_signature_confirmation, signature.pk)
    return signature


def add_signature_by_hand(statement, user, *, organisation, name, country, is_initiator=False, comment=""):
    """For an organisation that answered by phone or mail."""
    check_coordinator(statement, user)
    if organisation is None:
        raise WorkflowError(_("Choose the organisation that signed."))
    return sign(
        statement,
        organisation,
        name=name,
        country=country,
        comment=comment,
        user=user,
        source=Signature.Source.COORDINATOR,
        is_initiator=is_initiator,
    )


def confirm_revision(signature, *, user=None):
    """The signer has read what changed and agrees to the current text."""
    with transaction.atomic():
        statement = lock(signature.statement, (Status.OPEN, Status.CLOSED), _("confirm the new text"))
        signature = Signature.objects.select_for_update().get(pk=signature.pk)
        if signature.status != Signature.Status.CONFIRMED:
            raise WorkflowError(_("This signature was withdrawn; sign again instead."))
        current = statement.revision_hash()
        if signature.signed_revision == current:
            return signature
        previous = signature.signed_revision
        signature.signed_revision = current
        signature.signed_text = text_snapshot(statement)
        signature.signed_at = timezone.now()
        signature.save(update_fields=["signed_revision", "signed_text", "signed_at"])
        audit(
            statement,
            AuditEntry.Action.CONFIRM,
            actor=user,
            actor_label="" if user else _("invitation link"),
            organisation=signature.name,
            from_revision=previous,
            to_revision=current,
        )
    return signature


def withdraw_signature(signature, *, user=None, by_coordinator=False):
    """Signers may withdraw until publication; afterwards only coordinators can, and that makes a new version."""
    allowed = (Status.OPEN, Status.CLOSED, Status.PUBLISHED) if by_coordinator else (Status.OPEN, Status.CLOSED)
    if by_coordinator:
        check_coordinator(signature.statement, user)
    with transaction.atomic():
        statement = lock(signature.statement, allowed, _("withdraw a signature from"))
        signature = Signature.objects.select_for_update().get(pk=signature.pk)
        if signature.status == Signature.Status.WITHDRAWN:
            raise WorkflowError(_("This signature has already been withdrawn."))
        signature.status = Signature.Status.WITHDRAWN
        signature.withdrawn_at = timezone.now()
        signature.save(update_fields=["status", "withdrawn_at"])
        if signature.organisation_id:
            Invitation.objects.filter(statement=statement, organisation_id=signature.organisation_id).update(
                status=Invitation.Status.WITHDRAWN, answered_at=signature.withdrawn_at
            )
        audit(
            statement,
            AuditEntry.Action.WITHDRAW_SIGNATURE,
            actor=user,
            actor_label="" if user else _("invitation link"),
            organisation=signature.name,
            by_coordinator=by_coordinator,
        )
        if statement.status == Status.PUBLISHED:
            _new_version(statement, user, _("Signature withdrawn: %(name)s") % {"name": signature.printed()})
    return signature


def _new_version(statement, user, change_note):
    from statements.pdf.versions import create_version

    return create_version(statement, user=user, change_note=change_note)
