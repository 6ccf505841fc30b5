"""Coordinator forms: valid input does the transition, invalid or hostile input saves nothing and says why."""

import pytest
from django.core import mail
from django.urls import reverse

from statements import workflow
from statements.models import Invitation, Note, PublishedVersion, Signature, Statement


def note_data(notes, extra=0):
    data = {
        "notes-TOTAL_FORMS": str(len(notes) + extra),
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "100",
    }
    for i, (key, text, order) in enumerate(notes):
        data.update({f"notes-{i}-key": key, f"notes-{i}-text": text, f"notes-{i}-urls": "", f"notes-{i}-ORDER": order})
    return data


def statement_data(**overrides):
    data = {
        "title": "On the verdict",
        "date": "2016-12-01",
        "language": "en",
        "body": "First.[^one]\n\nSecond.[^two]",
        "signatory_order": "manual",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator_client(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    return client


def test_create_a_draft_with_notes_in_the_chosen_order(coordinator_client, world):  # noqa: F811
    data = statement_data() | note_data([("two", "Second note", "2"), ("one", "First note", "1")], extra=1)
    response = coordinator_client.post(reverse("coordinate_new", args=[world.network.slug]), data)
    statement = Statement.objects.get(title="On the verdict")
    assert response.status_code == 302 and response["Location"] == reverse("coordinate_statement", args=[statement.pk])
    assert list(statement.notes.values_list("key", flat=True)) == ["one", "two"]


def test_a_call_without_a_note_is_refused_with_the_paragraph(coordinator_client, world):  # noqa: F811
    data = statement_data() | note_data([("one", "First note", "1")])
    response = coordinator_client.post(reverse("coordinate_new", args=[world.network.slug]), data)
    assert response.status_code == 200
    assert "Paragraph 2 calls [^two]" in response.content.decode()
    assert not Statement.objects.filter(title="On the verdict").exists()
    # The page comes back with a row for the missing note, its key filled in, and the typed note kept.
    notes = response.context["editor"].notes
    assert [form.initial.get("key") for form in notes.initial_forms] == ["one", "two"]
    assert notes.initial_forms[0].initial["text"] == "First note"


def rendered_note_rows(editor):
    """The note rows as the page shows them, posted back unchanged (what the browser sends)."""
    notes = editor.notes
    data = {"notes-TOTAL_FORMS": str(notes.total_form_count()), "notes-INITIAL_FORMS": str(notes.initial_form_count())}
    for form in notes.forms:
        for name in ("key", "text", "urls", "ORDER"):
            value = form.initial.get(name, "")
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def test_an_offered_note_row_is_dropped_when_its_call_is_removed_instead(coordinator_client, world):  # noqa: F811
    url = reverse("coordinate_new", args=[world.network.slug])
    response = coordinator_client.post(url, statement_data() | note_data([("one", "First note", "1")]))
    rows = rendered_note_rows(response.context["editor"])
    assert rows["notes-1-key"] == "two" and rows["notes-1-text"] == ""
    # The coordinator removes the call instead of writing the note, and saves the rows as they are.
    response = coordinator_client.post(url, statement_data(body="First.[^one]\n\nSecond.") | rows)
    assert response.status_code == 302, response.context["editor"].notes.errors
    statement = Statement.objects.get(title="On the verdict")
    assert list(statement.notes.values_list("key", "text")) == [("one", "First note")]


@pytest.mark.parametrize(
    "notes,message",
    [
        # Written but never called: still an error, the text would be lost.
        ([("one", "First note", "1"), ("two", "Second note", "2"), ("three", "Third", "3")], "is never called"),
        # Called but not written: the text is required.
        ([("one", "First note", "1"), ("two", "", "2")], "This field is required"),
    ],
)
def test_note_rows_that_still_matter_are_errors(coordinator_client, world, notes, message):  # noqa: F811
    response = coordinator_client.post(
        reverse("coordinate_new", args=[world.network.slug]), statement_data() | note_data(notes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Statement.objects.filter(title="On the verdict").exists()


@pytest.mark.parametrize(
    "notes,message",
    [
        ([("one", "A", "1"), ("one", "B", "2"), ("two", "C", "3")], "Two notes have the key"),
        ([("bad key", "A", "1"), ("two", "C", "2")], "letters, digits"),
    ],
)
def test_bad_notes_are_refused(coordinator_client, world, notes, message):  # noqa: F811
    response = coordinator_client.post(
        reverse("coordinate_new", args=[world.network.slug]), statement_data() | note_data(notes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Statement.objects.filter(title="On the verdict").exists()


def test_hostile_text_is_escaped_in_the_preview(coordinator_client, world):  # noqa: F811
    Statement.objects.filter(pk=world.statement.pk).update(body="<script>alert(1)</script> text.[^a]")
    response = coordinator_client.get(reverse("coordinate_preview", args=[world.statement.pk]))
    assert b"<script>alert(1)" not in response.content and b"&lt;script&gt;" in response.content


def test_edit_replaces_notes_and_refuses_an_unknown_call(coordinator_client, world):  # noqa: F811
    url = reverse("coordinate_edit", args=[world.statement.pk])
    assert coordinator_client.get(url).status_code == 200
    bad = statement_data(body="Only.[^zzz]") | note_data([("a", "Note", "1")])
    assert coordinator_client.post(url, bad).status_code == 200
    assert world.statement.notes.get().key == "a"
    good = statement_data(body="Only.[^b]") | note_data([("a", "Note", "1"), ("b", "New", "2")])
    good["notes-0-DELETE"] = "on"
    assert coordinator_client.post(url, good).status_code == 302
    assert list(Note.objects.filter(statement=world.statement).values_list("key", flat=True)) == ["b"]


def test_open_then_invite_all_members(coordinator_client, world, django_capture_on_commit_callbacks):  # noqa: F811
    coordinator_client.post(reverse("coordinate_open", args=[world.statement.pk]))
    world.statement.refresh_from_db()
    assert world.statement.status == Statement.Status.OPEN
    url = reverse("coordinate_invite", args=[world.statement.pk])
    page = coordinator_client.get(url).content.decode()
    assert all(org.name in page for org in world.orgs)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"members": [o.pk for o in world.orgs[:2]], "extra": [world.stranger_org.pk]}, follow=True
        )
    assert "Invited 3 organisation(s)." in response.content.decode()
    assert Invitation.objects.filter(statement=world.statement).count() == 3 and len(mail.outbox) == 3
    tracker = coordinator_client.get(reverse("coordinate_statement", args=[world.statement.pk])).content.decode()
    assert "Not opened yet" in tracker and world.stranger_org.name in tracker


def test_invite_all_members_is_one_explicit_choice_not_ticked_boxes(
    coordinator_client,  # noqa: F811
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    workflow.open_for_signatures(world.statement, world.coordinator)
    url = reverse("coordinate_invite", args=[world.statement.pk])
    form = coordinator_client.get(url).context["form"]
    assert form["which_members"].value() == "all" and not form["members"].value()
    assert "All 3 members not yet invited" in str(form["which_members"])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"which_members": "all"})
    assert set(Invitation.objects.values_list("organisation_id", flat=True)) == {o.pk for o in world.orgs}


def test_invite_only_the_ticked_members(coordinator_client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    url = reverse("coordinate_invite", args=[world.statement.pk])
    response = coordinator_client.post(url, {"which_members": "chosen", "members": [world.orgs[1].pk]}, follow=True)
    assert "Invited 1 organisation(s)." in response.content.decode()
    assert list(Invitation.objects.values_list("organisation_id", flat=True)) == [world.orgs[1].pk]


@pytest.mark.parametrize("which", ["all", "none"])
def test_ticks_that_contradict_the_choice_invite_nobody(coordinator_client, world, which):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    url = reverse("coordinate_invite", args=[world.statement.pk])
    response = coordinator_client.post(url, {"which_members": which, "members": [world.orgs[1].pk]})
    assert response.status_code == 200 and "You ticked some members" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_with_nobody_chosen(coordinator_client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    response = coordinator_client.post(reverse("coordinate_invite", args=[world.statement.pk]), {})
    assert "Choose at least one organisation" in response.content.decode()


def test_an_illegal_transition_is_refused_with_a_message(coordinator_client, world):  # noqa: F811
    response = coordinator_client.post(reverse("coordinate_publish", args=[world.statement.pk]), follow=True)
    assert "Cannot publish" in response.content.decode()
    world.statement.refresh_from_db()
    assert world.statement.status == Statement.Status.DRAFT


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "Visit https://evil.example", "www.x.org"])
def test_hostile_names_are_refused_when_added_by_hand(coordinator_client, world, name):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    response = coordinator_client.post(
        reverse("coordinate_add_signature", args=[world.statement.pk]),
        {"organisation": world.orgs[0].pk, "name": name, "country": "KZ"},
    )
    assert response.status_code == 200 and not Signature.objects.exists()
    assert "formula" in response.content.decode() or "Web addresses" in response.content.decode()


def test_add_by_hand_then_close_order_and_publish(coordinator_client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    pk = world.statement.pk
    coordinator_client.post(
        reverse("coordinate_add_signature", args=[pk]), {"organisation": world.orgs[1].pk, "name": "", "country": ""}
    )
    coordinator_client.post(
        reverse("coordinate_add_signature", args=[pk]),
        {"organisation": world.orgs[0].pk, "name": "Humanrights.ch", "country": "Switzerland"},
    )
    beta = Signature.objects.get(organisation=world.orgs[1])
    assert (beta.name, beta.country, beta.source) == ("Beta Watch", "Kazakhstan", "coordinator")
    coordinator_client.post(reverse("coordinate_close", args=[pk]))
    response = coordinator_client.post(
        reverse("coordinate_order", args=[pk]), {"order": "initiators_then_name", "initiators": [beta.pk]}
    )
    assert response.status_code == 302
    assert list(Signature.objects.printed_order().values_list("name", flat=True)) == ["Beta Watch", "Humanrights.ch"]
    response = coordinator_client.post(reverse("coordinate_publish", args=[pk]), follow=True)
    assert "Published." in response.content.decode()
    assert PublishedVersion.objects.filter(statement_id=pk).count() == 1


def test_correction_form_needs_a_note(coordinator_client, world, django_capture_on_commit_callbacks):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.sign(world.statement, world.orgs[0], name="Alpha", country="")
    workflow.close(world.statement, world.coordinator)
    workflow.publish(world.statement, world.coordinator)
    url = reverse("coordinate_correct", args=[world.statement.pk])
    data = {"title": world.statement.title, "body": "Corrected.[^a]"} | note_data([("a", "A note", "1")])
    assert coordinator_client.post(url, data).status_code == 200
    assert PublishedVersion.objects.count() == 1
    assert coordinator_client.post(url, data | {"change_note": "Fixed"}).status_code == 302
    assert PublishedVersion.objects.count() == 2
    # Editing a published statement goes to the correction form.
    assert coordinator_client.get(reverse("coordinate_edit", args=[world.statement.pk]))["Location"] == url


def test_withdraw_form(coordinator_client, world):  # noqa: F811
    Statement.objects.filter(pk=world.statement.pk).update(status=Statement.Status.PUBLISHED)
    url = reverse("coordinate_withdraw", args=[world.statement.pk])
    assert coordinator_client.post(url, {"note": ""}).status_code == 200
    assert coordinator_client.post(url, {"note": "Retracted"}).status_code == 302
    world.statement.refresh_from_db()
    assert world.statement.status == Statement.Status.WITHDRAWN


def test_reminder_buttons(coordinator_client, world, django_capture_on_commit_callbacks):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.invite(world.statement, world.coordinator, world.orgs[:1])
    invitation = Invitation.objects.get()
    url = reverse("coordinate_remind", args=[world.statement.pk, invitation.pk])
    assert "Reminder sent" in coordinator_client.post(url, follow=True).content.decode()
    assert "less than a day ago" in coordinator_client.post(url, follow=True).content.decode()
    response = coordinator_client.post(reverse("coordinate_remind_all", args=[world.statement.pk]), follow=True)
    assert "Sent 0 reminder(s)" in response.content.decode()


def test_editor_errors_are_summed_up_at_the_top_with_links(coordinator_client, world):  # noqa: F811
    data = statement_data(title="") | note_data([("one", "First note", "1"), ("two", "", "2")])
    response = coordinator_client.post(reverse("coordinate_new", args=[world.network.slug]), data)
    html = response.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "The form has 2 problems; nothing was saved." in summary
    assert 'href="#id_title"' in summary and 'href="#id_notes-1-text"' in summary
    assert "Note 2 · Text: This field is required." in summary
    assert 'id="id_title"' in html and 'id="id_notes-1-text"' in html


def test_a_body_error_is_in_the_summary_too(coordinator_client, world):  # noqa: F811
    data = statement_data() | note_data([("one", "First note", "1")])
    html = coordinator_client.post(reverse("coordinate_new", args=[world.network.slug]), data).content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "The form has 1 problem; nothing was saved." in summary
    assert 'href="#id_body"' in summary and "Paragraph 2 calls [^two]" in summary


def test_a_valid_form_has_no_summary(coordinator_client, world):  # noqa: F811
    assert (
        'id="error-summary"'
        not in coordinator_client.get(reverse("coordinate_new", args=[world.network.slug])).content.decode()
    )


def test_saving_a_changed_text_says_who_is_asked_to_confirm(
    coordinator_client,  # noqa: F811
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.invite(world.statement, world.coordinator, world.orgs[:2])
        workflow.sign(world.statement, world.orgs[0], name="Alpha", country="", contact_email="a@example.org")
        workflow.sign(world.statement, world.orgs[1], name="Beta", country="", contact_email="b@example.org")
        workflow.add_signature_by_hand(
            world.statement, world.coordinator, organisation=None, name="A Person", country=""
        )
    mail.outbox.clear()
    url = reverse("coordinate_edit", args=[world.statement.pk])
    data = statement_data(body="A changed text.[^one]") | note_data([("one", "A note", "1")])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Saved. 2 signers of the earlier text are emailed to confirm the new one." in page
    assert "1 signature added by hand is marked" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    # Saving again without a change asks nobody (the page now sends the saved note as an initial row).
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data | {"notes-INITIAL_FORMS": "1"}, follow=True)
    page = response.content.decode()
    assert "Saved." in page and "emailed to confirm" not in page and mail.outbox == []
