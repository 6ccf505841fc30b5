"""Private details of signers are cleared a set number of days after publication; the public list stays."""

import datetime
import secrets

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from statements.models import AuditEntry, Invitation, Signature
from statements.privacy import purge, purge_private_data
from tests.factories import OrganisationFactory, SignatureFactory, StatementFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def published(days_ago, **kwargs):
    return StatementFactory(
        status="published", published_at=NOW - datetime.timedelta(days=days_ago), with_notes=False, **kwargs
    )


def signature(statement, created_days_ago=200, **kwargs):
    sig = SignatureFactory(
        statement=statement,
        contact_name="Private Person",
        contact_email="private@example.org",
        comment="Please call me on Signal",
        ip_address="203.0.113.9",
        user_agent="Mozilla/5.0 (private)",
        **kwargs,
    )
    Signature.objects.filter(pk=sig.pk).update(created_at=NOW - datetime.timedelta(days=created_days_ago))
    sig.refresh_from_db()
    return sig


def public_part(sig):
    return (sig.name, sig.country, sig.position, sig.status, sig.organisation_id, sig.is_initiator)


def test_old_statements_are_purged_and_the_public_list_stays(settings):
    settings.PRIVATE_DATA_RETENTION_DAYS = 90
    old = published(100)
    recent = published(10)
    draft = StatementFactory(status="open")
    purged = [signature(old, position=n, country="Kazakhstan") for n in range(3)]
    kept = [signature(recent), signature(draft)]
    before = [public_part(s) for s in purged]

    result = purge()

    assert result.signatures == 3
    assert result.statements == [old.slug]
    for sig in purged:
        sig.refresh_from_db()
        assert (sig.contact_name, sig.contact_email, sig.comment, sig.ip_address, sig.user_agent) == (
            "",
            "",
            "",
            None,
            "",
        )
        assert sig.contact_purged_at is not None
    assert [public_part(s) for s in purged] == before
    for sig in kept:
        sig.refresh_from_db()
        assert sig.contact_email == "private@example.org"
        assert sig.ip_address == "203.0.113.9"
        assert sig.contact_purged_at is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.statement == old
    assert entry.network == old.network
    assert entry.detail == {"signatures": 3, "decline_reasons": 0, "retention_days": 90}


def declined(statement, reason, answered_days_ago):
    invitation = Invitation.objects.create(
        statement=statement,
        organisation=OrganisationFactory(),
        email="office@example.org",
        token_hash=secrets.token_hex(32),
        status=Invitation.Status.DECLINED,
        answered_at=NOW - datetime.timedelta(days=answered_days_ago),
        decline_reason=reason,
    )
    return invitation


def test_reasons_for_declining_are_purged_too():
    """A statement with declines only is purged as well; the decline itself (the status) stays."""
    old = published(100)
    recent = published(10)
    purged = declined(old, "Our director is in detention; we cannot sign.", answered_days_ago=120)
    kept = declined(recent, "Not our topic.", answered_days_ago=20)

    result = purge(90)

    assert (result.decline_reasons, result.signatures, result.statements) == (1, 0, [old.slug])
    purged.refresh_from_db()
    kept.refresh_from_db()
    assert (purged.decline_reason, purged.status) == ("", Invitation.Status.DECLINED)
    assert kept.decline_reason == "Not our topic."
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.detail == {"signatures": 0, "decline_reasons": 1, "retention_days": 90}
    assert purge(90).decline_reasons == 0


def test_a_late_signature_keeps_its_details_for_the_full_period():
    statement = published(100)
    early = signature(statement, created_days_ago=120)
    late = signature(statement, created_days_ago=5, is_additional=True)
    purge(90)
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.contact_purged_at is not None
    assert late.contact_email == "private@example.org"


def test_purge_runs_once_per_signature():
    statement = published(100)
    signature(statement)
    assert purge(90).signatures == 1
    assert purge(90).signatures == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).count() == 1


def test_command_with_days(capsys):
    statement = published(40)
    sig = signature(statement, created_days_ago=50)
    call_command("purge_private_data", "--days", "60")
    sig.refresh_from_db()
    assert sig.contact_email == "private@example.org"
    call_command("purge_private_data", "--days", "30", "--dry-run")
    sig.refresh_from_db()
    assert sig.contact_email == "private@example.org"
    assert "Would clear private data of 1 signature(s)" in capsys.readouterr().out
    call_command("purge_private_data", "--days", "30")
    sig.refresh_from_db()
    assert sig.contact_email == ""
    assert "Cleared private data of 1 signature(s) and 0 reason(s) for declining on 1 statement(s)" in (
        capsys.readouterr().out
    )


def test_the_task(settings):
    settings.PRIVATE_DATA_RETENTION_DAYS = 30
    sig = signature(published(40), created_days_ago=50)
    result = purge_private_data.enqueue()
    assert result.return_value["signatures"] == 1
    sig.refresh_from_db()
    assert sig.contact_purged_at is not None


def test_old_login_attempts_are_forgotten():
    old = AccessAttempt.objects.create(
        ip_address="203.0.113.9",
        user_agent="x",
        username="u",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=NOW - datetime.timedelta(days=100))
    AccessAttempt.objects.create(
        ip_address="203.0.113.10",
        user_agent="x",
        username="u",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    assert purge(90).login_attempts == 1
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.10"]
