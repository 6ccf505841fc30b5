"""The audit log: coordinators read their network's, nobody else does, and it never holds tokens or passwords."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from statements import workflow
from statements.models import AuditEntry, Invitation
from statements.views.dashboard import AUDIT_ENTRIES_PER_PAGE
from tests.factories import StatementFactory
from tests.statements.test_views_sign import follow_link, sign_data
from tests.workflow_world import LINK

PASSWORD = "Corr3ct-Horse-Secret-9417"


@pytest.fixture
def audit_url(world):  # noqa: F811
    return reverse("network_audit", args=[world.network.slug])


def test_coordinators_read_their_networks_log_page_by_page(client, world, audit_url):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    for n in range(AUDIT_ENTRIES_PER_PAGE + 5):
        AuditEntry.objects.create(network=world.network, statement=world.statement, action="edit", detail={"n": n})
    other = StatementFactory(network=world.other_network, title="Secret draft elsewhere")
    AuditEntry.objects.create(network=world.other_network, statement=other, action="edit", detail={"n": "other"})

    client.force_login(world.coordinator)
    first = client.get(audit_url)
    assert first.status_code == 200
    page = first.content.decode()
    assert page.count("<tr") == AUDIT_ENTRIES_PER_PAGE + 1  # the header row, then one page of entries
    assert "Secret draft elsewhere" not in page and 'rel="next"' in page
    second = client.get(audit_url, {"page": 2}).content.decode()
    assert "Changed state" in second and "draft → open" in second  # the oldest entry is on the last page
    assert f"<td>{world.coordinator.username}</td>" in second  # who did it

    only = client.get(audit_url, {"statement": world.statement.pk}).content.decode()
    assert "Free the activists" in only
    # A statement of another network cannot be slipped in through the filter.
    assert "Secret draft elsewhere" not in client.get(audit_url, {"statement": other.pk}).content.decode()


@pytest.mark.parametrize("who", ["other_coordinator", "stranger", "representative"])
def test_outsiders_are_refused(client, world, audit_url, who):  # noqa: F811
    user = world.reps[0] if who == "representative" else getattr(world, who)
    client.force_login(user)
    assert client.get(audit_url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, audit_url):
    response = client.get(audit_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_overview_links_to_the_statements_log(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    page = client.get(reverse("coordinate_statement", args=[world.statement.pk])).content.decode()
    assert reverse("network_audit", args=[world.network.slug]) in page


def test_no_token_password_or_contact_address_is_ever_written(client, world, django_capture_on_commit_callbacks):  # noqa: F811
    world.coordinator.set_password(PASSWORD)
    world.coordinator.save()
    workflow.open_for_signatures(world.statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(world.statement, world.coordinator, world.orgs)
    world.links = {}
    for message in mail.outbox:
        invitation = Invitation.objects.get(email=message.to[0], statement=world.statement)
        world.links[invitation.organisation_id] = LINK.search(message.body).group(1)
    secrets = set(world.links.values()) | set(Invitation.objects.values_list("token_hash", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        page = follow_link(client, world, world.orgs[0])
        client.post(page, sign_data(contact_email="very-private@example.net"))
        client.post(follow_link(client, world, world.orgs[1]), {"action": "decline", "reason": "no"})
        client.force_login(world.coordinator)
        client.post(reverse("coordinate_remind", args=[world.statement.pk, Invitation.objects.last().pk]))
    client.logout()
    # A wrong password, and a password typed into the username box by mistake.
    client.post(reverse("login"), {"username": "coord", "password": PASSWORD + "x"})
    client.post(reverse("login"), {"username": PASSWORD, "password": "whatever-else"})

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invite", "sign", "decline", "remind", "login_failed"} <= actions
    dumped = json.dumps([[e.detail, e.actor_label] for e in AuditEntry.objects.all()], ensure_ascii=False)
    for secret in secrets | {PASSWORD, "whatever-else", "very-private@example.net"}:
        assert secret not in dumped
