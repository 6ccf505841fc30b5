"""Creating and editing a statement's text, and opening it for signatures."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.slugs import unique_slug
from statements import body as body_module
from statements.models import AuditEntry, Note, Signature, Statement
from statements.workflow.base import Status, WorkflowError, audit, check_coordinator, lock, notify

EDITABLE = (Status.DRAFT, Status.OPEN, Status.CLOSED)
TEXT_FIELDS = ("title", "date", "language", "body")
SETTING_FIELDS = ("signing_deadline", "close_at_deadline", "signatory_order")


def check_text(body, notes):
    """Refuse a body whose note calls and notes do not fit together; messages name the paragraph and call."""
    messages = body_module.validate(body, [n["key"] for n in notes])
    if messages:
        raise WorkflowError(" ".join(messages))


def create_statement(network, user, *, fields, notes=(), cases=()):
    if not network.may_coordinate(user):
        raise WorkflowError(_("Only coordinators of %(network)s can write its statements.") % {"network": network})
    notes = list(notes)
    check_text(fields["body"], notes)
    with transaction.atomic():
        statement = Statement.objects.create(
            network=network,
            created_by=user,
            updated_by=user,
            **{k: v for k, v in fields.items() if k in TEXT_FIELDS + SETTING_FIELDS},
        )
        _replace_notes(statement, notes)
        statement.cases.set(cases)
        audit(statement, AuditEntry.Action.CREATE, actor=user, to_status=statement.status)
    return statement


def update_text(statement, user, *, fields, notes, cases=None):
    """Save the coordinators' edits. Signers of an older text are told, and the tracker marks them."""
    check_coordinator(statement, user)
    notes = list(notes)
    check_text(fields["body"], notes)
    with transaction.atomic():
        statement = lock(statement, EDITABLE, _("edit"))
        before = statement.revision_hash()
        old_title = statement.title
        for name in TEXT_FIELDS + SETTING_FIELDS:
            if name in fields:
                setattr(statement, name, fields[name])
        if statement.title != old_title:
            # The public address follows the title until publication, when it becomes a permanent promise.
            statement.slug = unique_slug(Statement, statement.title, max_length=100, exclude_pk=statement.pk)
        statement.updated_by = user
        statement.save()
        _replace_notes(statement, notes)
        if cases is not None:
            statement.cases.set(cases)
        after = statement.revision_hash()
        outdated = emailed = 0
        if before != after and statement.status != Status.DRAFT:
            outdated = _confirmed(statement).exclude(signed_revision=after).exclude(signed_revision="").count()
            emailed = text_changed_recipients(statement, after).count()
        audit(
            statement,
            AuditEntry.Action.EDIT,
            actor=user,
            from_revision=before,
            to_revision=after,
            outdated_signatures=outdated,
            signers_emailed=emailed,
        )
        if emailed:
            from statements import tasks

            notify(tasks.send_text_changed, statement.pk, after)
    # For the editor's message: who gets an email asking to confirm, and who only the coordinators can ask.
    statement.signers_emailed = emailed
    statement.signers_not_emailed = outdated - emailed
    return statement


def text_changed_recipients(statement, revision):
    """The invitations whose organisation signed a text other than this revision: each gets a "text changed" email.

    Signatures added by hand without an invitation have no link to send; the coordinators ask those themselves.
    """
    from statements.models import Invitation

    organisations = (
        _confirmed(statement)
        .exclude(signed_revision=revision)
        .exclude(signed_revision="")
        .filter(organisation__isnull=False)
        .values("organisation_id")
    )
    return Invitation.objects.filter(statement=statement, organisation_id__in=organisations)


def open_for_signatures(statement, user):
    check_coordinator(statement, user)
    with transaction.atomic():
        statement = lock(statement, (Status.DRAFT,), _("open for signatures"))
        check_text(statement.body, [{"key": n.key} for n in statement.notes.all()])
        if statement.signing_deadline is not None:
            if statement.signing_deadline <= timezone.now():
                raise WorkflowError(_("The signing deadline has already passed; set a later one first."))
        statement.status = Status.OPEN
        statement.updated_by = user
        statement.save(update_fields=["status", "updated_by", "updated_at"])
        audit(statement, AuditEntry.Action.TRANSITION, actor=user, from_status=Status.DRAFT, to_status=Status.OPEN)
    return statement


def _replace_notes(statement, notes):
    # Notes have no identity outside their key; replacing them keeps positions dense and the code short.
    statement.notes.all().delete()
    Note.objects.bulk_create(
        Note(statement=statement, key=n["key"], text=n["text"], urls=list(n.get("urls") or []), position=i)
        for i, n in enumerate(notes, 1)
    )


def _confirmed(statement):
    return statement.signatures.filter(status=Signature.Status.CONFIRMED)
