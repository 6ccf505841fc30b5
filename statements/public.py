"""Queries for the public site, shared by views in both apps."""

from statements.models import Statement


def statements_signed_by(organisation):
    return (
        Statement.objects.public()
        .filter(signatures__organisation=organisation, signatures__status="confirmed")
        .select_related("network")
        .distinct()
    )
