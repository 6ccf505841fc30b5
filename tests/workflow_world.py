"""A small world for workflow, view and security tests: a network with its coordinator, three member organisations
with representatives, an outsider network and organisation, and a draft. Helpers drive it through the services.

The world fixture is registered in tests/conftest.py; the helpers are imported from here.
"""

import re
from types import SimpleNamespace

import pytest
from django.core import mail

from statements import workflow
from statements.models import Invitation, Statement
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    StatementFactory,
    UserFactory,
)

Status = Statement.Status
LINK = re.compile(r"https?://[^\s\"<]+/sign/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def world(db):
    coordinator = UserFactory(username="coord")
    network = NetworkFactory(name="Civic Network", short_name="CN")
    network.coordinators.add(coordinator)
    orgs, reps = [], []
    for name in ("Alpha Rights", "Beta Watch", "Gamma Centre"):
        org = OrganisationFactory(name=name)
        MembershipFactory(network=network, organisation=org)
        rep = UserFactory(username=f"rep-{name.split()[0].lower()}")
        org.representatives.add(rep)
        orgs.append(org)
        reps.append(rep)
    other_coordinator = UserFactory(username="other-coord")
    other_network = NetworkFactory(name="Other Network")
    other_network.coordinators.add(other_coordinator)
    stranger_org = OrganisationFactory(name="Stranger Org")
    MembershipFactory(network=other_network, organisation=stranger_org)
    stranger = UserFactory(username="stranger")
    stranger_org.representatives.add(stranger)
    statement = StatementFactory(network=network, title="Free the activists", created_by=coordinator)
    return SimpleNamespace(
        coordinator=coordinator,
        network=network,
        orgs=orgs,
        reps=reps,
        other_coordinator=other_coordinator,
        other_network=other_network,
        stranger_org=stranger_org,
        stranger=stranger,
        statement=statement,
    )


def links_in_outbox():
    return [m for message in mail.outbox for m in LINK.findall(message.body)]


def open_and_invite(world, capture, organisations=None):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with capture(execute=True):
        workflow.invite(world.statement, world.coordinator, organisations or world.orgs)
    return {inv.organisation_id: inv for inv in Invitation.objects.filter(statement=world.statement)}


def sign_as(world, org, **extra):
    data = {"name": org.name, "country": "Kazakhstan", "contact_name": "C", "contact_email": "c@example.org"}
    data.update(extra)
    return workflow.sign(world.statement, org, **data)


def refresh(obj):
    obj.refresh_from_db()
    return obj


def publish_ready(world, capture):
    open_and_invite(world, capture)
    sign_as(world, world.orgs[0], contact_email="alpha@example.org")
    workflow.close(world.statement, world.coordinator)


def published(world, capture):
    publish_ready(world, capture)
    return workflow.publish(world.statement, world.coordinator)


# Drafting
