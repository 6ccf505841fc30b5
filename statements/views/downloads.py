"""Downloads of published PDFs. They serve the file stored at publication and never render."""

import datetime

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseGone, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statements.models.statement import StatementStatus
from statements.pdf.lookup import find_version as _version

LATEST_MAX_AGE = 5 * 60  # a correction should reach readers within minutes
VERSION_MAX_AGE = 365 * 24 * 60 * 60  # a numbered version never changes


def _serve(request, slug, version, *, max_age, immutable=False):
    if version["statement__status"] == StatementStatus.WITHDRAWN:
        # The network retracted it: say so rather than pretend it never existed.
        return protect(HttpResponseGone(_("This statement was withdrawn by the network."), content_type="text/plain"))
    etag = f'"{version["sha256"]}"'
    if_none_match = request.headers.get("If-None-Match", "")
    if if_none_match.strip() == "*" or etag in parse_etags(if_none_match):
        response = HttpResponseNotModified()
    else:
        date = version["statement__date"]
        if isinstance(date, datetime.datetime):
            date = date.date()
        suffix = f"-v{version['number']}" if immutable else ""
        try:
            handle = default_storage.open(version["pdf"], "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type="application/pdf", filename=f"{date:%Y-%m-%d}-{slug}{suffix}.pdf")
        response["Content-Length"] = str(version["size"])
        response["Last-Modified"] = http_date(version["created_at"].timestamp())
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age, **({"immutable": True} if immutable else {}))
    return protect(response)


def protect(response):
    """The headers XFrameOptionsMiddleware would add: these responses are served before it runs (see
    statements/middleware.py). SecurityMiddleware, which runs first, adds nosniff too; set here so the view is safe
    without it. A PDF framed by another site could be dressed up as something it is not."""
    response.setdefault("X-Frame-Options", "DENY")
    response.setdefault("X-Content-Type-Options", "nosniff")
    return response


@require_safe
def statement_pdf(request, slug):
    return _serve(request, slug, _version(slug), max_age=LATEST_MAX_AGE)


@require_safe
def statement_version_pdf(request, slug, number):
    return _serve(request, slug, _version(slug, number), max_age=VERSION_MAX_AGE, immutable=True)
