"""A failed email send is retried a bounded number of times, recorded, and shown to the coordinators."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import reverse

from statements import tasks, tokens, workflow
from statements.models import AuditEntry, Invitation, Signature
from tests.workflow_world import LINK

BACKEND = "tests.security.test_email_retry."


class FailingBackend(EmailBackend):
    """The mail server refuses every message."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: invitee@private.example")


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends, then delivers to the locmem outbox."""

    failures = 1
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def reset_backends():
    FailingBackend.attempts = FlakyBackend.attempts = 0
    FlakyBackend.failures = 1


def invite(world, capture, orgs=None):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    with capture(execute=True):
        workflow.invite(world.statement, world.coordinator, orgs or world.orgs[:1])
    return Invitation.objects.get(statement=world.statement, organisation=world.orgs[0])


def failures():
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.EMAIL_FAILED).order_by("id"))


def test_a_failing_invitation_is_retried_then_shown_as_failed(world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.EMAIL_BACKEND = BACKEND + "FailingBackend"
    invitation = invite(world, django_capture_on_commit_callbacks)
    assert FailingBackend.attempts == tasks.MAX_ATTEMPTS
    invitation.refresh_from_db()
    assert invitation.email_failures == tasks.MAX_ATTEMPTS and invitation.email_failed_at is not None
    assert invitation.emails_sent == 0
    entries = failures()
    assert [e.detail["attempt"] for e in entries] == [1, 2, 3]
    assert [e.detail["final"] for e in entries] == [False, False, True]
    assert entries[0].detail["error"] == "SMTPServerDisconnected" and entries[0].network == world.network
    # The error text quotes an address; only the exception's class is kept.
    assert all("private.example" not in str(e.detail) for e in entries)

    client = Client()
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinate_statement", args=[world.statement.pk])).content.decode()
    assert "email failed" in page and "no more retries" in page


def test_a_retry_that_works_clears_the_failure_and_its_link_works(world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.EMAIL_BACKEND = BACKEND + "FlakyBackend"
    invitation = invite(world, django_capture_on_commit_callbacks)
    assert FlakyBackend.attempts == 2 and len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.email_failed_at is None and invitation.email_failures == 0 and invitation.emails_sent == 1
    assert [e.detail["final"] for e in failures()] == [False]
    raw = LINK.search(mail.outbox[0].body).group(1)
    assert tokens.find_invitation(raw) == invitation

    client = Client()
    client.force_login(world.coordinator)
    assert "email failed" not in client.get(reverse("coordinate_statement", args=[world.statement.pk])).content.decode()


def test_a_failed_reminder_leaves_the_earlier_link_working(world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    invitation = invite(world, django_capture_on_commit_callbacks)
    raw = LINK.search(mail.outbox[0].body).group(1)
    settings.EMAIL_BACKEND = BACKEND + "FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remind(invitation, world.coordinator)
    assert FailingBackend.attempts == tasks.MAX_ATTEMPTS
    assert tokens.find_invitation(raw) == invitation
    assert Invitation.objects.get(pk=invitation.pk).email_failed_at is not None


def test_with_a_deferring_queue_the_retry_is_enqueued_for_later(world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    invitation = invite(world, django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = BACKEND + "FailingBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    assert tasks.deliver(invitation.pk, "reminder") == "failed"
    [queued] = default_task_backend.results
    assert queued.task.func == tasks.deliver_invitation.func
    assert queued.args == [invitation.pk, "reminder"] and queued.kwargs == {"attempt": 2}
    assert queued.task.run_after is not None and queued.task.run_after > invitation.created_at
    assert "@" not in str(queued.args)  # ids only in the queue, no addresses or tokens


def test_a_failed_confirmation_is_retried_without_using_up_the_cap(world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    invite(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = BACKEND + "FlakyBackend"
    FlakyBackend.attempts = 0
    FlakyBackend.failures = 2
    org = world.orgs[0]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(world.statement, org, name=org.name, country="KZ", contact_email="signer@example.net")
    # (The coordinators' notice of the answer is a separate email.)
    assert [m.to for m in mail.outbox if m.to != [world.coordinator.email]] == [["signer@example.net"]]
    assert Signature.objects.get().emails_sent == 1
    assert [e.detail["email"] for e in failures()] == ["signature_confirmation"] * 2


def test_a_failed_publication_notice_is_retried_for_the_failed_addresses_only(
    world,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    invite(world, django_capture_on_commit_callbacks)
    for n, org in enumerate(world.orgs):
        workflow.sign(world.statement, org, name=org.name, country="KZ", contact_email=f"s{n}@example.net")
    workflow.close(world.statement, world.coordinator)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = BACKEND + "FlakyBackend"
    FlakyBackend.attempts = 0
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(world.statement, world.coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.net", "s1@example.net", "s2@example.net"]
    assert [e.detail["email"] for e in failures()] == ["publication_notice"]
