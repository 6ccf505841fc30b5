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
    check_printable,
    check_room_for_signatures,
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

    organisation may be None for an individual (coordinators only), printed as name and country.
    Double submissions meet the row lock (PostgreSQL) and, as a backstop, the unique constraint: either way
    the second one gets AlreadySigned and nothing changes.
    """
    from statements import tasks

    with transaction.atomic():
        allowed = SIGNABLE if source == Signature.Source.COORDINATOR else SELF_SERVICE_SIGNABLE
        statement = lock(statement, allowed, _("sign"))
        existing = None
        if organisation is not None:
            existing = Signature.objects.filter(statement=statement, organisation=organisation).first()
        if existing is not None and existing.status != Signature.Status.WITHDRAWN:
            raise AlreadySigned(_("%(org)s has already signed this statement.") % {"org": organisation})
        check_room_for_signatures(statement)
        previous_status = existing.status if existing is not None else ""
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
        signature.reconfirmed_at = None
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
        invitation = None
        if organisation is not None:
            invitation = Invitation.objects.filter(statement=statement, organisation=organisation).first()
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk).update(
                status=Invitation.Status.SIGNED, answered_at=signature.signed_at
            )
        by_coordinator = source == Signature.Source.COORDINATOR
        answered = {"invitation": f"{invitation.status} → {Invitation.Status.SIGNED}"} if invitation else {}
        audit(
            statement,
            AuditEntry.Action.ADD_SIGNATURE if by_coordinator else AuditEntry.Action.SIGN,
            actor=user,
            actor_label="" if user else _("invitation link"),
            from_status=previous_status,
            to_status=Signature.Status.CONFIRMED,
            organisation=organisation.name if organisation else name,
            additional=late,
            **answered,
        )
        if late:
            _new_version(statement, user, _("Additional signatory: %(name)s") % {"name": signature.printed()})
        if contact_email:
            notify(tasks.send_signature_confirmation, signature.pk)
        if not by_coordinator:
            notify(tasks.send_answer_notice, statement.pk, signature.name, "signed")
    return signature


def add_signature_by_hand(
    statement,
    user,
    *,
    organisation,
    name,
    country,
    is_initiator=False,
    comment="",
    contact_name="",
    contact_email="",
):
    """For an organisation (or, with organisation None, a person) that answered by phone or mail."""
    check_coordinator(statement, user)
    name = (name or (organisation.name if organisation else "")).strip()
    if not name:
        raise WorkflowError(_("Choose the organisation that signed, or write the name of the person who signed."))
    return sign(
        statement,
        organisation,
        name=name,
        country=country,
        comment=comment,
        contact_name=contact_name,
        contact_email=contact_email,
        user=user,
        source=Signature.Source.COORDINATOR,
        is_initiator=is_initiator,
    )


def confirm_revision(signature, *, user=None, by_coordinator=False):
    """The signer agrees to the current text: themselves, or through a coordinator they told by phone or mail.

    signed_at stays the time they first signed; reconfirmed_at records this confirmation.
    """
    if by_coordinator:
        check_coordinator(signature.statement, user)
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
        signature.reconfirmed_at = timezone.now()
        signature.save(update_fields=["signed_revision", "signed_text", "reconfirmed_at"])
        audit(
            statement,
            AuditEntry.Action.CONFIRM,
            actor=user,
            actor_label="" if user else _("invitation link"),
            from_status=signature.status,
            to_status=signature.status,
            organisation=signature.name,
            from_revision=previous,
            to_revision=current,
            by_coordinator=by_coordinator,
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
        previous = signature.status
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
            from_status=previous,
            to_status=Signature.Status.WITHDRAWN,
            organisation=signature.name,
            by_coordinator=by_coordinator,
        )
        if statement.status == Status.PUBLISHED:
            _new_version(statement, user, _("Signature withdrawn: %(name)s") % {"name": signature.printed()})
    return signature


def _new_version(statement, user, change_note):
    from statements.pdf.versions import create_version

    check_printable(statement)
    return create_version(statement, user=user, change_note=change_note)
