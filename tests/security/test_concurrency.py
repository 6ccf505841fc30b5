"""Simultaneous requests on PostgreSQL: many organisations at once, one organisation many times through the
signing form, and publication racing a signature. tests/statements/test_workflow_concurrency.py covers several
service calls for one organisation; this file does not repeat it.

Real threads, each with its own database connection (closed at the end), against committed data.
"""

import json
import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from statements import workflow
from statements.models import Invitation, PublishedVersion, Signature, Statement
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, StatementFactory, UserFactory
from tests.workflow_world import LINK

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so nothing here would run concurrently",
    ),
]


def run_together(count, work):
    """Run work(n) in `count` threads released at once; returns {n: result or exception}."""
    barrier = threading.Barrier(count)
    outcomes = {}

    def target(n):
        try:
            barrier.wait()
            outcomes[n] = work(n)
        except Exception as error:  # noqa: BLE001  (collected and asserted on by the test)
            outcomes[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return outcomes


def test_fifty_organisations_signing_at_once_all_land():
    statement = StatementFactory(status=Statement.Status.OPEN)
    organisations = [OrganisationFactory(name=f"Concurrent Org {n:02d}") for n in range(50)]

    def sign(n):
        org = organisations[n]
        return workflow.sign(statement, org, name=org.name, country="KZ", contact_email=f"s{n}@example.org").pk

    outcomes = run_together(50, sign)
    assert not [o for o in outcomes.values() if isinstance(o, Exception)]
    signatures = Signature.objects.filter(statement=statement, status=Signature.Status.CONFIRMED)
    assert signatures.count() == 50
    assert sorted(signatures.values_list("position", flat=True)) == list(range(1, 51))


def test_ten_submissions_of_the_signing_form_for_one_organisation_leave_one_row():
    cache.clear()
    coordinator = UserFactory()
    network = NetworkFactory()
    network.coordinators.add(coordinator)
    organisation = OrganisationFactory(name="Double Clickers")
    MembershipFactory(network=network, organisation=organisation)
    statement = StatementFactory(network=network)
    workflow.open_for_signatures(statement, coordinator)
    workflow.invite(statement, coordinator, [organisation])  # transaction=True: the email goes out on commit
    link = LINK.search(mail.outbox[-1].body).group(1)
    clients = []
    for _ in range(10):
        client = Client()
        response = client.get(reverse("sign_token", args=[link]))
        clients.append((client, response["Location"]))

    def submit(n):
        client, page = clients[n]
        data = {
            "action": "sign",
            "name": "Double Clickers",
            "country": "Kazakhstan",
            "contact_name": f"Person {n}",
            "contact_email": f"person{n}@example.org",
        }
        return client.post(page, data).status_code

    outcomes = run_together(10, submit)
    assert sorted(outcomes.values()) == [302] * 10, outcomes
    assert Signature.objects.filter(statement=statement, organisation=organisation).count() == 1
    assert Invitation.objects.get(statement=statement).status == Invitation.Status.SIGNED
    cache.clear()


# Start states and signer delays vary the interleaving (sign before the close, between close and publication,
# after publication as an additional signatory); the assertions hold for each, whichever happens.
RACES = [("open", 0, 0), ("closed", 0, 0), ("closed", 0.2, 0), ("closed", 0, 0.2)]


@pytest.mark.parametrize("start,signer_delay,publisher_delay", RACES)
def test_publication_racing_a_signature_includes_it_or_refuses_it(start, signer_delay, publisher_delay):
    coordinator = UserFactory()
    network = NetworkFactory()
    network.coordinators.add(coordinator)
    first, racer = OrganisationFactory(name="First Signer"), OrganisationFactory(name="Racing Signer")
    statement = StatementFactory(network=network)
    workflow.open_for_signatures(statement, coordinator)
    workflow.sign(statement, first, name=first.name, country="KZ")
    if start == "closed":
        workflow.close(statement, coordinator)

    def act(n):
        if n == 0:
            time.sleep(publisher_delay)
            if start == "open":
                workflow.close(statement, coordinator)
            return workflow.publish(statement, coordinator).status
        time.sleep(signer_delay)
        try:
            return workflow.sign(statement, racer, name=racer.name, country="KG").status
        except workflow.WorkflowError as error:
            return f"refused: {error.message}"

    outcomes = run_together(2, act)
    assert outcomes[0] == Statement.Status.PUBLISHED, outcomes
    assert outcomes[1] == Signature.Status.CONFIRMED or outcomes[1].startswith("refused: Cannot sign"), outcomes

    statement.refresh_from_db()
    latest = PublishedVersion.objects.filter(statement=statement).latest()
    printed = json.dumps(latest.content, ensure_ascii=False)
    signed = Signature.objects.filter(statement=statement, organisation=racer, status=Signature.Status.CONFIRMED)
    assert statement.status == Statement.Status.PUBLISHED
    # Either in the latest published version (in the list or as an additional signatory), or not saved at all.
    assert signed.exists() == (racer.name in printed)
    assert "First Signer" in printed
