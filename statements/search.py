"""Text search over statements: title, body, notes, and the names (with other spellings) of the people concerned.

PostgreSQL gets real full-text search (stemming, websearch syntax) combined with a substring match; other databases
(SQLite in development and tests) get the case-insensitive substring match on every word alone.
"""

from django import forms
from django.db import connection
from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from statements.db_functions import Casefold
from statements.models import Case, Note, Person, Signature, Statement
from statements.publicity import public_organisations

# Statements are mostly English; the stemmer makes "activist" find "activists".
SEARCH_CONFIG = "english"
MAX_QUERY_CHARS = 200
# A menu longer than this weighs more than the results it filters.
MAX_ORGANISATION_CHOICES = 300


def normalise(query):
    return " ".join((query or "").split())[:MAX_QUERY_CHARS]


def uses_full_text():
    return connection.vendor == "postgresql"


def search(queryset, query):
    """Statements of queryset matching query; the queryset unchanged when the query is blank."""
    query = normalise(query)
    if not query:
        return queryset
    if uses_full_text():
        return _full_text(queryset, query)
    return _substring(queryset, query)


def _full_text(queryset, query):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    # Notes are matched in a subquery so a statement with many notes is not repeated in the results.
    note_matches = (
        Note.objects.annotate(document=SearchVector("text", config=SEARCH_CONFIG))
        .filter(document=search_query)
        .values("statement_id")
    )
    stemmed = queryset.annotate(document=SearchVector("title", "body", config=SEARCH_CONFIG)).filter(
        Q(document=search_query) | Q(pk__in=note_matches)
    )
    # The parser keeps "OSCE/ODIHR" and URLs as single tokens, so a search for "ODIHR" would miss them;
    # the substring match finds those and parts of names ("Boka").
    return queryset.filter(Q(pk__in=stemmed.values("pk")) | Q(pk__in=_substring(queryset, query).values("pk")))


def _contains(field, word):
    """field contains word, ignoring case in every script."""
    folded = word.casefold() if connection.vendor == "sqlite" else word.upper()
    return Q(**{f"{field}_folded__contains": folded}), {f"{field}_folded": Casefold(field)}


def _matching(queryset, fields, word):
    condition = Q()
    annotations = {}
    for field in fields:
        match, annotation = _contains(field, word)
        condition |= match
        annotations.update(annotation)
    return queryset.annotate(**annotations).filter(condition)


def _substring(queryset, query):
    # Every word must appear somewhere in the title, the body, a note or the names of the people concerned
    # (not necessarily the same one). Names include other spellings: families search for "Bokaev" too.
    for word in query.split():
        notes = _matching(Note.objects.all(), ["text"], word).values("statement_id")
        people = (
            _matching(Person.objects.all(), ["name", "other_spellings"], word)
            .filter(Q(case__is_sensitive=False) | Q(case__details_public=True))
            .values("case_id")
        )
        about = Statement.cases.through.objects.filter(case_id__in=people).values("statement_id")
        in_text = _matching(Statement.objects.all(), ["title", "body"], word).values("pk")
        queryset = queryset.filter(Q(pk__in=in_text) | Q(pk__in=notes) | Q(pk__in=about))
    return queryset


class StatementSearchForm(forms.Form):
    """The filters of /statements/. Choices come from what is published, so no filter leads to nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_CHARS)
    country = forms.ChoiceField(label=_("Country"), required=False)
    case = forms.ChoiceField(label=_("Case"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    organisation = forms.ChoiceField(label=_("Signatory organisation"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = Statement.objects.public()
        any_choice = [("", _("Any"))]
        countries = {code for code in Case.objects.filter(statements__in=public).values_list("country", flat=True)}
        self.fields["country"].choices = any_choice + sorted(
            ((code, django_countries.name(code) or code) for code in countries), key=lambda c: str(c[1])
        )
        self.fields["case"].choices = any_choice + list(
            Case.objects.filter(statements__in=public).distinct().order_by("title").values_list("slug", "title")
        )
        self.fields["year"].choices = any_choice + [
            (d.year, str(d.year)) for d in public.dates("date", "year", order="DESC")
        ]
        self.fields["organisation"].choices = any_choice + self._organisation_choices()
        languages = public.order_by("language").values_list("language", flat=True).distinct()
        self.fields["language"].choices = any_choice + [(code, _language_name(code)) for code in languages]

    def _organisation_choices(self):
        signers = public_organisations().order_by("name")
        choices = list(signers.values_list("slug", "name")[: MAX_ORGANISATION_CHOICES + 1])
        if len(choices) <= MAX_ORGANISATION_CHOICES:
            return choices
        # Too many for a menu: offer only the organisation already chosen (arriving from its profile page).
        selected = self.data.get("organisation") if self.is_bound else None
        return list(signers.filter(slug=selected).values_list("slug", "name")) if selected else []

    def apply(self, queryset):
        """queryset narrowed by the valid filters; invalid values are ignored rather than emptying the list."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        joined = any(data.get(name) for name in ("country", "case", "organisation"))
        if data.get("country"):
            queryset = queryset.filter(cases__country=data["country"])
        if data.get("case"):
            queryset = queryset.filter(cases__slug=data["case"])
        if data.get("year"):
            queryset = queryset.filter(date__year=data["year"])
        if data.get("organisation"):
            queryset = queryset.filter(
                signatures__organisation__slug=data["organisation"], signatures__status=Signature.Status.CONFIRMED
            )
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        if joined:
            # Joins over cases and signatures can repeat a statement; the subquery keeps each once.
            queryset = Statement.objects.filter(pk__in=queryset.values("pk"))
        return search(queryset, data.get("q"))

    @property
    def has_filters(self):
        """Whether a filter other than the text search narrows the list (call after apply)."""
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields if name != "q")


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
