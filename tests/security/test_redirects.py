"""No open redirects, and no field a form does not list can be set by posting it."""

import inspect
import re
from pathlib import Path

import pytest
from django import forms as django_forms
from django.core.cache import cache
from django.urls import reverse

from organisations.models import Organisation
from statements import forms, text_forms, workflow
from statements.models import Signature, Statement
from tests.statements.test_views_coordinate_forms import note_data, statement_data
from tests.statements.test_views_sign import follow_link, invited, sign_data  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
EVIL = "https://evil.example/"
SOURCES = ["config", "organisations", "statements"]


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def assert_local(response):
    assert response.status_code in (301, 302)
    location = response["Location"]
    assert "evil.example" not in location
    assert location.startswith("/") and not location.startswith("//")


def test_login_ignores_a_next_on_another_site(client, world):  # noqa: F811
    world.coordinator.set_password("Corr3ct-Horse-77")
    world.coordinator.save()
    response = client.post(
        reverse("login") + "?next=" + EVIL, {"username": "coord", "password": "Corr3ct-Horse-77", "next": EVIL}
    )
    assert_local(response)
    assert response["Location"] == reverse("dashboard")
    client.logout()
    # The form does not carry the foreign address on either.
    assert "evil.example" not in client.get(reverse("login") + "?next=" + EVIL).content.decode()


@pytest.mark.parametrize("target", [EVIL, "//evil.example/x", "https:evil.example", "\\\\evil.example"])
def test_login_and_logout_ignore_foreign_next(client, world, target):  # noqa: F811
    world.coordinator.set_password("Corr3ct-Horse-77")
    world.coordinator.save()
    assert_local(client.post(reverse("login"), {"username": "coord", "password": "Corr3ct-Horse-77", "next": target}))
    assert_local(client.post(reverse("logout"), {"next": target}))


def test_workflow_views_ignore_next(client, invited):  # noqa: F811
    page = follow_link(client, invited, invited.orgs[0])
    assert_local(client.post(page + "?next=" + EVIL, sign_data() | {"next": EVIL}))
    client.force_login(invited.coordinator)
    pk = invited.statement.pk
    assert_local(client.post(reverse("coordinate_close", args=[pk]) + "?next=" + EVIL, {"next": EVIL}))
    assert_local(client.post(reverse("coordinate_reopen", args=[pk]) + "?next=" + EVIL, {"next": EVIL}))


def _python_sources():
    for folder in SOURCES:
        yield from (ROOT / folder).rglob("*.py")


READS_NEXT = re.compile(r"""(GET|POST|REQUEST|query_params)(\.get\(|\[)\s*["']next["']""")
REDIRECT_FROM_INPUT = re.compile(r"(redirect\(|HttpResponseRedirect\()[^)]*(request\.(GET|POST|META)|HTTP_REFERER)")


def test_every_next_the_code_reads_is_checked():
    """A view that reads `next` itself must run it through url_has_allowed_host_and_scheme."""
    offenders = []
    for path in _python_sources():
        text = path.read_text()
        if READS_NEXT.search(text) and "url_has_allowed_host_and_scheme" not in text:
            offenders.append(str(path.relative_to(ROOT)))
        if REDIRECT_FROM_INPUT.search(text):
            offenders.append(f"{path.relative_to(ROOT)}: redirect built from request input")
    assert offenders == []


def test_model_forms_list_their_fields():
    model_forms = [
        cls
        for module in (forms, text_forms)  # the statement editor's forms live in text_forms
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, django_forms.ModelForm) and cls is not django_forms.ModelForm
    ]
    assert model_forms, "expected the workflow's ModelForms"
    for cls in model_forms:
        assert isinstance(cls._meta.fields, (list, tuple)), cls
        assert cls._meta.exclude is None, cls
        assert not {"status", "network", "slug", "created_by", "published_at"} & set(cls.base_fields), cls


def hostile_extras(world):  # noqa: F811
    return {
        "status": Statement.Status.PUBLISHED,
        "network": world.other_network.pk,
        "slug": "hijacked",
        "created_by": world.other_coordinator.pk,
        "published_at": "2016-12-01T00:00",
        "signed_by": world.other_coordinator.pk,
    }


def test_create_ignores_extra_fields(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    data = statement_data(body="Only paragraph.") | note_data([]) | hostile_extras(world)
    response = client.post(reverse("coordinate_new", args=[world.network.slug]), data)
    statement = Statement.objects.get(title="On the verdict")
    assert response.status_code == 302
    assert statement.network == world.network and statement.status == Statement.Status.DRAFT
    assert statement.slug != "hijacked" and statement.created_by == world.coordinator
    assert statement.published_at is None


def test_edit_ignores_extra_fields(client, world):  # noqa: F811
    client.force_login(world.coordinator)
    statement = world.statement
    data = statement_data(title="Edited title", body="Only paragraph.") | note_data([]) | hostile_extras(world)
    response = client.post(reverse("coordinate_edit", args=[statement.pk]), data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "Edited title"
    assert statement.network == world.network and statement.status == Statement.Status.DRAFT
    assert statement.slug != "hijacked" and statement.published_at is None


def test_sign_ignores_extra_fields(client, invited):  # noqa: F811
    page = follow_link(client, invited, invited.orgs[0])
    extras = hostile_extras(invited) | {
        "status": Signature.Status.WITHDRAWN,
        "is_initiator": "on",
        "is_additional": "on",
        "source": Signature.Source.COORDINATOR,
        "position": "1",
        "organisation": invited.stranger_org.pk,
        "statement": invited.statement.pk + 1,
        "ip_address": "10.9.8.7",
        "user_agent": "forged",
    }
    assert client.post(page, sign_data() | extras, HTTP_USER_AGENT="RealBrowser/1").status_code == 302
    signature = Signature.objects.get()
    assert signature.organisation == invited.orgs[0] and signature.statement == invited.statement
    assert signature.status == Signature.Status.CONFIRMED and signature.source == Signature.Source.INVITATION
    assert signature.signed_by is None and not signature.is_initiator and not signature.is_additional
    assert signature.ip_address == "127.0.0.1" and signature.user_agent == "RealBrowser/1"
    assert not Signature.objects.filter(organisation=invited.stranger_org).exists()
    assert Organisation.objects.get(pk=invited.stranger_org.pk).name == "Stranger Org"


def test_a_representative_cannot_sign_for_another_organisation(client, world):  # noqa: F811
    workflow.open_for_signatures(world.statement, world.coordinator)
    client.force_login(world.reps[0])
    url = reverse("dashboard_sign", args=[world.statement.pk, world.orgs[1].pk])
    assert client.post(url, sign_data()).status_code == 403
    assert not Signature.objects.exists()
