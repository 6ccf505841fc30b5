"""Forgetting what the public list does not need, a set number of days after publication.

What signers told us privately (contact name and email, comment, address, browser) and why an organisation
declined are only needed while a statement is being signed. After PRIVATE_DATA_RETENTION_DAYS they are cleared;
the printed name, country and place in the list stay. Run daily: `manage.py purge_private_data`, or enqueue the
`purge_private_data` task.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from statements.models import AuditEntry, Invitation, Signature, Statement

PRIVATE_FIELDS = {"contact_name": "", "contact_email": "", "comment": "", "ip_address": None, "user_agent": ""}


@dataclass
class PurgeResult:
    days: int
    signatures: int = 0
    decline_reasons: int = 0
    statements: list = field(default_factory=list)
    login_attempts: int = 0

    def as_dict(self):
        return {
            "days": self.days,
            "signatures": self.signatures,
            "decline_reasons": self.decline_reasons,
            "statements": self.statements,
            "login_attempts": self.login_attempts,
        }


def _due(cutoff):
    # A late signature (added after publication) keeps its details for the full period from when it was given.
    return Signature.objects.filter(
        statement__published_at__isnull=False,
        statement__published_at__lte=cutoff,
        created_at__lte=cutoff,
        contact_purged_at__isnull=True,
    )


def _due_declines(cutoff):
    # Why an organisation said no ("our director is in detention") is as private as a signer's comment.
    return (
        Invitation.objects.filter(statement__published_at__isnull=False, statement__published_at__lte=cutoff)
        .filter(Q(answered_at__lte=cutoff) | Q(answered_at__isnull=True))
        .exclude(decline_reason="")
    )


def purge(days=None, *, now=None, dry_run=False):
    days = settings.PRIVATE_DATA_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    result = PurgeResult(days=days)
    statement_ids = sorted(
        set(_due(cutoff).values_list("statement_id", flat=True))
        | set(_due_declines(cutoff).values_list("statement_id", flat=True))
    )
    for statement_id in statement_ids:
        with transaction.atomic():
            statement = Statement.objects.select_for_update().get(pk=statement_id)
            due = _due(cutoff).filter(statement=statement)
            declines = _due_declines(cutoff).filter(statement=statement)
            if dry_run:
                count, reasons = due.count(), declines.count()
            else:
                count = due.update(contact_purged_at=now, **PRIVATE_FIELDS)
                reasons = declines.update(decline_reason="")
            if not dry_run and (count or reasons):
                AuditEntry.objects.create(
                    network=statement.network,
                    statement=statement,
                    actor_label="purge_private_data",
                    action=AuditEntry.Action.PURGE,
                    detail={"signatures": count, "decline_reasons": reasons, "retention_days": days},
                )
        result.signatures += count
        result.decline_reasons += reasons
        result.statements.append(statement.slug)
    # django-axes keeps the address, browser and typed username of failed logins; after the same period they
    # are no longer needed for a lockout.
    attempts = AccessAttempt.objects.filter(attempt_time__lte=cutoff)
    failures = AccessFailureLog.objects.filter(attempt_time__lte=cutoff)
    if dry_run:
        result.login_attempts = attempts.count() + failures.count()
    else:
        result.login_attempts = attempts.delete()[0] + failures.delete()[0]
    return result


@task()
def purge_private_data(days=None):
    return purge(days).as_dict()
