"""Limits on signing answers, reminders and password-reset emails, per client address (an IPv6 client's /64) and
per email domain or address.

The counters are django-ratelimit's fixed windows in the cache named by settings.RATELIMIT_USE_CACHE ("default").
With several app processes that cache must be shared (Redis, memcached); a per-process cache still limits, but each
process counts on its own. Over the limit, a request is answered with a 429 page and recorded as an AuditEntry that
the network's coordinators see on the statement's overview: nothing is dropped silently.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from statements.models import AuditEntry
from statements.security import client_ip, ip_network, limit_key
from statements.workflow.base import audit

# Generous for people (a network meeting where many members sign from one Wi-Fi stays under them), tight for
# scripts. A domain limit stops the forms being used to mail-bomb one organisation's mail server.
DEFAULT_RATES = {
    "sign_address": "30/h",
    "sign_domain": "30/h",
    "remind_address": "30/h",
    "remind_domain": "20/h",
    # Password reset: a person needs one or two; more would let anyone flood an inbox from the login page.
    "reset_address": "10/h",
    "reset_email": "3/h",
}


@dataclass(frozen=True)
class Exceeded:
    scope: str  # what was asked: "sign", "decline", "remind"
    limit: str  # "address" or "domain"
    domain: str = ""
    retry_after: int = 0  # seconds until the window ends


def rate(kind):
    return {**DEFAULT_RATES, **getattr(settings, "STATEMENTS_RATE_LIMITS", {})}[kind]


def email_domain(email):
    local, at, domain = (email or "").strip().rpartition("@")
    return domain.lower()[:253] if at and local and domain else ""


def _hit(kind, value):
    """Count one use; returns the seconds left in the window when over the limit, else None."""
    usage = get_usage(
        None, group=f"statements.{kind}", key=lambda group, request: value, rate=rate(kind), increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def count_address(request, group, scope):
    over = _hit(f"{group}_address", limit_key(request) or "unknown")
    return None if over is None else Exceeded(scope, "address", retry_after=over)


def count_domains(emails, group, scope):
    """Count against each distinct domain (all of them, so a request over one limit still uses up the others)."""
    exceeded = None
    for domain in sorted({email_domain(e) for e in emails} - {""}):
        over = _hit(f"{group}_domain", domain)
        if over is not None and exceeded is None:
            exceeded = Exceeded(scope, "domain", domain=domain, retry_after=over)
    return exceeded


def check_answer(request, scope, emails):
    """A signing or declining POST, counted against the address and the domains of the contact/invitation emails."""
    address = count_address(request, "sign", scope)
    domain = count_domains(emails, "sign", scope)
    return address or domain


def check_reminder(request, emails):
    address = count_address(request, "remind", "remind")
    domain = count_domains(emails, "remind", "remind")
    return address or domain


def record(request, statement, exceeded, *, organisation=None, user=None):
    """The audit entry coordinators see. Never the token or the full address: the /24 network is enough."""
    return audit(
        statement,
        AuditEntry.Action.RATE_LIMITED,
        actor=user,
        actor_label="" if user is not None and user.is_authenticated else _("signing form"),
        scope=exceeded.scope,
        limit=exceeded.limit,
        domain=exceeded.domain,
        address_network=ip_network(client_ip(request)) if request is not None else "",
        organisation=organisation.name if organisation is not None else "",
    )


def refuse(request, statement, exceeded, *, organisation=None, user=None):
    """Record the refusal and answer 429 with a page that says what happened and when to try again."""
    record(request, statement, exceeded, organisation=organisation, user=user)
    minutes = max(1, (exceeded.retry_after + 59) // 60)
    response = render(
        request,
        "statements/sign/rate_limited.html",
        {"statement": statement, "exceeded": exceeded, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(exceeded.retry_after)
    return response


class ReminderGate:
    """For "remind all": each invitation's domain is counted; refused ones are recorded and listed afterwards."""

    def __init__(self, request, statement):
        self.request = request
        self.statement = statement
        self.refused = []

    def allow(self, invitation):
        exceeded = count_domains([invitation.email], "remind", "remind")
        if exceeded is None:
            return True
        record(self.request, self.statement, exceeded, organisation=invitation.organisation, user=self.request.user)
        self.refused.append(invitation.organisation)
        return False


def check_password_reset(request, email):
    """Count a reset request against the client address and the email it is for (the key is hashed in the cache).

    Counted whether or not the email has an account, so a refusal says nothing about who has one.
    """
    address = count_address(request, "reset", "password_reset")
    over = _hit("reset_email", (email or "").strip().lower() or "none")
    return address or (None if over is None else Exceeded("password_reset", "email", retry_after=over))


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, refusing with a message (HTTP 429) over the limits above; no email is sent."""

    def form_valid(self, form):
        exceeded = check_password_reset(self.request, form.cleaned_data["email"])
        if exceeded is None:
            return super().form_valid(form)
        minutes = max(1, (exceeded.retry_after + 59) // 60)
        form.add_error(
            None,
            ngettext(
                "Too many password reset requests. No email was sent; please try again in %(minutes)d minute.",
                "Too many password reset requests. No email was sent; please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(exceeded.retry_after)
        return response
