from statements.models.audit import AuditEntry
from statements.models.cases import Case, CaseEvent, Person
from statements.models.signatures import Invitation, InvitationLink, Signature
from statements.models.statement import Note, Statement
from statements.models.versions import PublishedVersion

__all__ = [
    "AuditEntry",
    "Case",
    "CaseEvent",
    "Invitation",
    "InvitationLink",
    "Note",
    "Person",
    "PublishedVersion",
    "Signature",
    "Statement",
]
