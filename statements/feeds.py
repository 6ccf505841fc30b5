"""The Atom feed: publications, corrections and withdrawals of statements, newest first."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from statements.content import summary_text
from statements.models import PublishedVersion, Statement

FEED_ITEMS = 30


def _at_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


@dataclass
class Entry:
    kind: str  # "published", "corrected" or "withdrawn"
    statement: Statement
    when: datetime.datetime
    version: PublishedVersion | None = None

    @property
    def anchor(self):
        # Also what makes each entry's Atom id unique: the feed uses the link as the id.
        if self.kind == "corrected":
            return f"#version-{self.version.number}"
        if self.kind == "withdrawn":
            return "#withdrawn"
        return ""


def latest_entries(limit=FEED_ITEMS):
    public = Statement.objects.public().select_related("network")
    entries = [
        Entry("published", s, s.published_at or _at_midnight(s.date))
        for s in public.order_by("-published_at", "-date", "-id")[:limit]
    ]
    entries += [
        Entry("withdrawn", s, s.withdrawn_at)
        for s in public.filter(status=Statement.Status.WITHDRAWN, withdrawn_at__isnull=False).order_by("-withdrawn_at")[
            :limit
        ]
    ]
    corrections = (
        PublishedVersion.objects.filter(statement__in=Statement.objects.public(), number__gt=1)
        .select_related("statement__network")
        .order_by("-created_at")[:limit]
    )
    entries += [Entry("corrected", v.statement, v.created_at, v) for v in corrections]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


class StatementFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Statements")

    def subtitle(self):
        return _("Joint statements of human rights networks: publications, corrections and withdrawals.")

    def link(self):
        return reverse("statement_list")

    def items(self):
        return latest_entries()

    def item_title(self, item):
        if item.kind == "corrected":
            # A new version is a correction or a late signatory; its change note, the summary, says which.
            return _("New version (%(number)s): %(title)s") % {
                "number": item.version.number,
                "title": item.statement.title,
            }
        if item.kind == "withdrawn":
            return _("Withdrawn: %(title)s") % {"title": item.statement.title}
        return item.statement.title

    def item_description(self, item):
        # Atom summaries are typed "html": plain text must be escaped once.
        if item.kind == "corrected":
            return escape(item.version.change_note or _("A corrected version was published."))
        if item.kind == "withdrawn":
            return escape(item.statement.withdrawal_note or _("The statement was withdrawn."))
        return escape(summary_text(item.statement))

    def item_link(self, item):
        return item.statement.get_absolute_url() + item.anchor

    def item_guid(self, item):
        # Ids must not change with the host or scheme a reader happened to use, or feed readers repeat entries.
        return settings.SITE_URL + self.item_link(item)

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when

    def item_author_name(self, item):
        return item.statement.network.name

    def item_categories(self, item):
        return [item.kind]
