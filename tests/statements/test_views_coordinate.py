"""Access to every coordinator screen and action: owner, member (a representative), outsider, anonymous."""

import pytest
from django.urls import reverse

from statements import workflow
from statements.models import Invitation, Signature, Statement

SCREENS = [
    "coordinate_statement",
    "coordinate_edit",
    "coordinate_preview",
    "coordinate_preview_pdf",
    "coordinate_invite",
    "coordinate_add_signature",
    "coordinate_order",
    "coordinate_correct",
    "coordinate_withdraw",
    "coordinate_publish",
]
ACTIONS = [
    "coordinate_open",
    "coordinate_close",
    "coordinate_reopen",
    "coordinate_publish",
    "coordinate_remind_all",
    "coordinate_edit",
    "coordinate_invite",
    "coordinate_add_signature",
    "coordinate_order",
    "coordinate_correct",
    "coordinate_withdraw",
]


@pytest.fixture
def objects(world):  # noqa: F811
    """An open statement with one invitation and one signature, so every URL has its objects."""
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs[:2])
    signature = workflow.sign(world.statement, world.orgs[0], name="Alpha", country="KZ")
    Statement.objects.filter(pk=world.statement.pk).update(status=Statement.Status.DRAFT)
    world.invitation = Invitation.objects.get(organisation=world.orgs[1])
    world.signature = signature
    return world


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def who(world, role):  # noqa: F811
    return {
        "owner": world.coordinator,
        "member": world.reps[0],
        "outsider": world.other_coordinator,
        "anonymous": None,
    }[role]


# Forms that cannot succeed for a draft send the owner back to the overview with a message.
NOT_FOR_DRAFTS = {"coordinate_invite", "coordinate_add_signature", "coordinate_order", "coordinate_correct"}
NOT_FOR_DRAFTS |= {"coordinate_withdraw", "coordinate_publish"}


@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("role,expected", [("owner", 200), ("member", 404), ("outsider", 404), ("anonymous", 302)])
def test_screens_of_a_draft(client, objects, name, role, expected):
    response = as_user(client, who(objects, role)).get(reverse(name, args=[objects.statement.pk]))
    if role == "owner" and name in NOT_FOR_DRAFTS:
        assert response["Location"] == reverse("coordinate_statement", args=[objects.statement.pk])
        return
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("role", ["member", "outsider"])
def test_actions_by_others_are_forbidden_and_change_nothing(client, objects, name, role):
    before = Statement.objects.get(pk=objects.statement.pk).status
    response = as_user(client, who(objects, role)).post(reverse(name, args=[objects.statement.pk]), {})
    assert response.status_code == 403
    assert Statement.objects.get(pk=objects.statement.pk).status == before


@pytest.mark.parametrize("role,expected", [("owner", 302), ("member", 403), ("outsider", 403)])
def test_per_object_actions(client, objects, role, expected):
    Statement.objects.filter(pk=objects.statement.pk).update(status=Statement.Status.OPEN)
    client = as_user(client, who(objects, role))
    pk = objects.statement.pk
    remind = client.post(reverse("coordinate_remind", args=[pk, objects.invitation.pk]))
    confirm = client.post(reverse("coordinate_confirm_signature", args=[pk, objects.signature.pk]))
    withdraw = client.post(reverse("coordinate_withdraw_signature", args=[pk, objects.signature.pk]))
    assert (remind.status_code, confirm.status_code, withdraw.status_code) == (expected, expected, expected)
    objects.signature.refresh_from_db()
    assert (objects.signature.status == Signature.Status.WITHDRAWN) == (role == "owner")


def test_objects_of_another_statement_are_not_found(client, objects):
    from tests.factories import StatementFactory

    mine = StatementFactory(network=objects.network)
    client.force_login(objects.coordinator)
    response = client.post(reverse("coordinate_remind", args=[mine.pk, objects.invitation.pk]))
    assert response.status_code == 404


def test_screens_of_a_public_statement_are_forbidden_to_others(client, objects):
    Statement.objects.filter(pk=objects.statement.pk).update(status=Statement.Status.PUBLISHED)
    client.force_login(objects.other_coordinator)
    assert client.get(reverse("coordinate_statement", args=[objects.statement.pk])).status_code == 403


@pytest.mark.parametrize("role,expected", [("owner", 200), ("member", 403), ("outsider", 403), ("anonymous", 302)])
def test_new_statement_screen(client, world, role, expected):  # noqa: F811
    response = as_user(client, who(world, role)).get(reverse("coordinate_new", args=[world.network.slug]))
    assert response.status_code == expected


def test_staff_may_coordinate_everything(client, objects, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("coordinate_statement", args=[objects.statement.pk])).status_code == 200
