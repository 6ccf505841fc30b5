"""Serve stored PDFs before sessions, authentication, CSRF and locale are set up: a public file needs none."""

import re

from statements.views import downloads

PDF_PATH = re.compile(r"^/statements/(?P<slug>[-a-zA-Z0-9_]+)(?:/v(?P<number>[0-9]+))?\.pdf$")


class StoredPdfMiddleware:
    """Place right after WhiteNoise. The same views answer through the URLconf when this is not installed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = PDF_PATH.match(request.path_info)
        if match is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if match["number"] is None:
            return downloads.statement_pdf(request, match["slug"])
        return downloads.statement_version_pdf(request, match["slug"], int(match["number"]))
