import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from statements.demo.loader import demo_data
from statements.models import Note, Signature, Statement
from tests.factories import NetworkFactory


@pytest.fixture
def network(db):
    return NetworkFactory(name="Civic Solidarity Platform")


def write(tmp_path, data, name="statement.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path, *args):
    out = StringIO()
    call_command("import_statement", str(path), *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def export(slug):
    out = StringIO()
    call_command("export_statement", slug, stdout=out)
    return json.loads(out.getvalue())


def without_identity(data):
    return {k: v for k, v in data.items() if k not in {"slug", "status"}}


def test_import_creates_a_draft_and_prints_its_slug(network, tmp_path):
    slug = run_import(write(tmp_path, demo_data()))
    statement = Statement.objects.get(slug=slug)
    assert statement.status == Statement.Status.DRAFT
    assert statement.notes.count() == 5
    assert statement.signatures.count() == 29
    assert set(statement.signatures.values_list("source", flat=True)) == {Signature.Source.IMPORT}


def test_export_import_export_round_trip(network, tmp_path):
    first_slug = run_import(write(tmp_path, demo_data()))
    first = export(first_slug)
    second_slug = run_import(write(tmp_path, first, "again.json"))
    assert second_slug != first_slug
    second = export(second_slug)
    assert without_identity(second) == without_identity(first)
    assert without_identity(first) == {**demo_data(), "cases": first["cases"]}


def test_export_renumbers_calls_by_first_call(network):
    statement = Statement.objects.create(network=network, title="T", date="2020-01-01", body="A[^z] b[^a].\n\nC[^z].")
    Note.objects.create(statement=statement, key="a", text="Second", position=1)
    Note.objects.create(statement=statement, key="z", text="First", position=2)
    data = export(statement.slug)
    assert data["paragraphs"] == ["A[^1] b[^2].", "C[^1]."]
    assert [(n["number"], n["text"]) for n in data["notes"]] == [(1, "First"), (2, "Second")]


def test_export_never_contains_contact_details(network, tmp_path):
    slug = run_import(write(tmp_path, demo_data()))
    Signature.objects.filter(statement__slug=slug).update(contact_email="secret@example.org", contact_name="Hidden")
    text = json.dumps(export(slug))
    assert "secret@example.org" not in text and "Hidden" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "{not json", "Not valid JSON"),
        (lambda d: {k: v for k, v in d.items() if k != "title"}, "Missing field(s): title"),
        (lambda d: {**d, "date": "01/12/2016"}, "date: '01/12/2016' is not a date"),
        (lambda d: {**d, "paragraphs": d["paragraphs"] + ["Extra[^9]."]}, "Paragraph 8 calls [^9]"),
        (lambda d: {**d, "notes": d["notes"] + [{"number": 6, "text": "Unused"}]}, "“6” is never called"),
        (
            lambda d: {**d, "notes": [{**d["notes"][0], "urls": ["ftp://example.org/x"]}] + d["notes"][1:]},
            "notes[0].urls[0]: 'ftp://example.org/x' is not an http or https URL",
        ),
        (lambda d: {**d, "network": "Unknown network"}, "there is no network named 'Unknown network'"),
        (lambda d: {**d, "signatories": [{"country": "X"}]}, "signatories[0].name"),
    ],
)
def test_invalid_input_exits_non_zero_and_creates_nothing(network, tmp_path, change, message):
    data = change(demo_data())
    path = write(tmp_path, data)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert Statement.objects.count() == 0
    assert Note.objects.count() == 0 and Signature.objects.count() == 0


def test_import_command_exits_non_zero_from_the_shell(network, tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "[1, 2")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_statement", str(path)],
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "Not valid JSON" in result.stderr


def test_import_publish_stores_the_pdf_and_an_audit_record(network, tmp_path):
    from statements.models import AuditEntry

    slug = run_import(write(tmp_path, demo_data()), "--publish")
    statement = Statement.objects.get(slug=slug)
    assert statement.status == Statement.Status.PUBLISHED and statement.published_at
    version = statement.versions.get()
    assert version.number == 1 and version.pdf.read(4) == b"%PDF"
    assert version.content["title"] == demo_data()["title"]
    entry = AuditEntry.objects.get(statement=statement, action=AuditEntry.Action.TRANSITION)
    assert (entry.from_status, entry.to_status) == ("draft", "published")
