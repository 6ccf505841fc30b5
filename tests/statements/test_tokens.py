import datetime

import pytest
from django.utils import timezone

from statements import tokens
from statements.models import Invitation, Statement
from tests.factories import OrganisationFactory, StatementFactory


@pytest.fixture
def invitation(db):
    statement = StatementFactory(status=Statement.Status.OPEN)
    raw, digest = tokens.new_token()
    invitation = Invitation.objects.create(
        statement=statement, organisation=OrganisationFactory(), email="a@example.org", token_hash=digest
    )
    return invitation, raw


def test_tokens_are_long_random_and_stored_as_a_hash():
    raw, digest = tokens.new_token()
    assert len(raw) >= 43 and len(digest) == 64 and raw not in digest
    assert tokens.hash_token(raw) == digest
    assert len({tokens.new_token()[0] for _ in range(50)}) == 50


def test_a_valid_token_finds_its_invitation(invitation):
    invitation, raw = invitation
    assert tokens.find_invitation(raw) == invitation


@pytest.mark.parametrize("raw", ["", "short", "x" * 43, "../../etc/passwd", "a" * 500, None])
def test_unknown_or_malformed_tokens_find_nothing(invitation, raw):
    assert tokens.find_invitation(raw) is None


def test_a_token_expires_with_the_deadline(invitation):
    invitation, raw = invitation
    Statement.objects.filter(pk=invitation.statement_id).update(
        signing_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert tokens.find_invitation(raw) is None


def test_a_draft_statement_has_no_live_links(invitation):
    invitation, raw = invitation
    Statement.objects.filter(pk=invitation.statement_id).update(status=Statement.Status.DRAFT)
    assert tokens.find_invitation(raw) is None


def test_session_remembers_invitations_boundedly(invitation):
    invitation, _raw = invitation
    session = {}
    tokens.remember(session, invitation)
    assert tokens.remembered(session, invitation.pk) and not tokens.remembered(session, invitation.pk + 1)
    session[tokens.SESSION_KEY] = list(range(1000, 1030))
    tokens.remember(session, invitation)
    assert len(session[tokens.SESSION_KEY]) == 20 and tokens.remembered(session, invitation.pk)


def test_without_a_deadline_a_link_dies_after_its_lifetime(invitation):
    invitation, raw = invitation
    created = timezone.now() - tokens.LINK_LIFETIME + datetime.timedelta(hours=1)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=created)
    assert tokens.find_invitation(raw) == invitation
    Invitation.objects.filter(pk=invitation.pk).update(created_at=created - datetime.timedelta(hours=2))
    assert tokens.find_invitation(raw) is None


def test_a_link_dies_a_month_after_publication(invitation):
    invitation, raw = invitation
    published = timezone.now() - tokens.AFTER_PUBLICATION + datetime.timedelta(hours=1)
    Statement.objects.filter(pk=invitation.statement_id).update(
        status=Statement.Status.PUBLISHED, published_at=published
    )
    assert tokens.find_invitation(raw) == invitation  # the signer may still look at what they signed
    Statement.objects.filter(pk=invitation.statement_id).update(published_at=published - datetime.timedelta(hours=2))
    assert tokens.find_invitation(raw) is None
