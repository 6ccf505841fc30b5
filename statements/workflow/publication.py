"""Closing the list, ordering it, publishing, corrections and withdrawal of a published statement."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import AuditEntry, Signature, Statement
from statements.models.statement import text_correction
from statements.workflow.base import Status, WorkflowError, audit, check_coordinator, check_printable, lock, notify
from statements.workflow.drafting import TEXT_FIELDS, _replace_notes, check_text

Order = Statement.SignatoryOrder


def close(statement, user):
    """No new signatures after this; the list can still be ordered and the text fixed."""
    return _move(statement, user, Status.OPEN, Status.CLOSED, _("close"))


def reopen(statement, user):
    return _move(statement, user, Status.CLOSED, Status.OPEN, _("reopen"))


def reorder(statement, user, *, order, sequence=(), initiators=None):
    """Fix the printed order: initiators first, then by name, by signing time or in the coordinators' sequence."""
    check_coordinator(statement, user)
    with transaction.atomic():
        statement = lock(statement, (Status.OPEN, Status.CLOSED), _("reorder the signatories of"))
        if initiators is not None:
            statement.signatures.update(is_initiator=False)
            statement.signatures.filter(pk__in=list(initiators)).update(is_initiator=True)
        statement.signatory_order = order
        statement.save(update_fields=["signatory_order", "updated_at"])
        apply_order(statement, sequence)
        audit(statement, AuditEntry.Action.REORDER, actor=user, order=order)
    return statement


def apply_order(statement, sequence=()):
    """Write positions so every reader (page, PDF, JSON) prints the same order."""
    signatures = list(statement.signatures.filter(is_additional=False))
    rank = {pk: i for i, pk in enumerate(sequence)}
    if statement.signatory_order == Order.INITIATORS_THEN_NAME:
        key = lambda s: (not s.is_initiator, s.name.casefold(), s.pk)  # noqa: E731
    elif statement.signatory_order == Order.SIGNING:
        key = lambda s: (not s.is_initiator, s.signed_at or s.created_at, s.pk)  # noqa: E731
    else:
        # The order page promises initiators first whatever the order: the coordinators' sequence comes after.
        key = lambda s: (not s.is_initiator, rank.get(s.pk, len(rank)), s.position, s.pk)  # noqa: E731
    signatures.sort(key=key)
    for position, signature in enumerate(signatures, 1):
        signature.position = position
    Signature.objects.bulk_update(signatures, ["position"])


def outdated_signatures(statement):
    """Confirmed signatures given to an earlier revision of the text (imported ones have no revision)."""
    return (
        statement.signatures.filter(status=Signature.Status.CONFIRMED)
        .exclude(signed_revision="")
        .exclude(signed_revision=statement.revision_hash())
        .order_by("name")
    )


def publish(statement, user, *, include_outdated=False):
    """Freeze text and list, render and store the PDF in the same transaction, then tell the signers.

    Signatures of an earlier text are not published silently: the coordinators get their names and either
    have them confirm (or confirm for them, after a call) or say include_outdated=True.
    """
    from statements import tasks
    from statements.pdf.versions import create_version

    check_coordinator(statement, user)
    with transaction.atomic():
        statement = lock(statement, (Status.CLOSED,), _("publish"))
        check_text(statement.body, [{"key": n.key} for n in statement.notes.all()])
        if not statement.signatures.filter(status=Signature.Status.CONFIRMED).exists():
            raise WorkflowError(_("Nobody has signed yet; a statement needs at least one signatory."))
        outdated = list(outdated_signatures(statement).values_list("name", flat=True))
        if outdated and not include_outdated:
            raise WorkflowError(
                _(
                    "Not published: %(names)s signed an earlier version of the text. Ask them to confirm the "
                    "current text, record their confirmation by phone or mail, or tick “Publish their "
                    "signatures anyway”."
                )
                % {"names": ", ".join(outdated)}
            )
        check_printable(statement)
        if statement.signatory_order != Order.MANUAL:
            apply_order(statement)
        statement.status = Status.PUBLISHED
        statement.published_at = timezone.now()
        statement.updated_by = user
        statement.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        version = create_version(statement, user=user)
        audit(
            statement,
            AuditEntry.Action.TRANSITION,
            actor=user,
            from_status=Status.CLOSED,
            to_status=Status.PUBLISHED,
            version=version.number,
            outdated_signatures_included=outdated,
        )
        notify(tasks.send_publication_notice, statement.pk)
    return statement


def publish_archive(statement, user=None):
    """A statement published elsewhere, imported for the archive: store it as published, with its PDF, quietly."""
    from statements.pdf.versions import create_version

    with transaction.atomic():
        statement = lock(statement, (Status.DRAFT,), _("archive"))
        statement.status = Status.PUBLISHED
        statement.published_at = timezone.now()
        statement.save(update_fields=["status", "published_at", "updated_at"])
        version = create_version(statement, user=user, change_note=_("Imported from an archive."))
        audit(
            statement,
            AuditEntry.Action.TRANSITION,
            actor=user,
            actor_label="import",
            from_status=Status.DRAFT,
            to_status=Status.PUBLISHED,
            version=version.number,
        )
    return statement


def correct(statement, user, *, fields, notes, change_note):
    """A published text changes only through a new version that says what changed; the signers are told."""
    from statements import tasks
    from statements.pdf.versions import create_version

    check_coordinator(statement, user)
    change_note = (change_note or "").strip()
    if not change_note:
        raise WorkflowError(_("Say what the correction changes; the note is shown with the new version."))
    notes = list(notes)
    check_text(fields["body"], notes)
    with transaction.atomic():
        statement = lock(statement, (Status.PUBLISHED,), _("correct"))
        before = statement.revision_hash()
        with text_correction(statement):
            for name in TEXT_FIELDS:
                if name in fields:
                    setattr(statement, name, fields[name])
            statement.updated_by = user
            statement.save()
            _replace_notes(statement, notes)
        if statement.revision_hash() == before:
            raise WorkflowError(_("Nothing in the text or the notes has changed."))
        check_printable(statement)
        version = create_version(statement, user=user, change_note=change_note)
        audit(statement, AuditEntry.Action.CORRECT, actor=user, version=version.number, change_note=change_note)
        notify(tasks.send_correction_notice, statement.pk, version.number)
    return statement


def withdraw_statement(statement, user, *, note):
    """Retract a published statement; the public page says so and the PDF answers 410."""
    check_coordinator(statement, user)
    note = (note or "").strip()
    if not note:
        raise WorkflowError(_("Say why the statement is withdrawn; the public page shows it."))
    with transaction.atomic():
        statement = lock(statement, (Status.PUBLISHED,), _("withdraw"))
        statement.status = Status.WITHDRAWN
        statement.withdrawn_at = timezone.now()
        statement.withdrawal_note = note
        statement.updated_by = user
        statement.save(update_fields=["status", "withdrawn_at", "withdrawal_note", "updated_by", "updated_at"])
        audit(
            statement,
            AuditEntry.Action.TRANSITION,
            actor=user,
            from_status=Status.PUBLISHED,
            to_status=Status.WITHDRAWN,
        )
    return statement


def close_at_deadline(now=None):
    """Close the open statements whose coordinators asked for it and whose deadline has passed."""
    now = now or timezone.now()
    closed = []
    due = Statement.objects.filter(status=Status.OPEN, close_at_deadline=True, signing_deadline__lte=now)
    for statement in due:
        try:
            closed.append(_move(statement, None, Status.OPEN, Status.CLOSED, _("close"), label=_("deadline")))
        except WorkflowError:
            continue
    return closed


def _move(statement, user, source, target, action, label=""):
    check_coordinator(statement, user)
    with transaction.atomic():
        statement = lock(statement, (source,), action)
        statement.status = target
        statement.updated_by = user
        statement.save(update_fields=["status", "updated_by", "updated_at"])
        audit(
            statement, AuditEntry.Action.TRANSITION, actor=user, actor_label=label, from_status=source, to_status=target
        )
    return statement
