# ruff: noqa: F811  (pytest fixtures imported from other test modules and named as arguments)
"""The coordinators' overview and action forms: what the tracker shows, which actions it offers, and refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from statements import workflow
from statements.models import PublishedVersion, Signature, Statement
from tests.factories import CaseFactory, NetworkFactory, StatementFactory
from tests.statements.test_views_coordinate_forms import coordinator_client  # noqa: F401
from tests.workflow_world import open_and_invite, sign_as

Status = Statement.Status


def overview(client, statement):
    return client.get(reverse("coordinate_statement", args=[statement.pk])).content.decode()


@pytest.mark.parametrize(
    "name,status,message",
    [
        ("coordinate_invite", Status.DRAFT, "invited only while the statement is open"),
        ("coordinate_add_signature", Status.CLOSED, "Signatures can be added while"),
        ("coordinate_order", Status.PUBLISHED, "ordered only until publication"),
        ("coordinate_correct", Status.OPEN, "Only a published statement can be corrected"),
        ("coordinate_withdraw", Status.WITHDRAWN, "Only a published statement can be withdrawn"),
        ("coordinate_edit", Status.WITHDRAWN, "can no longer be changed"),
    ],
)
def test_forms_that_cannot_succeed_redirect_with_a_message(coordinator_client, world, name, status, message):
    Statement.objects.filter(pk=world.statement.pk).update(status=status)
    for method in (coordinator_client.get, coordinator_client.post):
        response = method(reverse(name, args=[world.statement.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("coordinate_statement", args=[world.statement.pk])
        assert message in response.content.decode()
    assert Statement.objects.get(pk=world.statement.pk).status == status


def test_remind_is_offered_only_when_it_can_work(coordinator_client, world, django_capture_on_commit_callbacks):
    invitation = open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])[world.orgs[0].pk]
    remind_url = reverse("coordinate_remind", args=[world.statement.pk, invitation.pk])
    assert remind_url in overview(coordinator_client, world.statement)
    coordinator_client.post(remind_url)
    page = overview(coordinator_client, world.statement)
    assert remind_url not in page and reverse("coordinate_remind_all", args=[world.statement.pk]) not in page
    # The first sending date stays; the reminder has its own column.
    invitation.refresh_from_db()
    assert invitation.sent_at < invitation.last_reminder_at
    assert timezone.localtime(invitation.last_reminder_at).strftime("%d %b %Y %H:%M").lstrip("0") in page


def test_no_answer_after_the_deadline(coordinator_client, world, django_capture_on_commit_callbacks):
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:2])
    sign_as(world, world.orgs[0])
    page = overview(coordinator_client, world.statement)
    assert "Not opened yet" in page and "did not answer" not in page
    past = timezone.now() - datetime.timedelta(hours=1)
    Statement.objects.filter(pk=world.statement.pk).update(signing_deadline=past)
    page = overview(coordinator_client, world.statement)
    assert "1 did not answer" in page and "(deadline passed)" in page and 'class="no-answer"' in page
    assert reverse("coordinate_remind_all", args=[world.statement.pk]) not in page


def test_the_tracker_shows_the_private_contact_to_coordinators_only(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:1])
    sign_as(world, world.orgs[0], contact_name="Aigul Private", contact_email="aigul-private@example.org")
    assert "Aigul Private" in overview(coordinator_client, world.statement)
    assert "aigul-private@example.org" in overview(coordinator_client, world.statement)
    client.force_login(world.other_coordinator)
    assert client.get(reverse("coordinate_statement", args=[world.statement.pk])).status_code == 404


def change_text(world):
    fields = {"title": world.statement.title, "date": world.statement.date, "body": "A changed text."}
    workflow.update_text(world.statement, world.coordinator, fields=fields, notes=[])


def test_publish_lists_signers_of_an_earlier_text_until_confirmed(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    open_and_invite(world, django_capture_on_commit_callbacks, world.orgs[:2])
    sign_as(world, world.orgs[0])
    sign_as(world, world.orgs[1])
    change_text(world)
    workflow.close(world.statement, world.coordinator)
    publish = reverse("coordinate_publish", args=[world.statement.pk])
    page = overview(coordinator_client, world.statement)
    assert "Confirmed by phone/mail" in page and f'href="{publish}"' in page
    assert 'name="include_outdated"' in coordinator_client.get(publish).content.decode()
    response = coordinator_client.post(publish, follow=True)
    assert "Alpha Rights, Beta Watch signed an earlier version" in response.content.decode()
    # A refusal comes back to the publishing page, where the tick box is.
    assert response.redirect_chain[-1][0] == publish and 'name="include_outdated"' in response.content.decode()
    assert Statement.objects.get(pk=world.statement.pk).status == Status.CLOSED
    # One confirms by phone: the coordinator records it; the other is published on the coordinator's word.
    alpha = Signature.objects.get(organisation=world.orgs[0])
    coordinator_client.post(reverse("coordinate_confirm_signature", args=[world.statement.pk, alpha.pk]))
    alpha.refresh_from_db()
    assert alpha.reconfirmed_at is not None and "confirmed the changed text" in overview(
        coordinator_client, world.statement
    )
    response = coordinator_client.post(publish, follow=True)
    assert "Beta Watch signed an earlier version" in response.content.decode()
    assert "Alpha Rights" not in response.content.decode().split("earlier version")[0].split("Not published:")[-1]
    coordinator_client.post(publish, {"include_outdated": "1"})
    assert Statement.objects.get(pk=world.statement.pk).status == Status.PUBLISHED


def test_add_a_person_by_hand_with_the_private_contact(coordinator_client, world, django_capture_on_commit_callbacks):
    workflow.open_for_signatures(world.statement, world.coordinator)
    url = reverse("coordinate_add_signature", args=[world.statement.pk])
    page = coordinator_client.get(url).content.decode()
    # Another network's member is not offered: that it exists here is that network's business.
    assert "Alpha Rights (member)" in page and "Stranger Org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(world.statement, world.coordinator, [world.stranger_org])
    page = coordinator_client.get(url).content.decode()
    # Invited as an extra organisation, it is offered, after the network's members.
    assert page.index("Alpha Rights (member)") < page.index("Stranger Org")
    response = coordinator_client.post(url, {"organisation": "", "name": "", "country": ""})
    assert "write the name of the person" in response.content.decode() and not Signature.objects.exists()
    coordinator_client.post(
        url,
        {
            "organisation": "",
            "name": "Yevgeniy Zhovtis",
            "country": "Kazakhstan",
            "comment": "By phone",
            "contact_name": "Y. Z.",
            "contact_email": "yz@example.org",
        },
    )
    person = Signature.objects.get()
    assert (person.organisation, person.printed(), person.comment, person.contact_email) == (
        None,
        "Yevgeniy Zhovtis (Kazakhstan)",
        "By phone",
        "yz@example.org",
    )


def test_the_draft_form_lists_public_cases_and_this_networks_own(coordinator_client, world):
    public = CaseFactory(title="A public case")
    StatementFactory(network=NetworkFactory(), status=Status.PUBLISHED).cases.add(public)
    secret = CaseFactory(title="Another network's draft case")
    StatementFactory(network=world.other_network).cases.add(secret)
    own = CaseFactory(title="Our own case")
    world.statement.cases.add(own)
    page = coordinator_client.get(reverse("coordinate_new", args=[world.network.slug])).content.decode()
    assert "A public case" in page and "Our own case" in page and "Another network" not in page


def test_the_preview_looks_like_the_public_page(coordinator_client, world):
    page = coordinator_client.get(reverse("coordinate_preview", args=[world.statement.pk])).content.decode()
    assert '<article class="statement"' in page and 'class="statement-network' in page
    assert world.network.name in page


def test_a_preview_pdf_over_the_limits_says_why(coordinator_client, world, monkeypatch):
    monkeypatch.setattr("statements.limits.MAX_TITLE_CHARS", 3)
    response = coordinator_client.get(reverse("coordinate_preview_pdf", args=[world.statement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("coordinate_preview", args=[world.statement.pk])
    assert "The PDF cannot be made" in response.content.decode() and 'id="problems"' in response.content.decode()


def test_publish_over_the_limits_is_a_message_not_a_500(coordinator_client, world, monkeypatch):
    workflow.open_for_signatures(world.statement, world.coordinator)
    sign_as(world, world.orgs[0])
    workflow.close(world.statement, world.coordinator)
    monkeypatch.setattr("statements.limits.MAX_SIGNATORIES", 0)
    response = coordinator_client.post(reverse("coordinate_publish", args=[world.statement.pk]), follow=True)
    assert response.status_code == 200 and "The PDF cannot be made" in response.content.decode()
    assert not PublishedVersion.objects.exists()


def test_the_audit_page_shows_short_revisions(coordinator_client, world, django_capture_on_commit_callbacks):
    workflow.open_for_signatures(world.statement, world.coordinator)
    before = world.statement.revision_hash()
    change_text(world)
    page = coordinator_client.get(reverse("network_audit", args=[world.network.slug])).content.decode()
    assert f">{before[:12]}</code>" in page and f">{before}<" not in page


def test_a_preview_pdf_with_a_missing_font_says_why(coordinator_client, world):
    style = world.statement.network.house_style
    style.font_family = "A Font Nobody Installed"
    style.save()
    response = coordinator_client.get(reverse("coordinate_preview_pdf", args=[world.statement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("coordinate_preview", args=[world.statement.pk])
    assert "cannot be found" in response.content.decode()
