"""Every page carries a Content-Security-Policy and the other protective headers."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/robots.txt", "/accounts/login/"])
def test_pages_carry_a_strict_policy(client, login_template, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    # No inline script: neither 'unsafe-inline' nor 'unsafe-eval' anywhere, scripts only from the site itself.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_an_inline_script_needs_the_request_nonce(rf):
    """A template that must have a script writes <script nonce="{{ request.csp_nonce }}">; only then is it allowed."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = request.csp_nonce
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def published_with_pdf():
    from tests.factories import StatementFactory
    from tests.security.test_verify_pdfs import make_version

    statement = StatementFactory(status="published", with_notes=False, body="A published text.")
    make_version(statement, 1)
    return statement


@pytest.mark.parametrize("suffix", [".pdf", "/v1.pdf"])
def test_stored_pdfs_carry_frame_and_sniffing_protection(client, published_with_pdf, suffix):
    """PDFs are served ahead of the clickjacking middleware (statements/middleware.py), so they set it themselves."""
    response = client.get(f"/statements/{published_with_pdf.slug}{suffix}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    not_modified = client.get(f"/statements/{published_with_pdf.slug}{suffix}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304 and not_modified["X-Frame-Options"] == "DENY"


def test_the_pdf_view_sets_the_headers_without_any_middleware(rf, published_with_pdf):
    from statements.views import downloads

    response = downloads.statement_pdf(rf.get("/"), published_with_pdf.slug)
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_the_json_export_carries_the_headers(client, published_with_pdf):
    response = client.get(f"/statements/{published_with_pdf.slug}.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
