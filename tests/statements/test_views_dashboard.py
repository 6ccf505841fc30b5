import datetime

from django.urls import reverse
from django.utils import timezone

from statements import workflow
from statements.models import Statement
from tests.factories import StatementFactory


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_coordinator_sees_their_statements_by_state_with_counts(client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs)
    workflow.sign(world.statement, world.orgs[0], name="Alpha", country="")
    Statement.objects.filter(pk=world.statement.pk).update(signing_deadline=timezone.now() - datetime.timedelta(1))
    StatementFactory(network=world.other_network, title="Not mine at all")
    client.force_login(world.coordinator)
    response = client.get(reverse("dashboard"))
    body = response.content.decode()
    assert "Free the activists" in body and "Not mine at all" not in body
    assert "1 / 3" in body and "Deadline passed" in body
    assert reverse("coordinate_new", args=[world.network.slug]) in body
    groups = dict((status.value, items) for status, items in response.context["groups"])
    assert [s.pk for s in groups["open"]] == [world.statement.pk]


def test_representative_sees_waiting_invitations_and_signed_statements(client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs)
    other = StatementFactory(network=world.network, title="Second statement")
    workflow.open_for_signatures(other, world.coordinator)
    workflow.invite(other, world.coordinator, world.orgs[:1])
    workflow.sign(other, world.orgs[0], name="Alpha", country="")
    client.force_login(world.reps[0])
    response = client.get(reverse("dashboard"))
    assert [i.statement_id for i in response.context["waiting"]] == [world.statement.pk]
    assert [s.statement_id for s in response.context["signed"]] == [other.pk]
    body = response.content.decode()
    assert reverse("dashboard_sign", args=[world.statement.pk, world.orgs[0].pk]) in body
    assert "Statements of your networks" not in body


def test_a_user_with_no_role(client, world):  # noqa: F811
    client.force_login(world.stranger)
    world.stranger_org.representatives.remove(world.stranger)
    assert "not yet a coordinator" in client.get(reverse("dashboard")).content.decode()


def test_login_page_and_password_reset(client, world):  # noqa: F811
    from django.core import mail

    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "coord", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    client.logout()
    client.post(reverse("password_reset"), {"email": world.coordinator.email})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_a_declined_statement_stays_on_the_dashboard_and_can_be_signed_after_all(client, world):  # noqa: F811
    from statements.models import AuditEntry, Invitation

    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs[:1])
    invitation = Invitation.objects.get(organisation=world.orgs[0])
    workflow.decline(invitation, reason="Not our mandate", user=world.reps[0])
    client.force_login(world.reps[0])
    response = client.get(reverse("dashboard"))
    sign_url = reverse("dashboard_sign", args=[world.statement.pk, world.orgs[0].pk])
    assert [i.pk for i in response.context["declined"]] == [invitation.pk]
    assert response.context["waiting"] == []
    assert sign_url in response.content.decode() and "Read and sign after all" in response.content.decode()

    page = client.get(sign_url).content.decode()
    assert "You declined earlier" in page and 'id="sign-form"' in page
    data = {"action": "sign", "name": "Alpha Rights", "country": "", "contact_name": "A", "contact_email": "a@x.org"}
    assert client.post(sign_url, data).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.SIGNED
    assert AuditEntry.objects.get(action="sign").detail["invitation"] == "declined → signed"
    response = client.get(reverse("dashboard"))
    assert response.context["declined"] == [] and [s.statement_id for s in response.context["signed"]] == [
        world.statement.pk
    ]


def test_a_decline_of_a_closed_statement_is_not_offered_again(client, world):  # noqa: F811
    from statements.models import Invitation

    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs[:1])
    workflow.decline(Invitation.objects.get(), user=world.reps[0])
    workflow.close(world.statement, world.coordinator)
    client.force_login(world.reps[0])
    response = client.get(reverse("dashboard"))
    assert response.context["declined"] == [] and 'id="declined"' not in response.content.decode()


def test_the_audit_page_shows_details_for_people(client, world):  # noqa: F811
    from statements.models import AuditEntry
    from statements.workflow.base import audit

    workflow.open_for_signatures(world.statement, world.coordinator)
    signature = workflow.sign(world.statement, world.orgs[0], name="Alpha", country="")
    workflow.withdraw_signature(signature, user=world.coordinator, by_coordinator=True)
    workflow.sign(world.statement, world.orgs[1], name="Beta", country="")
    workflow.close(world.statement, world.coordinator)
    workflow.publish(world.statement, world.coordinator)
    audit(world.statement, AuditEntry.Action.EDIT, something_new="kept as stored", people={"added": 2, "removed": 0})
    client.force_login(world.coordinator)
    page = client.get(reverse("network_audit", args=[world.network.slug])).content.decode()
    details = page.split('id="audit"')[1]
    for developer_value in ("outdated_signatures_included", "by_coordinator", "False", "[]", "additional"):
        assert developer_value not in details
    assert "recorded by a coordinator" in details and "Version:</span> 1" in details
    assert "Organisation:</span> Alpha" in details
    assert "something_new:</span> kept as stored" in details and "People:</span> 2 added" in details
    assert "0 removed" not in details
