"""Invitation tokens: random, stored only as a hash, bound to one invitation, dead after the deadline.

The raw token exists only in the email and in the URL the signer first visits; the database and the task
queue hold the SHA-256 hex digest. An invitation may have several links (the invitation's own in
Invitation.token_hash, one per later email in InvitationLink): all of them work until the invitation expires
(is_expired). Lookup is
by digest, then compared again in constant time so the comparison itself does not leak how much of a guess
matched.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.utils import timezone

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything else is not one of ours and is refused before a query.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
SESSION_KEY = "sign_invitations"
LINK_LIFETIME = timedelta(days=90)
AFTER_PUBLICATION = timedelta(days=30)


def hash_token(raw):
    return hashlib.sha256(raw.encode("ascii")).hexdigest()


def new_token():
    """(raw, digest): the raw token goes into the email, the digest into Invitation.token_hash."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    return raw, hash_token(raw)


def is_expired(invitation, now=None):
    """Links die at the deadline; a month after publication (only coordinators change anything then); and,
    for a statement without a deadline, LINK_LIFETIME after the invitation, so no leaked link lives for ever."""
    now = now or timezone.now()
    statement = invitation.statement
    if statement.signing_deadline is not None and now >= statement.signing_deadline:
        return True
    if statement.published_at is not None and now >= statement.published_at + AFTER_PUBLICATION:
        return True
    return statement.signing_deadline is None and now >= invitation.created_at + LINK_LIFETIME


def find_invitation(raw):
    """The live invitation for a raw token, or None for unknown, malformed or expired tokens alike."""
    from statements.models import Invitation, InvitationLink

    if not isinstance(raw, str) or not TOKEN_SHAPE.match(raw):
        return None
    digest = hash_token(raw)
    invitations = Invitation.objects.select_related("statement", "statement__network", "organisation")
    invitation, stored = invitations.filter(token_hash=digest).first(), None
    if invitation is not None:
        stored = invitation.token_hash
    else:
        link = InvitationLink.objects.filter(token_hash=digest).only("token_hash", "invitation_id").first()
        if link is not None:
            invitation, stored = invitations.filter(pk=link.invitation_id).first(), link.token_hash
    if invitation is None or not hmac.compare_digest(stored, digest):
        return None
    if is_expired(invitation) or invitation.statement.status == invitation.statement.Status.DRAFT:
        return None
    return invitation


def remember(session, invitation):
    """Let this browser use the invitation without the token in the URL."""
    ids = [i for i in session.get(SESSION_KEY, []) if i != invitation.pk]
    # Bounded, so a session cannot grow without limit; the newest link wins.
    session[SESSION_KEY] = (ids + [invitation.pk])[-20:]


def remembered(session, invitation_id):
    return invitation_id in session.get(SESSION_KEY, [])
