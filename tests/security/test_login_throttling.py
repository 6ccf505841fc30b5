"""django-axes locks out repeated login failures by client address, read correctly behind one proxy."""

import pytest
from django.test import RequestFactory

from statements.models import AuditEntry
from statements.security import client_ip, ip_network, limit_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def throttled(axes_on, login_template, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def fail(client, username="someone", password="wrong", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def test_repeated_failures_lock_out_and_say_so(client, throttled):
    user = UserFactory(username="coordinator")
    for _ in range(2):
        assert fail(client, "coordinator").status_code == 200
    # The third failure reaches AXES_FAILURE_LIMIT.
    response = fail(client, "coordinator")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "Content-Security-Policy" in response
    # Locked out means locked out: even the right password does not get in.
    response = client.post(LOGIN, {"username": "coordinator", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.pk


def test_without_failures_the_right_password_logs_in(client, throttled):
    UserFactory(username="coordinator")
    fail(client, "coordinator")
    response = client.post(LOGIN, {"username": "coordinator", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_forged_forwarded_for_does_not_bypass_a_direct_connection(client, throttled):
    throttled.TRUSTED_PROXY_COUNT = 0
    for number in range(2):
        response = fail(client, f"user{number}", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    response = fail(client, "user9", HTTP_X_FORWARDED_FOR="198.51.100.99", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


def test_forged_forwarded_for_does_not_bypass_the_proxy(client, throttled):
    """Behind one proxy the client writes the left part of the header and the proxy appends the real address."""
    throttled.TRUSTED_PROXY_COUNT = 1
    for number in range(2):
        forged = f"198.51.100.{number}, 192.0.2.{number}"
        response = fail(client, f"user{number}", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
        assert response.status_code == 200
    response = fail(client, "user9", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    # Another client behind the same proxy is not locked out with them.
    response = fail(client, "user9", HTTP_X_FORWARDED_FOR="203.0.113.10", REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("hops", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (1, "203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.1", "10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.2", "10.0.0.2"),  # a proxy that sent no header: fall back to the peer, never to nothing
        (1, "not-an-address", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::1", "10.0.0.2", "2001:db8::1"),
    ],
)
def test_client_ip(settings, hops, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:203.0.113.9", "203.0.113.9"),  # an IPv4 client on a dual-stack socket
    ],
)
def test_limits_count_an_ipv6_clients_whole_64(settings, remote, expected):
    settings.TRUSTED_PROXY_COUNT = 0
    assert limit_key(RequestFactory().get("/", REMOTE_ADDR=remote)) == expected


def test_other_addresses_in_the_same_ipv6_64_do_not_escape_a_lockout(client, throttled):
    throttled.TRUSTED_PROXY_COUNT = 0
    for number in range(2):
        assert fail(client, f"user{number}", REMOTE_ADDR=f"2001:db8:5:6::{number + 1:x}").status_code == 200
    assert fail(client, "user9", REMOTE_ADDR="2001:db8:5:6:ffff::9").status_code == 429
    # The neighbouring /64 is someone else.
    assert fail(client, "user9", REMOTE_ADDR="2001:db8:5:7::1").status_code == 200


def test_login_failures_are_audited_without_the_password(client, throttled):
    import statements.security  # noqa: F401  (the receiver; StatementsConfig.ready() imports it in the app)

    UserFactory(username="coordinator")
    fail(client, "coordinator", password="s3cret-guess", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="")
    fail(client, "s3cret-typed-as-username", password="s3cret-guess")
    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).order_by("id"))
    assert len(entries) == 2
    assert entries[0].actor.username == "coordinator"
    assert entries[0].detail["username"] == "coordinator"
    assert entries[0].detail["network"] == "203.0.113.0/24"
    # An unknown "username" may be a password typed in the wrong box: it is not kept.
    assert entries[1].actor is None
    assert entries[1].detail["username"] == ""
    everything = repr([(e.actor_label, e.detail) for e in entries])
    assert "s3cret" not in everything
    assert "203.0.113.9" not in everything


def test_the_app_connects_the_audit_receiver():
    """Run in a fresh interpreter: the receiver must be connected by the app itself, not by a test's import."""
    import subprocess
    import sys

    from tests.security.conftest import ROOT

    code = (
        "import django; django.setup(); from django.contrib.auth.signals import user_login_failed;"
        "print(any('log_login_failure' in repr(r) for r in user_login_failed._live_receivers(None)[0]))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True", "import statements.security in StatementsConfig.ready()"


def test_ip_network():
    assert ip_network("203.0.113.9") == "203.0.113.0/24"
    assert ip_network("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert ip_network("garbage") == ""
