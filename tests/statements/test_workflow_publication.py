"""Service tests: closing, ordering, publishing, corrections, late signatures and withdrawal."""

import pytest
from django.core import mail
from django.utils import timezone

from statements import limits, workflow
from statements.models import AuditEntry, Note, PublishedVersion, Signature, Statement
from statements.models.statement import FrozenTextError, text_correction
from tests.workflow_world import publish_ready, published, refresh, sign_as

Status = Statement.Status


def test_close_and_reopen(world):
    with pytest.raises(workflow.WorkflowError):
        workflow.close(world.statement, world.coordinator)
    workflow.open_for_signatures(world.statement, world.coordinator)
    assert workflow.close(world.statement, world.coordinator).status == Status.CLOSED
    assert workflow.reopen(world.statement, world.coordinator).status == Status.OPEN


def test_reorder_initiators_first_then_by_name(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    c = sign_as(world, world.orgs[2], name="Zeta")
    a = sign_as(world, world.orgs[0], name="beta")
    b = sign_as(world, world.orgs[1], name="Alpha")
    workflow.reorder(
        world.statement, world.coordinator, order=Statement.SignatoryOrder.INITIATORS_THEN_NAME, initiators=[c.pk]
    )
    names = list(Signature.objects.filter(statement=world.statement).printed_order().values_list("name", flat=True))
    assert names == ["Zeta", "Alpha", "beta"]
    workflow.reorder(
        world.statement,
        world.coordinator,
        order=Statement.SignatoryOrder.MANUAL,
        sequence=[a.pk, c.pk, b.pk],
        initiators=[],
    )
    names = list(Signature.objects.filter(statement=world.statement).printed_order().values_list("name", flat=True))
    assert names == ["beta", "Zeta", "Alpha"]
    # The coordinators' own sequence still prints initiators first, as the order page says.
    workflow.reorder(
        world.statement,
        world.coordinator,
        order=Statement.SignatoryOrder.MANUAL,
        sequence=[a.pk, c.pk, b.pk],
        initiators=[b.pk],
    )
    names = list(Signature.objects.filter(statement=world.statement).printed_order().values_list("name", flat=True))
    assert names == ["Alpha", "beta", "Zeta"]


def test_publish_stores_the_pdf_and_tells_the_signers(world, django_capture_on_commit_callbacks):
    publish_ready(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        statement = workflow.publish(world.statement, world.coordinator)
    statement = refresh(statement)
    assert statement.status == Status.PUBLISHED and statement.published_at
    version = PublishedVersion.objects.get(statement=statement)
    assert version.number == 1 and version.pdf.read().startswith(b"%PDF")
    assert [m.to for m in mail.outbox] == [["alpha@example.org"]]
    assert statement.get_absolute_url() in mail.outbox[0].body


def test_publish_is_refused_while_open_and_without_signatures(world):
    workflow.open_for_signatures(world.statement, world.coordinator)
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(world.statement, world.coordinator)
    workflow.close(world.statement, world.coordinator)
    with pytest.raises(workflow.WorkflowError, match="signed"):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and not PublishedVersion.objects.exists()


def test_a_failed_render_leaves_the_statement_closed(world, django_capture_on_commit_callbacks, monkeypatch):
    publish_ready(world, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("statements.pdf.versions.create_version", broken)
    with pytest.raises(RuntimeError):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and world.statement.published_at is None
    assert not AuditEntry.objects.filter(to_status="published").exists()


def test_correction_makes_a_new_version_with_its_note(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    fields = {"title": statement.title, "body": "Corrected paragraph.[^a]"}
    notes = [{"key": "a", "text": "A note", "urls": []}]
    with pytest.raises(workflow.WorkflowError, match="correction"):
        workflow.correct(statement, world.coordinator, fields=fields, notes=notes, change_note=" ")
    workflow.correct(statement, world.coordinator, fields=fields, notes=notes, change_note="Fixed a date")
    versions = list(PublishedVersion.objects.filter(statement=statement).order_by("number"))
    assert [v.number for v in versions] == [1, 2] and versions[1].change_note == "Fixed a date"
    assert AuditEntry.objects.filter(action="correct").count() == 1


def test_correction_is_refused_before_publication(world):
    with pytest.raises(workflow.WorkflowError):
        workflow.correct(world.statement, world.coordinator, fields={"body": "X."}, notes=[], change_note="x")


def test_signing_after_publication_adds_an_additional_signatory(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    late = workflow.add_signature_by_hand(
        statement, world.coordinator, organisation=world.orgs[1], name="Beta Watch", country="Russia"
    )
    assert late.is_additional and late.additional_date == timezone.localdate()
    assert PublishedVersion.objects.filter(statement=statement).count() == 2
    assert "Beta Watch" in PublishedVersion.objects.get(statement=statement, number=2).change_note


def test_after_publication_signers_cannot_add_themselves(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    with pytest.raises(workflow.WorkflowError, match="open for signatures"):
        workflow.sign(statement, world.orgs[1], name="Beta Watch", country="Russia")
    assert not Signature.objects.filter(statement=statement, organisation=world.orgs[1]).exists()
    assert PublishedVersion.objects.filter(statement=statement).count() == 1


def test_after_publication_only_coordinators_withdraw_signatures(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    signature = Signature.objects.get(statement=statement)
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_signature(signature)
    workflow.withdraw_signature(signature, user=world.coordinator, by_coordinator=True)
    assert refresh(signature).status == Signature.Status.WITHDRAWN
    assert PublishedVersion.objects.filter(statement=statement).count() == 2


def test_withdraw_a_published_statement(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_statement(statement, world.coordinator, note="")
    workflow.withdraw_statement(statement, world.coordinator, note="Facts were wrong")
    statement = refresh(statement)
    assert statement.status == Status.WITHDRAWN and statement.withdrawal_note == "Facts were wrong"
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw_statement(statement, world.coordinator, note="again")


def test_publish_refuses_signatures_of_an_earlier_text_unless_confirmed(world, django_capture_on_commit_callbacks):
    publish_ready(world, django_capture_on_commit_callbacks)
    fields = {"title": world.statement.title, "date": world.statement.date, "body": "A changed text."}
    workflow.update_text(world.statement, world.coordinator, fields=fields, notes=[])
    with pytest.raises(workflow.WorkflowError, match="Alpha Rights signed an earlier version"):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and not PublishedVersion.objects.exists()
    workflow.publish(world.statement, world.coordinator, include_outdated=True)
    assert refresh(world.statement).status == Status.PUBLISHED
    entry = AuditEntry.objects.get(to_status="published")
    assert entry.detail["outdated_signatures_included"] == ["Alpha Rights"]


def test_publish_after_the_signer_confirmed_the_changed_text(world, django_capture_on_commit_callbacks):
    publish_ready(world, django_capture_on_commit_callbacks)
    fields = {"title": world.statement.title, "date": world.statement.date, "body": "A changed text."}
    workflow.update_text(world.statement, world.coordinator, fields=fields, notes=[])
    workflow.confirm_revision(Signature.objects.get(), user=world.coordinator, by_coordinator=True)
    assert workflow.publish(world.statement, world.coordinator).status == Status.PUBLISHED


def test_publish_over_the_limits_is_refused_with_a_message(world, django_capture_on_commit_callbacks, monkeypatch):
    publish_ready(world, django_capture_on_commit_callbacks)
    monkeypatch.setattr("statements.limits.MAX_SIGNATORIES", 0)
    with pytest.raises(workflow.WorkflowError, match="PDF cannot be made: There are 1 signatories"):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and not PublishedVersion.objects.exists()


def test_a_correction_over_the_limits_is_refused_and_changes_nothing(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    before = statement.body
    notes = [{"key": f"n{i}", "text": "A note", "urls": []} for i in range(limits.MAX_NOTES + 1)]
    body = " ".join(f"Call [^n{i}]." for i in range(limits.MAX_NOTES + 1))
    with pytest.raises(workflow.WorkflowError, match="notes; the limit is"):
        workflow.correct(statement, world.coordinator, fields={"body": body}, notes=notes, change_note="More notes")
    assert refresh(statement).body == before and PublishedVersion.objects.filter(statement=statement).count() == 1


def test_signers_are_told_of_a_correction(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(
            statement, world.coordinator, fields={"body": "Corrected."}, notes=[], change_note="Fixed the date"
        )
    assert [m.to for m in mail.outbox] == [["alpha@example.org"]]
    assert "Corrected" in mail.outbox[0].subject and "Fixed the date" in mail.outbox[0].body


def test_a_public_text_never_changes_outside_a_correction(world, django_capture_on_commit_callbacks):
    statement = published(world, django_capture_on_commit_callbacks)
    draft = Statement.objects.create(network=world.network, title="Draft", date=statement.date, body="B")
    note = Note.objects.create(statement=draft, key="k", text="draft notes change freely")
    note.text = "still free"
    note.save()
    statement.body = "Silently changed."
    with pytest.raises(FrozenTextError):
        statement.save()
    with pytest.raises(FrozenTextError):
        Statement.objects.filter(pk=statement.pk).update(title="Silently retitled")
    with pytest.raises(FrozenTextError):
        Note.objects.create(statement=statement, key="new", text="A new note")
    with pytest.raises(FrozenTextError):
        Note.objects.bulk_create([Note(statement=statement, key="bulk", text="x")])
    with pytest.raises(FrozenTextError):
        statement.notes.all().delete()
    statement = refresh(statement)
    assert statement.body != "Silently changed." and statement.title != "Silently retitled"
    # What the workflow itself changes on a public statement (not its text) still saves.
    statement.withdrawal_note = "x"
    statement.save(update_fields=["withdrawal_note"])
    with text_correction(statement):
        statement.body = "Corrected through the workflow's own door."
        statement.save()
    assert refresh(statement).body == "Corrected through the workflow's own door."


def test_publish_with_a_house_style_font_that_is_not_installed_is_refused(world, django_capture_on_commit_callbacks):
    publish_ready(world, django_capture_on_commit_callbacks)
    style = world.statement.network.house_style
    style.font_family = "A Font Nobody Installed"
    style.save()
    with pytest.raises(workflow.WorkflowError, match="“A Font Nobody Installed” cannot be found"):
        workflow.publish(world.statement, world.coordinator)
    assert refresh(world.statement).status == Status.CLOSED and not PublishedVersion.objects.exists()
