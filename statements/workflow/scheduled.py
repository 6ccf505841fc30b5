"""The periodic run: remind before the deadline and close at the deadline where the coordinators asked."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from statements.models import Statement
from statements.models.signatures import UNANSWERED
from statements.workflow.base import WorkflowError
from statements.workflow.invitations import REMINDER_INTERVAL, remind
from statements.workflow.publication import close_at_deadline

DEFAULT_WINDOW = timedelta(hours=72)


def due_reminders(now=None, window=DEFAULT_WINDOW):
    """Unanswered invitations of open statements whose deadline is within the window and that have not been
    reminded since the window began, so a daily run sends one automatic reminder per invitation.

    Invitations younger than a day are left alone: the invitation itself is the reminder.
    """
    now = now or timezone.now()
    from statements.models import Invitation

    return (
        Invitation.objects.filter(
            statement__status=Statement.Status.OPEN,
            statement__signing_deadline__gt=now,
            statement__signing_deadline__lte=now + window,
            status__in=UNANSWERED,
            created_at__lte=now - REMINDER_INTERVAL,
        )
        .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lt=now - window))
        .select_related("statement", "statement__network", "organisation")
    )


def run(now=None, window=DEFAULT_WINDOW, dry_run=False):
    """Returns (number reminded, statements closed)."""
    now = now or timezone.now()
    due = list(due_reminders(now, window))
    if dry_run:
        closing = list(
            Statement.objects.filter(status=Statement.Status.OPEN, close_at_deadline=True, signing_deadline__lte=now)
        )
        return len(due), closing
    reminded = 0
    for invitation in due:
        try:
            remind(invitation, None, now=now)
        except WorkflowError:
            continue
        reminded += 1
    return reminded, close_at_deadline(now)
