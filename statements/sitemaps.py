"""sitemap.xml: the public pages search engines should know about."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from statements.models import Statement
from statements.publicity import public_cases, public_organisations


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
        return public_cases().order_by("title")

    def lastmod(self, case):
        return case.last_change


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_organisations().order_by("name")


sitemaps = {
    "pages": StaticSitemap,
    "statements": StatementSitemap,
    "cases": CaseSitemap,
    "organisations": OrganisationSitemap,
}
