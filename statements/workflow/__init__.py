"""Every change of a statement's workflow state, one function each.

Each checks the current state, locks the statement row inside a transaction, applies the change, writes an
AuditEntry and enqueues any email only after commit. Refusals raise WorkflowError and change nothing.
"""

from statements.workflow.base import AlreadySigned, WorkflowError
from statements.workflow.drafting import create_statement, open_for_signatures, update_text
from statements.workflow.invitations import decline, invite, record_open, remind, remind_unanswered
from statements.workflow.publication import (
    close,
    close_at_deadline,
    correct,
    outdated_signatures,
    publish,
    publish_archive,
    reopen,
    reorder,
    withdraw_statement,
)
from statements.workflow.signing import add_signature_by_hand, confirm_revision, sign, withdraw_signature

__all__ = [
    "AlreadySigned",
    "WorkflowError",
    "add_signature_by_hand",
    "close",
    "close_at_deadline",
    "confirm_revision",
    "correct",
    "create_statement",
    "decline",
    "invite",
    "open_for_signatures",
    "outdated_signatures",
    "publish",
    "publish_archive",
    "record_open",
    "remind",
    "remind_unanswered",
    "reopen",
    "reorder",
    "sign",
    "update_text",
    "withdraw_signature",
    "withdraw_statement",
]
