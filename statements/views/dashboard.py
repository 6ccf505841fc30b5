"""One page per person: what their networks are writing and what their organisations are asked to sign."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from organisations.models import Network, Organisation
from statements import access
from statements.models import AuditEntry, Invitation, Signature, Statement

Status = Statement.Status
AUDIT_ENTRIES_PER_PAGE = 50
# How the audit page names the details the services record (statements/workflow/base.py audit()).
DETAIL_LABELS = {
    "organisation": _("Organisation"),
    "organisations": _("Organisations"),
    "invitation": _("Invitation"),
    "from_revision": _("Text before"),
    "to_revision": _("Text after"),
    "outdated_signatures": _("Signatures of the earlier text"),
    "signers_emailed": _("Signers emailed to confirm"),
    "outdated_signatures_included": _("Published although they signed an earlier text"),
    "version": _("Version"),
    "change_note": _("What changed"),
    "order": _("Order"),
    "email": _("Email"),
    "attempt": _("Attempt"),
    "error": _("Error"),
    "scope": _("Limit"),
    "limit": _("Per"),
    "domain": _("Mail domain"),
    "address_network": _("Address range"),
    "case": _("Case"),
    "changed": _("Changed fields"),
    "people": _("People"),
    "events": _("Timeline events"),
    "signatures": _("Signatures purged"),
    "decline_reasons": _("Decline reasons purged"),
    "retention_days": _("Days kept"),
    "source": _("Source"),
}
# True flags read as a phrase of their own; false ones say nothing.
DETAIL_FLAGS = {
    "additional": _("additional signatory"),
    "by_coordinator": _("recorded by a coordinator"),
    "final": _("no more retries"),
}
DETAIL_HIDDEN = {"case_id"}  # the case's title is shown
REVISION_KEYS = {"from_revision", "to_revision"}
COUNT_WORDS = {"added": _("added"), "changed": _("changed"), "removed": _("removed")}
EMAIL_KINDS = {
    "invitation": _("invitation"),
    "reminder": _("reminder"),
    "text_changed": _("the text changed"),
    "signature_confirmation": _("signature confirmation"),
    "publication_notice": _("publication notice"),
    "correction_notice": _("correction notice"),
    "answer_notice": _("answer notice to the coordinators"),
}
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


def _open_invitations(organisations, statuses):
    """Invitations of these organisations to statements that can still be signed."""
    return (
        Invitation.objects.filter(organisation__in=organisations, statement__status=Status.OPEN, status__in=statuses)
        .filter(Q(statement__signing_deadline__isnull=True) | Q(statement__signing_deadline__gt=timezone.now()))
        .select_related("statement", "statement__network", "organisation")
        .order_by("statement__signing_deadline", "statement__id")
    )


def _representative_section(user):
    organisations = list(user.represented_organisations.all())
    waiting = _open_invitations(organisations, (Invitation.Status.INVITED, Invitation.Status.OPENED))
    # A decline is not final while the list is open: the signing page lets them sign after all.
    declined = _open_invitations(organisations, (Invitation.Status.DECLINED,))
    signed = (
        Signature.objects.filter(organisation__in=organisations, status=Signature.Status.CONFIRMED)
        .select_related("statement", "statement__network", "organisation")
        .order_by("-statement__date", "-id")[:200]
    )
    return organisations, list(waiting), list(declined), list(signed)


@login_required
def dashboard(request):
    now = timezone.now()
    networks, groups = _coordinator_section(request.user, now)
    organisations, waiting, declined, signed = _representative_section(request.user)
    return render(
        request,
        "statements/dashboard/dashboard.html",
        {
            "networks": networks,
            "groups": groups,
            "organisations": organisations,
            "waiting": waiting,
            "declined": declined,
            "signed": signed,
            "is_coordinator": bool(networks),
            "is_representative": bool(organisations),
            "Organisation": Organisation,
        },
    )


def _readable_value(key, value):
    if isinstance(value, dict):
        return ", ".join(f"{count} {COUNT_WORDS.get(word, word)}" for word, count in value.items() if count)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if key == "order" and value in Statement.SignatoryOrder.values:
        return str(Statement.SignatoryOrder(value).label)
    if key == "email":
        return str(EMAIL_KINDS.get(value, value))
    return str(value)


def readable_detail(detail):
    """An audit entry's details for people: empty and false values left out, known keys named, others as stored."""
    items = []
    for key, value in (detail or {}).items():
        if key in DETAIL_HIDDEN or value in (None, "", False, 0) or value == [] or value == {}:
            continue
        if value is True and key in DETAIL_FLAGS:
            items.append({"label": str(DETAIL_FLAGS[key]), "value": ""})
            continue
        text = _readable_value(key, value)
        if text:
            items.append({"label": str(DETAIL_LABELS.get(key, key)), "value": text, "revision": key in REVISION_KEYS})
    return items


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
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.readable_detail = readable_detail(entry.detail)
    return render(
        request,
        "statements/dashboard/audit.html",
        {"network": network, "statement": statement, "page": page},
    )
