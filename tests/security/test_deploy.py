"""Production settings pass Django's deployment checklist, and collectstatic works with them."""

import pytest

from tests.security.conftest import run_manage


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"DEBUG": "1"}, "security.W018"),
    ],
)
def test_check_deploy_notices_a_weakened_setting(tmp_path, env, warning):
    # The check above would pass vacuously if the command ignored the settings; here it must fail.
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert warning in result.stderr


def test_production_cookies_and_https_settings(tmp_path):
    code = (
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, s.STATIC_ROOT)"
    )
    result = run_manage(tmp_path, "shell", "-v", "0", "-c", code, STATIC_ROOT=str(tmp_path / "static"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 5)[:5] == ["False", "True", "True", "True", "True"]
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in result.stdout
    assert str(tmp_path / "static") in result.stdout


def test_collectstatic_with_production_settings(tmp_path):
    static_root = tmp_path / "static"
    result = run_manage(tmp_path, "collectstatic", "--noinput", STATIC_ROOT=str(static_root))
    assert result.returncode == 0, result.stdout + result.stderr
    # WhiteNoise's manifest storage: hashed, compressed copies and a manifest the app looks names up in.
    assert (static_root / "staticfiles.json").exists()
    assert (static_root / "vendor" / "bootstrap" / "bootstrap.min.css").exists()
    assert list((static_root / "vendor" / "bootstrap").glob("bootstrap.min.*.css.gz"))
    assert (static_root / "admin" / "css" / "base.css").exists()
