"""The interchange JSON: how a statement leaves and enters the system (backups, archives, the .json permalink).

Format (UTF-8):
  {"title", "slug", "status", "date": "YYYY-MM-DD", "language", "network",
   "paragraphs": ["text with [^1] calls", …],
   "notes": [{"number": 1, "text": "…", "urls": ["https://…"]}, …],
   "signatories": [{"name": "…", "country": "…"} (+ "additional": true, "date": "YYYY-MM-DD"), …],
   "cases": [{"title": "…", "country": "KZ", "persons": ["…"]}]}
Contact details never leave through this format.
"""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from organisations.models import Network, Organisation
from statements import body as body_module
from statements import limits
from statements.countries import code_for_printed
from statements.models import AuditEntry, Case, Note, Person, Signature, Statement

REQUIRED_FIELDS = ("title", "date", "network", "paragraphs")
_http_url = URLValidator(schemes=["http", "https"])


class InterchangeError(ValueError):
    """Invalid input; the message says what and where."""


def export_dict(statement):
    paragraphs = body_module.split_paragraphs(statement.body)
    numbers = body_module.note_numbers(paragraphs)
    notes = sorted(
        (
            {"number": numbers[n.key], "text": n.text, "urls": list(n.urls)}
            for n in statement.notes.all()
            if n.key in numbers
        ),
        key=lambda n: n["number"],
    )
    signatories = []
    for signature in statement.signatures.confirmed().printed_order():
        line = {"name": signature.name, "country": signature.country}
        if signature.is_additional:
            line["additional"] = True
            if signature.additional_date:
                line["date"] = signature.additional_date.isoformat()
        signatories.append(line)
    cases = [
        {"title": case.title, "country": case.country.code, "persons": [p.name for p in case.people.all()]}
        for case in statement.cases.prefetch_related("people").order_by("title")
    ]
    return {
        "title": statement.title,
        "slug": statement.slug,
        "status": statement.status,
        "date": statement.date.isoformat(),
        "language": statement.language,
        "network": statement.network.name,
        "paragraphs": [body_module.plain_text(p, numbers) for p in paragraphs],
        "notes": notes,
        "signatories": signatories,
        "cases": cases,
    }


def export_json(statement):
    return json.dumps(export_dict(statement), ensure_ascii=False, indent=2) + "\n"


def parse(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(f"Not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    if not isinstance(data, dict):
        raise InterchangeError("The top level must be a JSON object.")
    return data


def _require_str(value, where, max_length=None, allow_empty=False):
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InterchangeError(f"{where}: expected a non-empty string.")
    if max_length and len(value) > max_length:
        raise InterchangeError(f"{where}: longer than {max_length} characters.")
    return value.strip()


def _validated(data):
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        raise InterchangeError(f"Missing field(s): {', '.join(missing)}.")
    title = _require_str(data["title"], "title", limits.MAX_TITLE_CHARS)
    try:
        date = datetime.date.fromisoformat(_require_str(data["date"], "date"))
    except ValueError:
        raise InterchangeError(f"date: {data['date']!r} is not a date written YYYY-MM-DD.") from None
    paragraphs = data["paragraphs"]
    if not isinstance(paragraphs, list) or not paragraphs:
        raise InterchangeError("paragraphs: expected a non-empty list of strings.")
    for i, paragraph in enumerate(paragraphs):
        _require_str(paragraph, f"paragraphs[{i}]")
        if "\n\n" in paragraph.strip():
            raise InterchangeError(f"paragraphs[{i}]: a paragraph may not contain a blank line.")
    notes = data.get("notes", [])
    if not isinstance(notes, list) or len(notes) > limits.MAX_NOTES:
        raise InterchangeError(f"notes: expected a list of at most {limits.MAX_NOTES} notes.")
    seen_numbers = set()
    for i, note in enumerate(notes):
        if not isinstance(note, dict) or not isinstance(note.get("number"), int):
            raise InterchangeError(f'notes[{i}]: expected an object with an integer "number".')
        if note["number"] in seen_numbers:
            raise InterchangeError(f"notes[{i}]: the number {note['number']} is used twice.")
        seen_numbers.add(note["number"])
        _require_str(note.get("text"), f"notes[{i}].text", limits.MAX_NOTE_CHARS)
        urls = note.get("urls", [])
        if not isinstance(urls, list) or len(urls) > limits.MAX_URLS_PER_NOTE:
            raise InterchangeError(f"notes[{i}].urls: expected a list of at most {limits.MAX_URLS_PER_NOTE} URLs.")
        for j, url in enumerate(urls):
            try:
                _http_url(_require_str(url, f"notes[{i}].urls[{j}]", limits.MAX_URL_CHARS))
            except ValidationError:
                raise InterchangeError(f"notes[{i}].urls[{j}]: {url!r} is not an http or https URL.") from None
    body = "\n\n".join(p.strip() for p in paragraphs)
    problems = body_module.validate(body, [str(n["number"]) for n in notes])
    if problems:
        raise InterchangeError(" ".join(problems))
    signatories = data.get("signatories", [])
    if not isinstance(signatories, list) or len(signatories) > limits.MAX_SIGNATORIES:
        raise InterchangeError(f"signatories: expected a list of at most {limits.MAX_SIGNATORIES:,} entries.")
    for i, line in enumerate(signatories):
        if not isinstance(line, dict):
            raise InterchangeError(f'signatories[{i}]: expected an object with "name" and "country".')
        _require_str(line.get("name"), f"signatories[{i}].name", limits.MAX_SIGNATORY_NAME_CHARS)
        _require_str(line.get("country", ""), f"signatories[{i}].country", limits.MAX_COUNTRY_CHARS, allow_empty=True)
    cases = data.get("cases", [])
    if not isinstance(cases, list):
        raise InterchangeError("cases: expected a list.")
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            raise InterchangeError(f"cases[{i}]: expected an object.")
        _require_str(case.get("title"), f"cases[{i}].title", 200)
    return title, date, body, notes, signatories, cases


def _organisation_for(name, printed_country):
    code = code_for_printed(printed_country)
    organisation = Organisation.objects.filter(name=name, country=code).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, country=code)
    return organisation


def is_individual_line(name):
    # Lines naming people rather than an organisation ("Anki Wetterhall, Secretary of …") stay unattached.
    return "," in name and " and " in name


def import_statement(data, *, user=None, publish=False):
    """Create a statement (a draft, or published with its PDF) from interchange data, all or nothing."""
    title, date, body, notes, signatories, cases = _validated(data)
    try:
        network = Network.objects.get(name=data["network"])
    except Network.DoesNotExist:
        raise InterchangeError(f"network: there is no network named {data['network']!r}.") from None
    with transaction.atomic():
        statement = Statement.objects.create(
            network=network,
            title=title,
            date=date,
            language=str(data.get("language") or "en")[:10],
            body=body,
            created_by=user,
            updated_by=user,
        )
        for position, note in enumerate(sorted(notes, key=lambda n: n["number"]), 1):
            Note.objects.create(
                statement=statement,
                key=str(note["number"]),
                text=note["text"].strip(),
                urls=list(note.get("urls", [])),
                position=position,
            )
        seen_organisations = set()
        for position, line in enumerate(signatories, 1):
            name, country = line["name"].strip(), line.get("country", "").strip()
            organisation = None if is_individual_line(name) else _organisation_for(name, country)
            if organisation is not None and organisation.pk in seen_organisations:
                raise InterchangeError(f"signatories[{position - 1}]: {name!r} is listed twice.")
            if organisation is not None:
                seen_organisations.add(organisation.pk)
            additional_date = line.get("date")
            Signature.objects.create(
                statement=statement,
                organisation=organisation,
                name=name,
                country=country,
                position=position,
                status=Signature.Status.CONFIRMED,
                source=Signature.Source.IMPORT,
                is_additional=bool(line.get("additional")),
                additional_date=datetime.date.fromisoformat(additional_date) if additional_date else None,
            )
        for case_data in cases:
            statement.cases.add(_case_for(case_data))
        AuditEntry.objects.create(
            network=network,
            statement=statement,
            actor=user,
            action=AuditEntry.Action.CREATE,
            to_status=statement.status,
            detail={"source": "import"},
        )
        if publish:
            from statements.workflow import publish_archive

            publish_archive(statement, user)
    return statement


def _case_for(case_data):
    case = Case.objects.filter(title=case_data["title"]).first()
    if case is None:
        case = Case.objects.create(
            title=case_data["title"],
            country=code_for_printed(case_data.get("country", "")) or "",
        )
        for position, name in enumerate(case_data.get("persons", []), 1):
            Person.objects.create(case=case, name=str(name)[:200], position=position)
    return case
