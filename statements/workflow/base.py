"""What every transition shares: the refusal error, the row lock, the audit record and deferred notification."""

from django.db import transaction
from django.utils.translation import gettext as _

from statements.models import AuditEntry, Statement

Status = Statement.Status


class WorkflowError(Exception):
    """A transition that is not allowed now. The message is meant for the person who asked."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AlreadySigned(WorkflowError):
    """The organisation already has a signature on this statement (double click, two tabs, two people)."""


def lock(statement, allowed, action):
    """Re-read the statement with its row locked and refuse if it is not in one of the allowed states.

    Must be called inside transaction.atomic(); the lock is what makes concurrent transitions take turns.
    """
    locked = Statement.objects.select_for_update().select_related("network").get(pk=statement.pk)
    if locked.status not in allowed:
        raise WorkflowError(
            _("Cannot %(action)s “%(title)s”: it is %(status)s, and this needs it to be %(allowed)s.")
            % {
                "action": action,
                "title": locked.title,
                "status": locked.get_status_display().lower(),
                "allowed": _(" or ").join(str(Status(s).label).lower() for s in allowed),
            }
        )
    return locked


def check_coordinator(statement, user):
    """Services refuse non-coordinators too, so a view that forgot its check still cannot act."""
    if user is None:  # the scheduler
        return
    if not statement.network.may_coordinate(user):
        raise WorkflowError(_("Only the coordinators of %(network)s can do this.") % {"network": statement.network})


def audit(statement, action, *, actor=None, actor_label="", from_status="", to_status="", **detail):
    """Append the audit record. detail must never contain tokens, passwords or private contact data."""
    return AuditEntry.objects.create(
        network_id=statement.network_id,
        statement=statement,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label[:200],
        action=action,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def notify(task, *args):
    """Enqueue a task once the transaction commits, so a rolled-back change never sends an email."""
    transaction.on_commit(lambda: task.enqueue(*args))


def text_snapshot(statement):
    """What a signer agrees to (Statement.revision_hash() is its hash), kept for showing a diff later."""
    return statement.text_snapshot()


def check_printable(statement):
    """Refuse, before any rendering, a statement the PDF cannot print (statements/limits.py)."""
    from statements import limits
    from statements.pdf.fonts import PdfFontError, require_family

    problems = limits.check_statement(statement)
    try:
        require_family(statement.network.house_style.font_family)
    except PdfFontError as error:
        problems += error.messages
    if problems:
        raise WorkflowError(_("The PDF cannot be made: %(problems)s") % {"problems": " ".join(problems)})


def check_room_for_signatures(statement):
    """The list is bounded (statements/limits.py); beyond the limit a signature is refused, not printed badly."""
    from statements import limits
    from statements.models import Signature

    if statement.signatures.filter(status=Signature.Status.CONFIRMED).count() >= limits.MAX_SIGNATORIES:
        raise WorkflowError(
            _("This statement already has %(limit)s signatories, the most a statement can list.")
            % {"limit": f"{limits.MAX_SIGNATORIES:,}"}
        )
