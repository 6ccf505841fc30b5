"""Public profiles of organisations. Contact details are private and never reach these pages."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from organisations.models import Organisation

ORGANISATIONS_PER_PAGE = 100


@require_safe
def organisation_list(request):
    from statements.models import Signature
    from statements.models.statement import PUBLIC_STATUSES

    signed = Q(signatures__status=Signature.Status.CONFIRMED, signatures__statement__status__in=PUBLIC_STATUSES)
    organisations = (
        Organisation.objects.annotate(statement_count=Count("signatures", filter=signed, distinct=True))
        .filter(statement_count__gt=0)
        .only("name", "slug", "country")
        .order_by("name")
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organisations/organisation_list.html", {"page": page})


@require_safe
def organisation_detail(request, slug):
    from statements.models import Signature, Statement

    # The private contact emails are not even loaded.
    organisation = get_object_or_404(Organisation.objects.defer("contact_emails"), slug=slug)
    signed = Signature.objects.filter(organisation=organisation, status=Signature.Status.CONFIRMED)
    statements = (
        Statement.objects.public()
        .filter(pk__in=signed.values("statement"))
        .select_related("network")
        .prefetch_related("cases")
        .order_by("-date", "-id")
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.filter(active=True).select_related("network"),
            "statements": statements,
        },
    )
