"""Signing tokens never reach a log: Django's request log, runserver's and gunicorn's access and error logs."""

import datetime
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from config.gunicorn_logging import TokenMaskingLogger
from config.log_filters import MaskSigningTokens, mask_tokens
from statements.tokens import new_token

TOKEN = new_token()[0]


def test_the_token_part_of_a_signing_path_is_masked():
    assert mask_tokens(f"Not Found: /sign/{TOKEN}/") == "Not Found: /sign/[token]/"
    assert mask_tokens(f'"GET /sign/{TOKEN}/?x=1 HTTP/1.1" 404 "https://h/sign/{TOKEN}/"') == (
        '"GET /sign/[token]/?x=1 HTTP/1.1" 404 "https://h/sign/[token]/"'
    )
    # Other pages are left as they are.
    assert mask_tokens("GET /sign/invitation/12/") == "GET /sign/invitation/12/"
    assert mask_tokens("GET /statements/a-title/") == "GET /statements/a-title/"


def test_the_filter_rewrites_records_with_arguments_and_keeps_them():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/sign/{TOKEN}/",), None
    )
    assert MaskSigningTokens().filter(record) is True
    assert record.getMessage() == "Not Found: /sign/[token]/"
    plain = logging.LogRecord("x", logging.WARNING, __file__, 1, "nothing %s", ("here",), None)
    MaskSigningTokens().filter(plain)
    assert plain.args == ("here",)


@pytest.fixture
def console_output():
    """The stream of the root console handler configured by settings.LOGGING."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "name", "") == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_not_found_signing_link_is_logged_without_its_token(client, console_output):
    """An unknown or expired link answers 404, which Django's request logger reports with the path."""
    assert client.get(f"/sign/{TOKEN}/").status_code == 404
    output = console_output.getvalue()
    assert "/sign/[token]/" in output
    assert TOKEN not in output


def test_gunicorn_access_and_error_logs_mask_the_token(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("logger_class", "config.gunicorn_logging.TokenMaskingLogger")
    assert cfg.logger_class is TokenMaskingLogger
    log = TokenMaskingLogger(cfg)
    try:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/sign/{TOKEN}/",
            "PATH_INFO": f"/sign/{TOKEN}/",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.5",
            "HTTP_REFERER": f"https://statements.example.org/sign/{TOKEN}/",
        }
        response = SimpleNamespace(status="200 OK", sent=10, headers=[])
        request = SimpleNamespace(headers=[])
        log.access(response, request, environ, datetime.timedelta(milliseconds=5))
        log.error("Error handling request %s", f"/sign/{TOKEN}/")
        for handler in log.access_log.handlers + log.error_log.handlers:
            handler.flush()
        access = (tmp_path / "access.log").read_text()
        error = (tmp_path / "error.log").read_text()
    finally:
        for handler in log.access_log.handlers + log.error_log.handlers:
            handler.close()
    assert "GET /sign/[token]/ HTTP/1.1" in access and TOKEN not in access
    assert "/sign/[token]/" in error and TOKEN not in error
