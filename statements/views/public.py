"""The public site: what journalists, diplomats and families read. Drafts never get here (404, not 403)."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from organisations.models import Membership
from statements import content
from statements.models import Case, PublishedVersion, Signature, Statement
from statements.publicity import public_cases
from statements.search import MAX_QUERY_CHARS, StatementSearchForm

STATEMENTS_PER_PAGE = 20
CASES_PER_PAGE = 50
HOME_STATEMENTS = 8
# Never part of a public document, whatever an archive or an older export contains.
PRIVATE_KEYS = frozenset({"contact_name", "contact_email", "contact_emails", "comment", "ip_address", "user_agent"})


@require_safe
def home(request):
    statements = list(
        Statement.objects.published().select_related("network").prefetch_related("cases")[:HOME_STATEMENTS]
    )
    cases = {}
    for statement in statements:
        for case in statement.cases.all():
            cases.setdefault(case.pk, case)
    return render(
        request,
        "statements/home.html",
        {"statements": statements, "cases": list(cases.values()), "max_query_chars": MAX_QUERY_CHARS},
    )


@require_safe
def statement_list(request):
    form = StatementSearchForm(request.GET or None)
    statements = form.apply(Statement.objects.public())
    page = Paginator(
        statements.select_related("network").prefetch_related("cases").order_by("-date", "-id"), STATEMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "statements/statement_list.html",
        {"form": form, "page": page, "query_string": _query_without_page(request), "filtered": form.has_filters},
    )


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page_state(request, slug):
    """One query for what the statement page depends on, shared by the ETag and Last-Modified functions."""
    cache = request.__dict__.setdefault("_statement_page_state", {})
    if slug not in cache:
        signatures = Signature.objects.filter(statement=OuterRef("pk")).values("statement")
        confirmed = signatures.filter(status=Signature.Status.CONFIRMED)
        versions = PublishedVersion.objects.filter(statement=OuterRef("pk")).values("statement")
        members = Membership.objects.filter(network=OuterRef("network"), active=True).values("network")
        cache[slug] = (
            Statement.objects.public()
            .filter(slug=slug)
            .annotate(
                last_signature=Subquery(signatures.annotate(m=Max("created_at")).values("m")),
                last_signed=Subquery(signatures.annotate(m=Max("signed_at")).values("m")),
                last_withdrawn=Subquery(signatures.annotate(m=Max("withdrawn_at")).values("m")),
                confirmed_count=Subquery(confirmed.annotate(c=Count("pk")).values("c")),
                last_version=Subquery(versions.annotate(m=Max("created_at")).values("m")),
                member_count=Subquery(members.annotate(c=Count("pk")).values("c")),
            )
            .values(
                "pk",
                "status",
                "updated_at",
                "withdrawn_at",
                "network__name",
                "network__short_name",
                "network__logo",
                "network__signatory_intro",
                "last_signature",
                "last_signed",
                "last_withdrawn",
                "confirmed_count",
                "last_version",
                "member_count",
            )
            .first()
        )
        if cache[slug] is not None:
            # The page links the cases, and the JSON shows a sensitive case's people only if the coordinators
            # opted in: both belong in the state. The objects are kept for the view, which needs them too.
            cases = list(Case.objects.filter(statements=cache[slug]["pk"]).order_by("title", "pk"))
            cache[slug]["case_objects"] = cases
            cache[slug]["cases"] = [
                (c.pk, c.slug, c.title, c.country.code, c.is_sensitive, c.details_public, c.updated_at) for c in cases
            ]
    return cache[slug]


def _last_modified(request, slug):
    state = _page_state(request, slug)
    if state is None:
        return None
    times = [state[k] for k in ("updated_at", "last_signature", "last_signed", "last_withdrawn", "last_version")]
    times += [case.updated_at for case in state["case_objects"]]
    return max(t for t in times if t is not None)


def _etag(request, slug):
    state = _page_state(request, slug)
    if state is None:
        return None
    # The page also depends on the interface language and on who is logged in (the navigation bar).
    key = repr((sorted((k, v) for k, v in state.items() if k != "case_objects"), get_language(), request.user.pk))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@require_safe
# Without it browsers guess a freshness from Last-Modified and could hide a correction for days.
@cache_control(no_cache=True)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.public().select_related("network"), slug=slug)
    versions = list(statement.versions.order_by("-number"))
    return render(
        request,
        "statements/statement_detail.html",
        {
            "statement": statement,
            "content": content.for_statement(statement),
            "cases": _page_state(request, slug)["case_objects"],
            "latest_version": versions[0] if versions else None,
            "versions": versions,
            "is_withdrawn": statement.status == Statement.Status.WITHDRAWN,
            "description": content.summary_text(statement),
            "canonical_url": request.build_absolute_uri(statement.get_absolute_url()),
        },
    )


def _json_etag(request, slug):
    state = _page_state(request, slug)
    if state is None:
        return None
    # The JSON is the latest stored version, its status and the cases' visibility: a subset of the page's state.
    key = repr((state["last_version"], state["status"], state["withdrawn_at"], state["cases"]))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@require_safe
@cache_control(no_cache=True)
@condition(etag_func=_json_etag)
def statement_json(request, slug):
    statement = get_object_or_404(Statement.objects.public(), slug=slug)
    version = statement.versions.order_by("-number").first()
    if version is not None:
        data = version.content
    else:
        # Published before versions were stored (an old import): the current rows are the published text.
        from statements.interchange import export_dict

        data = export_dict(statement)
    data = _public_json(data, {case.title: case for case in statement.cases.all()})
    if statement.status == Statement.Status.WITHDRAWN:
        # The stored version says "published"; a reader of the data must learn what the page says.
        data["status"] = statement.status
        data["withdrawn_at"] = statement.withdrawn_at.isoformat() if statement.withdrawn_at else None
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _public_json(data, cases_by_title):
    data = _without_private_keys(data)
    for case in data.get("cases") or []:
        known = cases_by_title.get(case.get("title")) if isinstance(case, dict) else None
        # Deny by default: a case renamed or unlinked since this version was stored may be a sensitive one.
        if isinstance(case, dict) and (known is None or not known.details_visible):
            case.pop("persons", None)
    return data


def _without_private_keys(value):
    if isinstance(value, dict):
        return {k: _without_private_keys(v) for k, v in value.items() if k not in PRIVATE_KEYS}
    if isinstance(value, list):
        return [_without_private_keys(v) for v in value]
    return value


@require_safe
def case_list(request):
    cases = public_cases().prefetch_related("people").order_by("-latest_date", "title")
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "statements/case_list.html", {"page": page})


@require_safe
def case_detail(request, slug):
    case = get_object_or_404(public_cases(), slug=slug)
    visible = case.details_visible
    return render(
        request,
        "statements/case_detail.html",
        {
            "case": case,
            "people": list(case.people.all()) if visible else [],
            "events": list(case.events.all()) if visible else [],
            "statements": case.statements.public().select_related("network").order_by("-date", "-id"),
        },
    )
