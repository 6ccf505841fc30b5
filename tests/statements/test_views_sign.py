"""The signing form: links, sessions, headers, answers, hostile input, double submission and changed texts."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from statements import workflow
from statements.models import Invitation, Signature, Statement
from tests.workflow_world import LINK


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(world.statement, world.coordinator, world.orgs[:2])
    world.links = {}
    for message in mail.outbox:
        invitation = Invitation.objects.get(email=message.to[0], statement=world.statement)
        world.links[invitation.organisation_id] = LINK.search(message.body).group(1)
    mail.outbox.clear()
    return world


def follow_link(client, world, org):  # noqa: F811
    response = client.get(reverse("sign_token", args=[world.links[org.pk]]))
    assert response.status_code == 302
    return response["Location"]


def sign_data(**overrides):
    data = {
        "action": "sign",
        "name": "Alpha Rights",
        "country": "Kazakhstan",
        "contact_name": "Aigul",
        "contact_email": "aigul@example.org",
        "comment": "",
    }
    data.update(overrides)
    return data


def test_the_link_redirects_to_a_url_without_the_token(client, invited):
    org = invited.orgs[0]
    page_url = follow_link(client, invited, org)
    assert invited.links[org.pk] not in page_url
    response = client.get(page_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    body = response.content.decode()
    assert f"Sign on behalf of {org.name}" in body and invited.statement.title in body
    assert Invitation.objects.get(organisation=org).status == Invitation.Status.OPENED


def test_token_redirect_is_not_cached(client, invited):
    response = client.get(reverse("sign_token", args=[invited.links[invited.orgs[0].pk]]))
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("token", ["A" * 43, "nonsense", "-" * 43])
def test_unknown_tokens_get_404(client, invited, token):
    assert client.get(reverse("sign_token", args=[token])).status_code == 404


def test_expired_token_gets_the_same_404(client, invited):
    Statement.objects.filter(pk=invited.statement.pk).update(signing_deadline=timezone.now() - datetime.timedelta(1))
    unknown = client.get(reverse("sign_token", args=["B" * 43]))
    expired = client.get(reverse("sign_token", args=[invited.links[invited.orgs[0].pk]]))
    assert expired.status_code == unknown.status_code == 404
    assert expired.content == unknown.content


def test_another_invitation_is_not_reachable_from_this_session(client, invited):
    follow_link(client, invited, invited.orgs[0])
    other = Invitation.objects.get(organisation=invited.orgs[1])
    foreign = client.get(reverse("sign_invitation", args=[other.pk]))
    assert foreign.status_code == 404
    # Someone who pasted the token-less address into another browser learns what to do, and nothing else.
    unknown = client.get(reverse("sign_token", args=["B" * 43]))
    assert foreign.content == unknown.content
    assert "Open the link in your invitation email" in foreign.content.decode()
    assert client.post(reverse("sign_invitation", args=[other.pk]), sign_data()).status_code == 404
    assert not Signature.objects.exists()


def test_sign_through_the_link(client, invited, django_capture_on_commit_callbacks):
    page = follow_link(client, invited, invited.orgs[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, sign_data(comment="Glad to join"), follow=True)
    assert "has signed" in response.content.decode()
    signature = Signature.objects.get()
    assert (signature.name, signature.source, signature.comment) == ("Alpha Rights", "invitation", "Glad to join")
    assert signature.signed_revision == invited.statement.revision_hash()
    assert sorted(m.to for m in mail.outbox) == [["aigul@example.org"], [invited.coordinator.email]]


def test_double_submission_leaves_one_signature_and_a_friendly_page(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data())
    response = client.post(page, sign_data(name="Alpha again"), follow=True)
    assert response.status_code == 200 and "already signed" in response.content.decode()
    assert Signature.objects.get().name == "Alpha Rights"


def test_two_people_of_one_organisation(client, invited, django_capture_on_commit_callbacks):
    from django.test import Client

    page = follow_link(client, invited, invited.orgs[0])
    colleague = Client()
    colleague.force_login(invited.reps[0])
    dashboard_url = reverse("dashboard_sign", args=[invited.statement.pk, invited.orgs[0].pk])
    assert client.post(page, sign_data()).status_code == 302
    response = colleague.post(dashboard_url, sign_data(), follow=True)
    assert "already signed" in response.content.decode()
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "=cmd|' /C calc'!A0"),
        ("name", "+44 Org"),
        ("name", "-Org"),
        ("name", "@Org"),
        ("name", "Org https://spam.example"),
        ("name", "Org www.spam.example"),
        ("country", "=1+1"),
        ("name", "x" * 201),
        ("name", "A"),
        ("contact_email", "not-an-email"),
        ("comment", "c" * 2001),
        ("name", "Org\u202eevil"),
    ],
)
def test_hostile_or_bad_input_saves_nothing(client, invited, field, value):
    page = follow_link(client, invited, invited.orgs[0])
    response = client.post(page, sign_data(**{field: value}))
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_real_name_with_a_dot_is_accepted(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data(name="Humanrights.ch"))
    assert Signature.objects.get().name == "Humanrights.ch"


def test_names_with_markup_are_refused_and_nothing_is_saved(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    response = client.post(page, sign_data(name="Alpha <b>bold</b>"))
    assert response.status_code == 200
    assert "HTML tags are not allowed" in response.content.decode()
    assert not Signature.objects.exists()


def test_decline_with_a_reason(client, invited):
    page = follow_link(client, invited, invited.orgs[1])
    response = client.post(page, {"action": "decline", "reason": "Outside our mandate"}, follow=True)
    assert "does not sign" in response.content.decode()
    invitation = Invitation.objects.get(organisation=invited.orgs[1])
    assert invitation.status == Invitation.Status.DECLINED and invitation.decline_reason == "Outside our mandate"


def test_withdraw_from_the_link_before_publication_only(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data())
    client.post(page, {"action": "withdraw"})
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN
    client.post(page, sign_data())
    Statement.objects.filter(pk=invited.statement.pk).update(status=Statement.Status.PUBLISHED)
    response = client.post(page, {"action": "withdraw"}, follow=True)
    assert "Cannot withdraw a signature" in response.content.decode()
    assert "write to the coordinators" in response.content.decode()
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_signer_of_an_older_text_sees_the_diff_and_confirms(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data())
    fields = {
        "title": invited.statement.title,
        "date": invited.statement.date,
        "body": "First paragraph with a changed call.[^a]\n\nSecond paragraph.",
    }
    workflow.update_text(
        invited.statement,
        invited.coordinator,
        fields=fields,
        notes=[{"key": "a", "text": "A note, see https://example.org/a", "urls": []}],
    )
    content = client.get(page).content.decode()
    assert 'id="outdated"' in content
    assert "<ins" in content and ">changed</ins>" in content
    client.post(page, {"action": "confirm"})
    assert Signature.objects.get().signed_revision == Statement.objects.get().revision_hash()
    assert 'id="outdated"' not in client.get(page).content.decode()


def test_closed_statement_takes_no_signatures(client, invited):
    page = follow_link(client, invited, invited.orgs[0])
    workflow.close(invited.statement, invited.coordinator)
    content = client.get(page).content.decode()
    assert "Signatures are closed" in content
    assert "invites" not in content and "is closed: the list of signatories is no longer open" in content
    client.post(page, sign_data())
    assert not Signature.objects.exists()


# Representatives signing from the dashboard


def test_representative_signs_without_a_token(client, invited):
    client.force_login(invited.reps[0])
    url = reverse("dashboard_sign", args=[invited.statement.pk, invited.orgs[0].pk])
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert page.context["sign_form"].initial["contact_email"] == invited.reps[0].email
    client.post(url, sign_data())
    signature = Signature.objects.get()
    assert signature.source == "dashboard" and signature.signed_by == invited.reps[0]


@pytest.mark.parametrize("role,get,post", [("stranger", 404, 403), ("other_rep", 404, 403), ("coordinator", 404, 403)])
def test_others_cannot_sign_for_an_organisation(client, invited, role, get, post):
    user = {"stranger": invited.stranger, "other_rep": invited.reps[1], "coordinator": invited.coordinator}[role]
    client.force_login(user)
    url = reverse("dashboard_sign", args=[invited.statement.pk, invited.orgs[0].pk])
    assert client.get(url).status_code == get
    assert client.post(url, sign_data()).status_code == post
    assert not Signature.objects.exists()


def test_representative_of_an_organisation_not_concerned(client, invited):
    client.force_login(invited.stranger)
    url = reverse("dashboard_sign", args=[invited.statement.pk, invited.stranger_org.pk])
    assert client.get(url).status_code == 404


def test_anonymous_dashboard_signing_asks_to_log_in(client, invited):
    url = reverse("dashboard_sign", args=[invited.statement.pk, invited.orgs[0].pk])
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_signing_page_shows_the_text_first_and_only_how_many_signed(client, invited):
    workflow.sign(invited.statement, invited.orgs[1], name="Beta Watch Secretly", country="KZ")
    content = client.get(follow_link(client, invited, invited.orgs[0])).content.decode()
    assert "Beta Watch Secretly" not in content and "1 organisation has signed so far." in content
    # The public page's wrapper (notes numbered once, the network's name), then the form after the text.
    assert '<article class="statement"' in content and invited.network.name in content
    assert content.index('id="statement-title"') < content.index('id="sign-form"')


@pytest.mark.parametrize("token", ["C" * 43, "short"])
def test_the_404_of_a_bad_link_is_not_cached_either(client, invited, token):
    response = client.get(reverse("sign_token", args=[token]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_decline_errors_are_visible(client, invited):
    page = follow_link(client, invited, invited.orgs[1])
    response = client.post(page, {"action": "decline", "reason": "x" * 2001})
    content = response.content.decode()
    assert "Nothing was saved" in content and '<details class="mt-4" open>' in content
    assert Invitation.objects.get(organisation=invited.orgs[1]).status == Invitation.Status.OPENED


def test_a_member_left_out_of_the_invitations_cannot_sign_from_the_dashboard(client, invited):
    left_out = invited.orgs[2]  # a member of the network, not invited
    client.force_login(invited.reps[2])
    url = reverse("dashboard_sign", args=[invited.statement.pk, left_out.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, sign_data(name=left_out.name)).status_code == 403
    assert not Signature.objects.exists()
    # Once a coordinator added its signature (it answered by phone), the representative may see and withdraw it.
    workflow.add_signature_by_hand(
        invited.statement, invited.coordinator, organisation=left_out, name=left_out.name, country=""
    )
    assert client.get(url).status_code == 200
    client.post(url, {"action": "withdraw"})
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_the_text_changed_notice_goes_to_the_signers_contact(client, invited, django_capture_on_commit_callbacks):
    page = follow_link(client, invited, invited.orgs[0])
    client.post(page, sign_data(contact_email="signer-contact@example.org"))
    mail.outbox.clear()
    fields = {"title": invited.statement.title, "date": invited.statement.date, "body": "Changed."}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_text(invited.statement, invited.coordinator, fields=fields, notes=[])
    assert [m.to for m in mail.outbox] == [["signer-contact@example.org"]]
    # Its link works, and so does the one of the invitation.
    new_link = LINK.search(mail.outbox[0].body).group(1)
    assert client.get(reverse("sign_token", args=[new_link])).status_code == 302
    assert client.get(reverse("sign_token", args=[invited.links[invited.orgs[0].pk]])).status_code == 302
