"""What the public may see besides statements: the cases and organisations that public statements make public.

One definition each, shared by the pages, the sitemap and the search filters, so none of them shows more.
"""

from django.db.models import Count, Max, Q

from organisations.models import Organisation
from statements.models import Case, Signature
from statements.models.statement import PUBLIC_STATUSES

_SIGNED_PUBLICLY = Q(signatures__status=Signature.Status.CONFIRMED, signatures__statement__status__in=PUBLIC_STATUSES)


def public_organisations():
    """Organisations with a confirmed signature on a public statement, with statement_count.

    An organisation that only signed drafts, or was only invited, has no public profile: its name in this site
    would tell who is about to sign.
    """
    return Organisation.objects.annotate(
        statement_count=Count("signatures__statement", filter=_SIGNED_PUBLICLY, distinct=True)
    ).filter(statement_count__gt=0)


def public_cases():
    """Cases that a public statement concerns, with statement_count, latest_date and last_change."""
    public = Q(statements__status__in=PUBLIC_STATUSES)
    return Case.objects.annotate(
        statement_count=Count("statements", filter=public, distinct=True),
        latest_date=Max("statements__date", filter=public),
        last_change=Max("statements__updated_at", filter=public),
    ).filter(statement_count__gt=0)
