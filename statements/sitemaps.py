"""sitemap.xml: the public pages search engines should know about."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from organisations.models import Organisation
from statements.models import Case, Signature, Statement
from statements.models.statement import PUBLIC_STATUSES


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "statement_list", "case_list"]

    def location(self, item):
        return reverse(item)


class StatementSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Statement.objects.public().order_by("-date", "-id")

    def lastmod(self, statement):
        return statement.updated_at


class CaseSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Case.objects.filter(statements__status__in=PUBLIC_STATUSES)
            .annotate(last_change=Max("statements__updated_at"))
            .order_by("title")
        )

    def lastmod(self, case):
        return case.last_change


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Organisation.objects.filter(
                signatures__statement__status__in=PUBLIC_STATUSES, signatures__status=Signature.Status.CONFIRMED
            )
            .distinct()
            .order_by("name")
        )


sitemaps = {
    "pages": StaticSitemap,
    "statements": StatementSitemap,
    "cases": CaseSitemap,
    "organisations": OrganisationSitemap,
}
