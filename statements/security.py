"""Who is asking: the client address behind the proxy, and a record of failed logins.

The lead imports this module in StatementsConfig.ready() so the receiver below is connected.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from statements.models import AuditEntry

# The audit log is append-only, so it keeps only the network a failed login came from, not the full address.
IPV4_PREFIX = 24
IPV6_PREFIX = 48
# One IPv6 subscriber usually gets a whole /64 (often more) and may pick any address in it: limits count the /64.
IPV6_CLIENT_PREFIX = 64


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client, trusting exactly settings.TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the client is the
    entry that many places from the right. Anything further left was written by the client and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            found = _valid_ip(forwarded[-hops])
            if found:
                return found
    return _valid_ip(remote) or remote


def limit_key(request):
    """Who a rate limit or login lockout counts against: the client address, or for IPv6 its /64 network.

    Returned as an address (the network's first one, e.g. "2001:db8:1:2::"), since django-axes stores it as one.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:  # an IPv4 client on a dual-stack socket
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False).network_address)


def ip_network(address):
    """The /24 (IPv4) or /48 (IPv6) network of an address: enough to see an attack, not to identify a person."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


@receiver(user_login_failed, dispatch_uid="statements.security.log_login_failure")
def log_login_failure(sender, credentials, request=None, **kwargs):
    """One audit entry per failed login. Never the password: Django masks it in `credentials`, and a username is
    kept only when it names a real account, since people sometimes type their password into the username box."""
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    typed = str(credentials.get(field, credentials.get("username", "")))
    user = user_model._default_manager.filter(**{field: typed}).first() if typed else None
    detail = {"username": typed if user else "", "known_user": user is not None}
    if request is not None:
        detail["network"] = ip_network(client_ip(request))
        detail["path"] = request.path[:200]
        if getattr(request, "axes_locked_out", False):
            detail["locked_out"] = True
    AuditEntry.objects.create(action=AuditEntry.Action.LOGIN_FAILED, actor=user, detail=detail)
