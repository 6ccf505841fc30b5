"""One page per person: what their networks are writing and what their organisations are asked to sign."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from organisations.models import Network, Organisation
from statements import access
from statements.models import AuditEntry, Invitation, Signature, Statement

Status = Statement.Status
AUDIT_ENTRIES_PER_PAGE = 50
STATUS_ORDER = [Status.DRAFT, Status.OPEN, Status.CLOSED, Status.PUBLISHED, Status.WITHDRAWN]


def _needs_action(statement, now):
    if statement.status == Status.DRAFT:
        return "draft"
    if statement.status == Status.OPEN and statement.signing_deadline and statement.signing_deadline <= now:
        return "deadline_passed"
    if statement.status == Status.CLOSED:
        return "ready_to_publish"
    return ""


def _coordinator_section(user, now):
    networks = Network.objects.coordinated_by(user)
    statements = (
        Statement.objects.filter(network__in=networks)
        .select_related("network")
        .annotate(
            signed_count=Count("signatures", filter=Q(signatures__status=Signature.Status.CONFIRMED), distinct=True),
            invited_count=Count("invitations", distinct=True),
        )
        .order_by("signing_deadline", "-date", "-id")
    )
    groups = {status: [] for status in STATUS_ORDER}
    for statement in statements[:500]:
        statement.needs_action = _needs_action(statement, now)
        groups[statement.status].append(statement)
    return list(networks), [(Status(status), items) for status, items in groups.items()]


def _representative_section(user):
    organisations = list(user.represented_organisations.all())
    waiting = (
        Invitation.objects.filter(
            organisation__in=organisations,
            statement__status=Status.OPEN,
            status__in=(Invitation.Status.INVITED, Invitation.Status.OPENED),
        )
        .filter(Q(statement__signing_deadline__isnull=True) | Q(statement__signing_deadline__gt=timezone.now()))
        .select_related("statement", "statement__network", "organisation")
        .order_by("statement__signing_deadline", "statement__id")
    )
    signed = (
        Signature.objects.filter(organisation__in=organisations, status=Signature.Status.CONFIRMED)
        .select_related("statement", "statement__network", "organisation")
        .order_by("-statement__date", "-id")[:200]
    )
    return organisations, list(waiting), list(signed)


@login_required
def dashboard(request):
    now = timezone.now()
    networks, groups = _coordinator_section(request.user, now)
    organisations, waiting, signed = _representative_section(request.user)
    return render(
        request,
        "statements/dashboard/dashboard.html",
        {
            "networks": networks,
            "groups": groups,
            "organisations": organisations,
            "waiting": waiting,
            "signed": signed,
            "is_coordinator": bool(networks),
            "is_representative": bool(organisations),
            "Organisation": Organisation,
        },
    )


@login_required
@require_safe
def network_audit(request, network_slug):
    """What happened to a network's statements, newest first; only its coordinators (and staff) may read it."""
    network = access.coordinated_network(request, network_slug)
    entries = AuditEntry.objects.filter(network=network).select_related("actor", "statement")
    statement = None
    statement_id = request.GET.get("statement", "")
    if statement_id.isdigit():
        statement = Statement.objects.filter(network=network, pk=statement_id).first()
        if statement is not None:
            entries = entries.filter(statement=statement)
    page = Paginator(entries, AUDIT_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "statements/dashboard/audit.html",
        {"network": network, "statement": statement, "page": page},
    )
