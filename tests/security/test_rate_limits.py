"""Rate limits on signing answers and reminders (per address, per email domain), and caps on emails.

Over a limit the answer is a 429 page, nothing is saved, and the refusal is an audit entry the coordinators see.
"""

import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from statements import tasks, workflow
from statements.models import AuditEntry, Invitation, Signature
from statements.workflow.invitations import MAX_REMINDERS
from tests.statements.test_views_sign import follow_link, sign_data
from tests.workflow_world import LINK

OTHER_ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def everyone_invited(world, django_capture_on_commit_callbacks):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(world.statement, world.coordinator, world.orgs)
    world.links = {}
    for message in mail.outbox:
        invitation = Invitation.objects.get(email=message.to[0], statement=world.statement)
        world.links[invitation.organisation_id] = LINK.search(message.body).group(1)
    mail.outbox.clear()
    return world


def overview(w):
    client = Client()
    client.force_login(w.coordinator)
    return client.get(reverse("coordinate_statement", args=[w.statement.pk])).content.decode()


def test_signing_answers_over_the_address_limit_are_refused_recorded_and_shown(client, everyone_invited, settings):
    w = everyone_invited
    settings.STATEMENTS_RATE_LIMITS = {"sign_address": "3/h"}
    page = follow_link(client, w, w.orgs[0])
    for _ in range(3):
        assert client.post(page, {"action": "decline", "reason": ""}).status_code == 302
    response = client.post(page, sign_data())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0 and "no-store" in response["Cache-Control"]
    assert "Too many requests" in response.content.decode()
    assert not Signature.objects.exists()

    entry = AuditEntry.objects.get(action=AuditEntry.Action.RATE_LIMITED)
    assert (entry.network, entry.statement) == (w.network, w.statement)
    assert entry.detail["scope"] == "sign" and entry.detail["limit"] == "address"
    assert entry.detail["organisation"] == w.orgs[0].name
    assert entry.detail["address_network"] == "127.0.0.0/24"  # the network, not the address
    dumped = json.dumps(entry.detail) + entry.actor_label
    assert not any(token in dumped for token in w.links.values())
    assert "Rate limit reached" in overview(w)

    # The limit is per address: another address is served.
    other = Client(REMOTE_ADDR=OTHER_ADDRESS)
    other_page = follow_link(other, w, w.orgs[1])
    assert other.post(other_page, sign_data(name="Beta Watch")).status_code == 302
    assert Signature.objects.get().organisation == w.orgs[1]


def test_a_forged_forwarded_for_does_not_bypass_the_signing_limit_behind_one_proxy(client, everyone_invited, settings):
    """The client writes the left of X-Forwarded-For; the proxy appends the address it saw. Only that one counts."""
    w = everyone_invited
    settings.TRUSTED_PROXY_COUNT = 1
    settings.STATEMENTS_RATE_LIMITS = {"sign_address": "3/h"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    page = follow_link(client, w, w.orgs[0])
    for number in range(3):
        forged = f"198.51.100.{number}, 192.0.2.{number}, 203.0.113.50"
        response = client.post(page, {"action": "decline", "reason": ""}, HTTP_X_FORWARDED_FOR=forged, **proxy)
        assert response.status_code == 302
    response = client.post(page, sign_data(), HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.50", **proxy)
    assert response.status_code == 429
    assert not Signature.objects.exists()
    assert AuditEntry.objects.get(action=AuditEntry.Action.RATE_LIMITED).detail["address_network"] == "203.0.113.0/24"
    # Another client behind the same proxy is counted on its own.
    other = Client(**proxy)
    other_page = follow_link(other, w, w.orgs[1])
    response = other.post(other_page, sign_data(name="Beta Watch"), HTTP_X_FORWARDED_FOR="203.0.113.51")
    assert response.status_code == 302


def test_an_ipv6_client_cannot_escape_the_signing_limit_by_changing_address(client, everyone_invited, settings):
    w = everyone_invited
    settings.TRUSTED_PROXY_COUNT = 0
    settings.STATEMENTS_RATE_LIMITS = {"sign_address": "3/h"}
    page = follow_link(client, w, w.orgs[0])
    for number in range(3):
        response = client.post(page, {"action": "decline", "reason": ""}, REMOTE_ADDR=f"2001:db8:9:9::{number + 1:x}")
        assert response.status_code == 302
    assert client.post(page, sign_data(), REMOTE_ADDR="2001:db8:9:9:abcd::1").status_code == 429


def test_each_refused_request_is_recorded(client, everyone_invited, settings):
    settings.STATEMENTS_RATE_LIMITS = {"sign_address": "1/h"}
    page = follow_link(client, everyone_invited, everyone_invited.orgs[0])
    statuses = [client.post(page, sign_data()).status_code for _ in range(4)]
    assert statuses == [302, 429, 429, 429]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RATE_LIMITED).count() == 3


def test_signing_is_limited_per_contact_email_domain(everyone_invited, settings):
    w = everyone_invited
    settings.STATEMENTS_RATE_LIMITS = {"sign_domain": "2/h"}
    results = []
    for n, org in enumerate(w.orgs):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        page = follow_link(client, w, org)
        results.append(client.post(page, sign_data(name=org.name, contact_email=f"person{n}@shared.example")))
    assert [r.status_code for r in results] == [302, 302, 429]
    assert set(Signature.objects.values_list("organisation__name", flat=True)) == {o.name for o in w.orgs[:2]}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RATE_LIMITED)
    assert entry.detail["limit"] == "domain" and entry.detail["domain"] == "shared.example"
    assert "shared.example" in overview(w)


def test_declining_counts_against_the_invitation_email_domain(everyone_invited, settings):
    w = everyone_invited
    settings.STATEMENTS_RATE_LIMITS = {"sign_domain": "1/h"}
    Invitation.objects.filter(statement=w.statement).update(email="contact@one-domain.example")
    first, second = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    assert first.post(follow_link(first, w, w.orgs[0]), {"action": "decline"}).status_code == 302
    assert second.post(follow_link(second, w, w.orgs[1]), {"action": "decline"}).status_code == 429
    assert Invitation.objects.get(organisation=w.orgs[1]).status == Invitation.Status.OPENED


def test_reminders_over_the_address_limit_are_refused(
    client, everyone_invited, settings, django_capture_on_commit_callbacks
):
    w = everyone_invited
    settings.STATEMENTS_RATE_LIMITS = {"remind_address": "2/h"}
    client.force_login(w.coordinator)
    invitations = list(Invitation.objects.filter(statement=w.statement).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("coordinate_remind", args=[w.statement.pk, i.pk])).status_code for i in invitations
        ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert Invitation.objects.get(pk=invitations[2].pk).reminder_count == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RATE_LIMITED)
    assert entry.detail["scope"] == "remind" and entry.actor == w.coordinator
    # "Remind all" is one request against the same counter.
    assert client.post(reverse("coordinate_remind_all", args=[w.statement.pk])).status_code == 429


def test_remind_all_holds_back_reminders_over_a_domain_limit(
    client, everyone_invited, settings, django_capture_on_commit_callbacks
):
    w = everyone_invited
    settings.STATEMENTS_RATE_LIMITS = {"remind_domain": "1/h"}
    Invitation.objects.filter(organisation__in=w.orgs[:2]).update(email="office@shared.example")
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordinate_remind_all", args=[w.statement.pk]), follow=True)
    assert response.status_code == 200
    reminded = set(Invitation.objects.filter(reminder_count=1).values_list("organisation__name", flat=True))
    assert reminded == {"Alpha Rights", "Gamma Centre"}
    assert "Not reminded" in response.content.decode() and "Beta Watch" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RATE_LIMITED)
    assert entry.detail == entry.detail | {"limit": "domain", "domain": "shared.example", "organisation": "Beta Watch"}
    assert len(mail.outbox) == 2


def test_reminders_per_invitation_are_capped(everyone_invited):
    invitation = Invitation.objects.filter(statement=everyone_invited.statement).first()
    Invitation.objects.filter(pk=invitation.pk).update(reminder_count=MAX_REMINDERS)
    with pytest.raises(workflow.WorkflowError, match="no more reminders"):
        workflow.remind(invitation, everyone_invited.coordinator)
    assert workflow.remind_unanswered(everyone_invited.statement, everyone_invited.coordinator) == 2


def test_confirmation_emails_per_signature_are_capped(everyone_invited, django_capture_on_commit_callbacks):
    w = everyone_invited
    org = w.orgs[0]
    for _ in range(tasks.MAX_EMAILS_PER_SIGNATURE + 3):
        with django_capture_on_commit_callbacks(execute=True):
            signature = workflow.sign(
                w.statement, org, name=org.name, country="Kazakhstan", contact_email="signer@example.net"
            )
        workflow.withdraw_signature(signature)
    sent = [m for m in mail.outbox if m.to == ["signer@example.net"]]
    assert len(sent) == tasks.MAX_EMAILS_PER_SIGNATURE
    assert Signature.objects.get(organisation=org).emails_sent == tasks.MAX_EMAILS_PER_SIGNATURE


def test_one_signature_gets_one_confirmation(client, everyone_invited, django_capture_on_commit_callbacks):
    page = follow_link(client, everyone_invited, everyone_invited.orgs[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, sign_data())
        client.post(page, sign_data())  # a double click
    # (Coordinators may get their own notice; the signer gets exactly one confirmation.)
    assert [m.to for m in mail.outbox if "aigul@example.org" in m.to] == [["aigul@example.org"]]


def test_invitation_emails_are_capped(everyone_invited):
    invitation = Invitation.objects.filter(statement=everyone_invited.statement).first()
    Invitation.objects.filter(pk=invitation.pk).update(emails_sent=tasks.MAX_EMAILS_PER_INVITATION)
    assert tasks.deliver(invitation.pk, "reminder") == "capped"
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_database_cache_shares_counters_between_processes(settings):
    """CACHE_URL=db://: the counters are rows in the app's database, which every app server and process uses."""
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    from statements import ratelimit

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "statements_cache"}
    }
    settings.STATEMENTS_RATE_LIMITS = {"sign_domain": "2/h"}
    call_command("createcachetable", verbosity=0)
    assert [ratelimit.count_domains(["a@alpha.example"], "sign", "sign") for _ in range(2)] == [None, None]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM statements_cache")
        assert cursor.fetchone()[0] >= 1
    # A new cache handler, as in another process, sees the same count.
    caches["default"].close()
    del caches["default"]
    assert ratelimit.count_domains(["b@beta.example"], "sign", "sign") is None
    assert ratelimit.count_domains(["a@alpha.example"], "sign", "sign").limit == "domain"


@pytest.mark.django_db
def test_password_reset_emails_are_limited_per_target_email(client, settings):
    from tests.factories import UserFactory

    settings.STATEMENTS_RATE_LIMITS = {"reset_email": "2/h"}
    user = UserFactory(username="coordinator", email="coord@example.org")
    url = reverse("password_reset")
    for number in range(2):
        response = client.post(url, {"email": user.email}, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302
    # Another address, the same inbox (and its case changed): refused, with a message and no email.
    response = client.post(url, {"email": "COORD@example.org"}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many password reset requests. No email was sent" in response.content.decode()
    assert len(mail.outbox) == 2
    # Other people can still reset theirs.
    other = UserFactory(username="other", email="other@example.org")
    assert client.post(url, {"email": other.email}, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(client, settings):
    settings.STATEMENTS_RATE_LIMITS = {"reset_address": "3/h"}
    url = reverse("password_reset")
    for number in range(3):
        assert client.post(url, {"email": f"nobody{number}@example.org"}).status_code == 302
    response = client.post(url, {"email": "nobody9@example.org"})
    assert response.status_code == 429
    assert "try again in" in response.content.decode()
    assert Client(REMOTE_ADDR=OTHER_ADDRESS).post(url, {"email": "nobody9@example.org"}).status_code == 302
