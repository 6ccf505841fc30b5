import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.models import Organisation
from statements.demo.loader import demo_data
from statements.interchange import InterchangeError
from statements.models import Case, Note, Person, Signature, Statement
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
    assert without_identity(first) == demo_data()


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
        (
            lambda d: {**d, "signatories": d["signatories"][:3] + [{**d["signatories"][3], "date": "bad"}]},
            "signatories[3].date: 'bad' is not a date written YYYY-MM-DD",
        ),
        (
            lambda d: {**d, "signatories": d["signatories"] + [{"name": "X", "country": "", "additional": "yes"}]},
            'signatories[29].additional: expected true or false, not "yes"',
        ),
        (
            lambda d: {**d, "signatories": d["signatories"] + [{**d["signatories"][0], "individual": 1}]},
            "signatories[29].individual: expected true or false, not 1",
        ),
        (
            lambda d: {**d, "signatories": d["signatories"] + [{**d["signatories"][0], "country": "Belgium "}]},
            "signatories[29]: 'International Partnership for Human Rights' is listed twice (first as signatories[0])",
        ),
        (
            lambda d: {**d, "cases": [{**d["cases"][0], "persons": "Max"}]},
            'cases[0].persons: expected a list, not "Max"',
        ),
        (
            lambda d: {**d, "cases": [{**d["cases"][0], "persons": ["Max", 7]}]},
            "cases[0].persons[1]: expected a non-empty",
        ),
        (
            lambda d: {**d, "cases": [{**d["cases"][0], "country": "Atlantis"}]},
            "cases[0].country: 'Atlantis' is not a country",
        ),
        (lambda d: {**d, "language": ["en"]}, 'language: expected a language code such as "en" or "ru", not ["en"]'),
        (
            lambda d: {**d, "notes": [{**d["notes"][0], "number": True}] + d["notes"][1:]},
            'notes[0]: expected an object with an integer "number"',
        ),
        (lambda d: {**d, "network": ["Civic Solidarity Platform"]}, "network: expected a non-empty string"),
        (lambda d: {**d, "notes": {"number": 1}}, 'notes: expected a list, not {"number": 1}'),
    ],
)
def test_invalid_input_exits_non_zero_and_creates_nothing(network, tmp_path, change, message):
    data = change(demo_data())
    path = write(tmp_path, data)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert_nothing_created()


def assert_nothing_created():
    assert Statement.objects.count() == 0
    assert Note.objects.count() == 0 and Signature.objects.count() == 0
    assert Organisation.objects.count() == 0 and Case.objects.count() == 0 and Person.objects.count() == 0


def test_a_failure_after_writes_began_rolls_everything_back(network, tmp_path, monkeypatch):
    """Validation passes; the last signatory's row fails: the organisations, notes and statement go too."""
    real_create = Signature.objects.create
    calls = []

    def failing_on_the_last(**fields):
        calls.append(fields["name"])
        if len(calls) == len(demo_data()["signatories"]):
            raise InterchangeError("signatories[28]: the database refused the row.")
        return real_create(**fields)

    monkeypatch.setattr(Signature.objects, "create", failing_on_the_last)
    with pytest.raises(CommandError, match=r"signatories\[28\]"):
        run_import(write(tmp_path, demo_data()))
    assert len(calls) == 29
    assert_nothing_created()


def test_a_publish_that_cannot_print_rolls_everything_back(network, tmp_path):
    network.house_style.font_family = "Nonexistent Font"
    network.house_style.save()
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, demo_data()), "--publish")
    assert "--publish: The PDF font “Nonexistent Font” cannot be found" in str(error.value)
    assert_nothing_created()


def test_individual_flag_wins_over_the_guess_and_survives_a_round_trip(network, tmp_path):
    data = demo_data()
    data["signatories"] += [
        {"name": "Lawyers, Judges and Prosecutors Union", "country": "Moldova", "individual": False},
        {"name": "Jane Roe", "country": "Norway", "individual": True},
        {"name": "Ann Doe, lawyer, and Bob Doe, journalist", "country": "Norway"},  # an archive: guessed
    ]
    slug = run_import(write(tmp_path, data))
    lines = Signature.objects.filter(statement__slug=slug).order_by("position")
    assert [s.organisation is None for s in lines][-4:] == [False, False, True, True]
    assert lines.get(name__startswith="Lawyers").organisation.country == "MD"
    exported = export(slug)["signatories"]
    assert exported[-3:] == [
        {"name": "Lawyers, Judges and Prosecutors Union", "country": "Moldova", "individual": False},
        {"name": "Jane Roe", "country": "Norway", "individual": True},
        {"name": "Ann Doe, lawyer, and Bob Doe, journalist", "country": "Norway", "individual": True},
    ]
    again = export(run_import(write(tmp_path, export(slug), "again.json")))
    assert again["signatories"] == export(slug)["signatories"]


def test_countries_printed_in_russian_are_recognised_and_unknown_ones_warned_about(network, tmp_path):
    data = {
        **demo_data(),
        "language": "ru",
        "signatories": [
            {"name": "Общественное объединение «Дигнити»", "country": "Казахстан"},
            {"name": "Правозащитный центр", "country": "Кыргызстан"},
            {"name": "Some network", "country": "Europe"},
        ],
    }
    err = StringIO()
    call_command("import_statement", str(write(tmp_path, data)), stdout=StringIO(), stderr=err)
    assert dict(Organisation.objects.values_list("name", "country")) == {
        "Общественное объединение «Дигнити»": "KZ",
        "Правозащитный центр": "KG",
        "Some network": "",
    }
    assert "signatories[2].country: 'Europe' is not a recognised country" in err.getvalue()
    assert "signatories[0]" not in err.getvalue()
    assert Statement.objects.get().language == "ru"


def test_a_signatory_date_is_stored_as_a_date(network, tmp_path):
    data = demo_data()
    data["signatories"].append({"name": "Late NGO", "country": "Norway", "additional": True, "date": "2016-12-05"})
    slug = run_import(write(tmp_path, data))
    late = Signature.objects.get(statement__slug=slug, name="Late NGO")
    assert late.is_additional and late.additional_date.isoformat() == "2016-12-05"


def test_case_with_people_and_country(network, tmp_path):
    data = {**demo_data(), "cases": [{"title": "New case", "country": "Казахстан", "persons": ["A B", "C D"]}]}
    run_import(write(tmp_path, data))
    case = Case.objects.get(title="New case")
    assert case.country.code == "KZ"
    assert [p.name for p in case.people.all()] == ["A B", "C D"]


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
