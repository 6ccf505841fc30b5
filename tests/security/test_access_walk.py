"""Every URL of the project, visited by people who have no business with another network's statement.

The URLs are discovered from the resolver, so a new view is walked as soon as it is routed. Its parameters are
filled with real objects of a statement of a network the visitor has nothing to do with (a draft, an open one,
a published one). Unless its name is on the explicit public allow-list below, the answer must be a refusal
(403, 404, 405) or a redirect to a login page, for GET and POST alike, and nothing may change.
"""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse

from statements import tokens
from statements.models import AuditEntry, Invitation, PublishedVersion, Signature, Statement
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    SignatureFactory,
    StatementFactory,
    UserFactory,
)

# Anyone may open these, whatever the parameters: the public site, feeds, and the account pages of django.contrib.auth.
PUBLIC = {
    "home",
    "statement_list",
    "statement_detail",
    "statement_json",
    "statement_pdf",
    "statement_version_pdf",
    "case_list",
    "case_detail",
    "organisation_list",
    "organisation_detail",
    "statement_feed",
    "sitemap",
    "robots",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "admin:logout",
}
# About the visitor's own account: a login is required, then they answer for anyone logged in.
OWN_ACCOUNT = {"dashboard", "password_change", "password_change_done", "coordinate_cases"}
REFUSED = {403, 404, 405}
SECRET = "Secret statement of the Hidden Network"  # the draft's and the open statement's titles
GUESSED_TOKEN = "A" * 43
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name or None, route) for every endpoint, namespaced names as reverse() spells them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_patterns(pattern.url_patterns, route, joined)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route


def build(name, route, values):
    def fill(match):
        param = match.group(1) or match.group(2)
        value = values.get((name, param), values.get(param))
        if value is None:
            raise AssertionError(f"{name or route}: no value for <{param}>; add one to the walk's values")
        return str(value)

    return "/" + PARAMETER.sub(fill, route).replace("^", "").replace("$", "")


@pytest.fixture
def hidden(db):
    """A network with a draft, an open and a published statement, invitations and signatures."""
    coordinator = UserFactory(username="hidden-coordinator")
    network = NetworkFactory(name="Hidden Network", short_name="HN")
    network.coordinators.add(coordinator)
    organisation = OrganisationFactory(name="Hidden Member")
    MembershipFactory(network=network, organisation=organisation)
    case = CaseFactory(title="Hidden case")
    statements = {}
    for status in (Statement.Status.DRAFT, Statement.Status.OPEN, Statement.Status.PUBLISHED):
        title = f"Published statement of {network}" if status == Statement.Status.PUBLISHED else f"{SECRET} ({status})"
        statement = StatementFactory(network=network, title=title, status=status)
        if status == Statement.Status.DRAFT:
            statement.cases.add(case)  # a case known only from a draft is not public either
        invitation = Invitation.objects.create(
            statement=statement,
            organisation=organisation,
            email="hidden@example.org",
            token_hash=tokens.new_token()[1],
        )
        signature = SignatureFactory(statement=statement, organisation=organisation, name="Hidden Member")
        statements[status] = SimpleNamespace(statement=statement, invitation=invitation, signature=signature)
    published = statements[Statement.Status.PUBLISHED].statement
    PublishedVersion.objects.create(statement=published, number=1, content={}, pdf="x.pdf", sha256="0" * 64, size=1)
    return SimpleNamespace(network=network, organisation=organisation, case=case, statements=statements)


@pytest.fixture
def visitors(db):
    other_coordinator = UserFactory(username="outside-coordinator")
    NetworkFactory(name="Outside Network").coordinators.add(other_coordinator)
    representative = UserFactory(username="outside-representative")
    OrganisationFactory(name="Outside Org").representatives.add(representative)
    return {
        "anonymous": None,
        "someone": UserFactory(username="someone"),
        "coordinator of another network": other_coordinator,
        "representative of another organisation": representative,
    }


def values_for(hidden, status):
    target = hidden.statements[status]
    statement = target.statement
    return {
        "pk": statement.pk,
        ("sign_invitation", "pk"): target.invitation.pk,
        "statement_pk": statement.pk,
        "organisation_pk": hidden.organisation.pk,
        "invitation_pk": target.invitation.pk,
        "signature_pk": target.signature.pk,
        "network_slug": hidden.network.slug,
        "slug": statement.slug,
        ("case_detail", "slug"): hidden.case.slug,
        ("organisation_detail", "slug"): hidden.organisation.slug,
        "number": 1,
        "token": GUESSED_TOKEN,
        ("password_reset_confirm", "token"): "set-password",
        "uidb64": "MQ",
        "app_label": "statements",
        "object_id": statement.pk,
        "id": get_user_model().objects.order_by("pk").first().pk,
        "content_type_id": ContentType.objects.get_for_model(Statement).pk,
        "url": "nothing-here/",
    }


def is_login_redirect(response):
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith((reverse("login"), reverse("admin:login")))


def snapshot(hidden):
    return (
        sorted(Statement.objects.filter(network=hidden.network).values_list("pk", "status", "title", "updated_at")),
        sorted(Signature.objects.filter(statement__network=hidden.network).values_list("pk", "status", "name")),
        sorted(Invitation.objects.filter(statement__network=hidden.network).values_list("pk", "status", "token_hash")),
        AuditEntry.objects.filter(network=hidden.network).count(),
    )


@pytest.mark.parametrize("status", [Statement.Status.DRAFT, Statement.Status.OPEN, Statement.Status.PUBLISHED])
def test_every_url_refuses_outsiders(hidden, visitors, status):
    cache.clear()
    values = values_for(hidden, status)
    before = snapshot(hidden)
    problems = []
    walked = 0
    for name, route in url_patterns():
        path = build(name, route, values)
        if name is not None:
            match = resolve(path)
            assert (f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name) == name, path
        for label, user in visitors.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                walked += 1
                assert response.status_code < 500, (path, label, method)
                body = b"" if response.streaming else response.content
                if SECRET.encode() in body:
                    problems.append(f"{method.upper()} {path} as {label}: shows the statement")
                if name in PUBLIC:
                    continue
                if name in OWN_ACCOUNT and user is not None:
                    continue
                if response.status_code in REFUSED or is_login_redirect(response):
                    continue
                problems.append(f"{method.upper()} {path} ({name}) as {label}: {response.status_code}")
    assert problems == []
    assert snapshot(hidden) == before
    assert walked > 300


def test_the_walk_finds_every_workflow_view():
    names = {name for name, _route in url_patterns()}
    expected = {"coordinate_statement", "coordinate_publish", "dashboard_sign", "sign_invitation", "network_audit"}
    assert expected <= names
    assert PUBLIC - {"admin:login", "admin:logout"} <= names, "a public name on the allow-list no longer exists"


def test_the_walk_would_catch_an_unchecked_view(hidden, visitors, settings):
    """A view without a check, routed under a new name, makes the walk report it."""
    from django.http import HttpResponse
    from django.urls import path

    import config.urls

    def careless(request, pk):
        return HttpResponse(Statement.objects.get(pk=pk).title)

    settings.ROOT_URLCONF = type(
        "Urls", (), {"urlpatterns": [*config.urls.urlpatterns, path("careless/<int:pk>/", careless, name="careless")]}
    )
    with pytest.raises(AssertionError, match="careless"):
        test_every_url_refuses_outsiders(hidden, visitors, Statement.Status.DRAFT)
