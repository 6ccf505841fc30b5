"""Public profiles of organisations. Contact details are private and never reach these pages."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

ORGANISATIONS_PER_PAGE = 100


@require_safe
def organisation_list(request):
    from statements.publicity import public_organisations

    organisations = public_organisations().only("name", "slug", "country").order_by("name")
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organisations/organisation_list.html", {"page": page})


@require_safe
def organisation_detail(request, slug):
    from statements.models import Signature, Statement
    from statements.publicity import public_organisations

    # Only organisations that signed a public statement have a profile; the private contact emails are not loaded.
    organisation = get_object_or_404(public_organisations().defer("contact_emails"), slug=slug)
    signed = Signature.objects.filter(organisation=organisation, status=Signature.Status.CONFIRMED)
    statements = (
        Statement.objects.public()
        .filter(pk__in=signed.values("statement"))
        .select_related("network")
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
