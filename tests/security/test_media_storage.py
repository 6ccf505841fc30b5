"""Media go to a local folder by default and to an S3-compatible bucket when one is configured."""

import importlib.util

import pytest

from tests.security.conftest import run_manage

SHOW = (
    "from django.conf import settings; from django.core.files.storage import storages; s = storages['default'];"
    "print(settings.STORAGES['default']['BACKEND']); print(type(s).__module__ + '.' + type(s).__name__);"
)


def test_local_folder_by_default(tmp_path):
    result = run_manage(tmp_path, "shell", "-v", "0", "-c", SHOW + "print(s.location)", MEDIA_ROOT=str(tmp_path / "m"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "django.core.files.storage.filesystem.FileSystemStorage",
        str(tmp_path / "m"),
    ]


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "statements-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_S3_REGION_NAME": "eu-central-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret-example",
}


def test_s3_compatible_bucket_when_configured(tmp_path):
    code = (
        "from django.conf import settings; o = settings.STORAGES['default'];"
        "print(o['BACKEND'], sorted(o['OPTIONS'].items()))"
    )
    result = run_manage(tmp_path, "shell", "-v", "0", "-c", code, **S3_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storages.backends.s3.S3Storage ")
    assert "('bucket_name', 'statements-media')" in result.stdout
    assert "('default_acl', 'private')" in result.stdout
    assert "('file_overwrite', False)" in result.stdout


@pytest.mark.skipif(importlib.util.find_spec("storages") is None, reason="django-storages[s3] is not installed")
def test_s3_storage_is_usable(tmp_path):
    # Presigned URLs are computed locally, so this needs no bucket: it proves the options are ones S3Storage takes.
    code = SHOW + "print(s.bucket_name, s.file_overwrite, s.default_acl); print(s.url('statements/1/v1.pdf'))"
    result = run_manage(tmp_path, "shell", "-v", "0", "-c", code, **S3_ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "storages.backends.s3.S3Storage"
    assert lines[2] == "statements-media False private"
    assert lines[3].startswith("https://s3.example.org/statements-media/statements/1/v1.pdf?")
    assert "Signature=" in lines[3] or "X-Amz-Signature=" in lines[3]
