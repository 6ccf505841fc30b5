"""Reminders before the deadline and closing at the deadline (manage.py send_reminders)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from statements import workflow
from statements.models import AuditEntry, Invitation, Statement
from statements.workflow.scheduled import run
from tests.workflow_world import open_and_invite, refresh, sign_as


def set_deadline(statement, delta, close=False):
    Statement.objects.filter(pk=statement.pk).update(signing_deadline=timezone.now() + delta, close_at_deadline=close)


@pytest.mark.django_db(transaction=True)
def test_reminds_unanswered_invitations_once_when_the_deadline_is_near(world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs)
    sign_as(world, world.orgs[0])
    set_deadline(world.statement, datetime.timedelta(hours=30))
    invited_yesterday(world.statement)
    mail.outbox.clear()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Reminded 2" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Invitation.objects.exclude(organisation=world.orgs[0]).values_list("email", flat=True)
    )
    assert AuditEntry.objects.filter(action="remind", actor=None).count() == 2
    # A second run the same day (or the next) sends nothing more.
    mail.outbox.clear()
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []


def invited_yesterday(statement):
    Invitation.objects.filter(statement=statement).update(created_at=timezone.now() - datetime.timedelta(hours=25))


def test_invitations_younger_than_a_day_are_not_reminded(world, django_capture_on_commit_callbacks):  # noqa: F811
    open_and_invite(world, django_capture_on_commit_callbacks)
    set_deadline(world.statement, datetime.timedelta(hours=30))
    assert run()[0] == 0
    assert not AuditEntry.objects.filter(action="remind").exists()
    invited_yesterday(world.statement)
    assert run()[0] == 3


def test_no_reminders_when_the_deadline_is_far(world, django_capture_on_commit_callbacks):  # noqa: F811
    open_and_invite(world, django_capture_on_commit_callbacks)
    set_deadline(world.statement, datetime.timedelta(days=10))
    assert run()[0] == 0


def test_closes_at_the_deadline_only_when_asked(world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    set_deadline(world.statement, datetime.timedelta(hours=-1), close=False)
    assert run()[1] == []
    assert refresh(world.statement).status == Statement.Status.OPEN
    Statement.objects.filter(pk=world.statement.pk).update(close_at_deadline=True)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "Would close" in out.getvalue() and refresh(world.statement).status == Statement.Status.OPEN
    call_command("send_reminders", stdout=StringIO())
    assert refresh(world.statement).status == Statement.Status.CLOSED
    entry = AuditEntry.objects.get(to_status="closed")
    assert entry.actor is None and entry.actor_label == "deadline"


def test_periodic_task_runs_the_same(world):  # noqa: F811
    from statements.tasks import remind_and_close

    workflow.open_for_signatures(world.statement, world.coordinator)
    set_deadline(world.statement, datetime.timedelta(hours=-1), close=True)
    result = remind_and_close.enqueue()
    assert result.return_value == {"reminded": 0, "closed": [world.statement.pk]}
