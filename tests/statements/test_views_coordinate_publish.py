"""Publishing asks first: GET shows what will happen and cannot be undone, only the POST publishes."""

from django.core import mail
from django.urls import reverse

from statements import workflow
from statements.models import PublishedVersion, Statement
from tests.statements.test_views_coordinate_forms import coordinator_client  # noqa: F401
from tests.workflow_world import open_and_invite, sign_as

Status = Statement.Status


def closed_with_signatures(world, capture):  # noqa: F811
    open_and_invite(world, capture, world.orgs)
    sign_as(world, world.orgs[0], contact_email="alpha@example.org")
    sign_as(world, world.orgs[1], contact_email="shared@example.org")
    sign_as(world, world.orgs[2], contact_email="shared@example.org")
    workflow.close(world.statement, world.coordinator)


def test_the_overview_links_to_the_publishing_page_and_the_draft_pdf(
    coordinator_client,  # noqa: F811
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    closed_with_signatures(world, django_capture_on_commit_callbacks)
    page = coordinator_client.get(reverse("coordinate_statement", args=[world.statement.pk])).content.decode()
    publish = reverse("coordinate_publish", args=[world.statement.pk])
    assert f'<a class="btn btn-success" href="{publish}">' in page
    assert f'action="{publish}"' not in page  # no one-click publishing from the overview
    assert reverse("coordinate_preview_pdf", args=[world.statement.pk]) in page


def test_the_publishing_page_says_what_happens_and_changes_nothing(
    coordinator_client,  # noqa: F811
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    closed_with_signatures(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    url = reverse("coordinate_publish", args=[world.statement.pk])
    response = coordinator_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 signatories are printed" in page
    assert "2 signers are emailed" in page  # one email per distinct address
    assert "cannot be undone" in page and "frozen" in page
    assert reverse("coordinate_preview_pdf", args=[world.statement.pk]) in page
    assert 'name="include_outdated"' not in page and 'method="post"' in page
    assert Statement.objects.get(pk=world.statement.pk).status == Status.CLOSED and mail.outbox == []
    assert not PublishedVersion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, follow=True)
    assert "Published." in response.content.decode()
    assert Statement.objects.get(pk=world.statement.pk).status == Status.PUBLISHED
    assert len(mail.outbox) == 2


def test_the_publishing_page_of_an_open_list_sends_back(coordinator_client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    response = coordinator_client.get(reverse("coordinate_publish", args=[world.statement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("coordinate_statement", args=[world.statement.pk])
    assert "close the list first" in response.content.decode()


def test_the_publishing_page_names_signers_of_an_earlier_text(
    coordinator_client,  # noqa: F811
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    closed_with_signatures(world, django_capture_on_commit_callbacks)
    fields = {"title": world.statement.title, "date": world.statement.date, "body": "A changed text."}
    workflow.update_text(world.statement, world.coordinator, fields=fields, notes=[])
    page = coordinator_client.get(reverse("coordinate_publish", args=[world.statement.pk])).content.decode()
    assert "Alpha Rights, Beta Watch, Gamma Centre signed an earlier version" in page
    assert 'name="include_outdated"' in page


def test_nothing_to_publish_offers_no_button(coordinator_client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    workflow.close(world.statement, world.coordinator)
    page = coordinator_client.get(reverse("coordinate_publish", args=[world.statement.pk])).content.decode()
    assert "Nobody has signed yet" in page and "Publish now" not in page
