"""verify_pdfs recomputes every stored PDF's SHA-256 and fails loudly on any file that changed or went missing."""

import hashlib
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from statements.models import PublishedVersion
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def make_version(statement, number, data=b"%PDF-1.7 a statement\n%%EOF\n"):
    sha256 = hashlib.sha256(data).hexdigest()
    version = PublishedVersion(statement=statement, number=number, content={}, sha256=sha256, size=len(data))
    version.pdf.save("statement.pdf", ContentFile(data), save=False)
    version.save()
    return version


def run(capsys, *args):
    call_command("verify_pdfs", *args)
    return capsys.readouterr()


def test_intact_files_pass(capsys):
    statement = StatementFactory(status="published", with_notes=False)
    make_version(statement, 1)
    make_version(statement, 2, b"%PDF-1.7 corrected\n%%EOF\n")
    out = run(capsys)
    assert "Checked 2 published PDF(s): 2 intact, 0 not." in out.out


def test_a_tampered_file_is_reported_and_fails(capsys):
    statement = StatementFactory(status="published", with_notes=False)
    make_version(statement, 1)
    tampered = make_version(statement, 2)
    with open(tampered.pdf.path, "r+b") as handle:
        handle.seek(9)
        handle.write(b"A")  # one byte, same size
    with pytest.raises(CommandError) as failure:
        call_command("verify_pdfs")
    assert failure.value.returncode == 1
    err = capsys.readouterr().err
    assert f"MISMATCH   {statement.slug} v2" in err
    assert f"{statement.slug} v1" not in err


def test_a_missing_file_is_reported_and_fails(capsys):
    statement = StatementFactory(status="published", with_notes=False)
    version = make_version(statement, 1)
    version.pdf.storage.delete(version.pdf.name)
    with pytest.raises(CommandError):
        call_command("verify_pdfs")
    assert f"MISSING    {statement.slug} v1" in capsys.readouterr().err


def test_exit_status_from_the_command_line():
    """The real process exits non-zero, so cron or monitoring notices."""
    from django.core.management import ManagementUtility

    statement = StatementFactory(status="published", with_notes=False)
    version = make_version(statement, 1)
    with open(version.pdf.path, "ab") as handle:
        handle.write(b"appended")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "verify_pdfs"]).execute()
    assert exit_info.value.code == 1


def test_a_stored_pdf_that_no_version_points_at_is_reported_and_fails(capsys):
    """E.g. a version row deleted behind the app's back: its public URL now 404s, the file is still there."""
    statement = StatementFactory(status="published", with_notes=False)
    make_version(statement, 1)
    gone = make_version(statement, 2, b"%PDF-1.7 second\n%%EOF\n")
    orphan_name = gone.pdf.name
    PublishedVersion.objects.filter(pk=gone.pk).delete()
    settle(gone)
    with pytest.raises(CommandError) as failure:
        call_command("verify_pdfs")
    assert failure.value.returncode == 1
    captured = capsys.readouterr()
    assert f"ORPHAN     {orphan_name}" in captured.err
    assert "1 stored PDF(s) that no published version points at" in captured.out
    assert f"{statement.slug} v1" not in captured.err


def test_orphans_of_other_statements_are_not_reported_for_one_statement(capsys):
    checked = StatementFactory(status="published", with_notes=False)
    make_version(checked, 1)
    other = StatementFactory(status="published", with_notes=False)
    orphan = make_version(other, 1)
    PublishedVersion.objects.filter(pk=orphan.pk).delete()
    settle(orphan)
    out = run(capsys, "--statement", checked.slug)
    assert "1 intact, 0 not" in out.out and "ORPHAN" not in out.err
    with pytest.raises(CommandError):
        call_command("verify_pdfs")


def test_orphans_can_be_skipped(capsys):
    statement = StatementFactory(status="published", with_notes=False)
    orphan = make_version(statement, 1)
    PublishedVersion.objects.filter(pk=orphan.pk).delete()
    settle(orphan)
    out = run(capsys, "--skip-orphans")
    assert "Checked 0 published PDF(s)" in out.out and "ORPHAN" not in out.err


def settle(version):
    """Age the stored file past the grace period in which a file may belong to a row not yet committed."""
    old = time.time() - 3600
    os.utime(version.pdf.path, (old, old))


def test_a_file_being_published_right_now_is_not_taken_for_an_orphan(capsys):
    """A publication writes its file inside its transaction: for a moment there is a file and no visible row."""
    statement = StatementFactory(status="published", with_notes=False)
    in_flight = make_version(statement, 1)
    PublishedVersion.objects.filter(pk=in_flight.pk).delete()  # as another connection sees it before the commit

    out = run(capsys)

    assert "ORPHAN" not in out.err
    settle(in_flight)
    with pytest.raises(CommandError):
        call_command("verify_pdfs")
