from django.shortcuts import get_object_or_404, render

from organisations.models import Organisation


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    from statements.public import statements_signed_by

    return render(
        request,
        "organisations/organisation_detail.html",
        {"organisation": organisation, "statements": statements_signed_by(organisation)},
    )
