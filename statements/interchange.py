"""The interchange JSON: how a statement leaves and enters the system (backups, archives, the .json permalink).

Format (UTF-8):
  {"title", "slug", "status", "date": "YYYY-MM-DD", "language", "network",
   "paragraphs": ["text with [^1] calls", …],
   "notes": [{"number": 1, "text": "…", "urls": ["https://…"]}, …],
   "signatories": [{"name": "…", "country": "…"} (+ "individual": true, "additional": true, "date": "YYYY-MM-DD"), …],
   "cases": [{"title": "…", "country": "KZ", "persons": ["…"]}]}
Contact details never leave through this format.

"individual": true marks a line naming people rather than an organisation; false marks an organisation whose name
looks like people. Archives written without the key get a guess (is_individual_line).
Import checks everything before it writes anything, and writes in one transaction: invalid input creates nothing.
"""

import datetime
import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from organisations.models import Network, Organisation
from statements import body as body_module
from statements import limits
from statements.countries import code_for_printed
from statements.models import AuditEntry, Case, Note, Person, Signature, Statement

REQUIRED_FIELDS = ("title", "date", "network", "paragraphs")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}$")
MAX_CASE_TITLE_CHARS = 200
MAX_PERSON_CHARS = 200
MAX_PERSONS = 100
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
        individual = signature.organisation_id is None
        if individual or is_individual_line(signature.name):
            # Said whenever the guess on import would be needed or wrong, so a round trip keeps it.
            line["individual"] = individual
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
        raise InterchangeError(f"{where}: expected a non-empty string, not {_shown(value)}.")
    if max_length and len(value) > max_length:
        raise InterchangeError(f"{where}: longer than {max_length:,} characters.")
    return value.strip()


def _shown(value):
    return f"{json.dumps(value, ensure_ascii=False)[:60]}"


def _optional_bool(value, where):
    if value is None or isinstance(value, bool):
        return bool(value)
    raise InterchangeError(f"{where}: expected true or false, not {_shown(value)}.")


def _date(value, where):
    text = _require_str(value, where)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InterchangeError(f"{where}: {value!r} is not a date written YYYY-MM-DD.") from None


def _list(data, name, where=None):
    value = data.get(name, [])
    if not isinstance(value, list):
        raise InterchangeError(f"{where or name}: expected a list, not {_shown(value)}.")
    return value


def _validated(data):
    """Everything import needs, checked and cleaned; raises InterchangeError naming the field."""
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        raise InterchangeError(f"Missing field(s): {', '.join(missing)}.")
    language = data.get("language") or "en"
    if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
        raise InterchangeError(f'language: expected a language code such as "en" or "ru", not {_shown(language)}.')
    clean = {
        "title": _require_str(data["title"], "title", limits.MAX_TITLE_CHARS),
        "date": _date(data["date"], "date"),
        "language": language,
        "network": _require_str(data["network"], "network", 200),
    }
    paragraphs = data["paragraphs"]
    if not isinstance(paragraphs, list) or not paragraphs:
        raise InterchangeError("paragraphs: expected a non-empty list of strings.")
    for i, paragraph in enumerate(paragraphs):
        _require_str(paragraph, f"paragraphs[{i}]")
        if "\n\n" in paragraph.strip():
            raise InterchangeError(f"paragraphs[{i}]: a paragraph may not contain a blank line.")
    clean["notes"] = _validated_notes(_list(data, "notes"))
    clean["body"] = "\n\n".join(p.strip() for p in paragraphs)
    problems = body_module.validate(clean["body"], [str(n["number"]) for n in clean["notes"]])
    if problems:
        raise InterchangeError("paragraphs: " + " ".join(problems))
    clean["signatories"] = _validated_signatories(_list(data, "signatories"), language)
    clean["cases"] = [_validated_case(case, f"cases[{i}]") for i, case in enumerate(_list(data, "cases"))]
    return clean


def _validated_notes(notes):
    if len(notes) > limits.MAX_NOTES:
        raise InterchangeError(f"notes: {len(notes)} notes; the limit is {limits.MAX_NOTES}.")
    seen_numbers, clean = set(), []
    for i, note in enumerate(notes):
        # bool is an int in Python; true is not a note number.
        if not isinstance(note, dict) or not isinstance(note.get("number"), int) or isinstance(note["number"], bool):
            raise InterchangeError(f'notes[{i}]: expected an object with an integer "number".')
        if note["number"] in seen_numbers:
            raise InterchangeError(f"notes[{i}]: the number {note['number']} is used twice.")
        seen_numbers.add(note["number"])
        text = _require_str(note.get("text"), f"notes[{i}].text", limits.MAX_NOTE_CHARS)
        urls = _list(note, "urls", f"notes[{i}].urls")
        if len(urls) > limits.MAX_URLS_PER_NOTE:
            raise InterchangeError(f"notes[{i}].urls: {len(urls)} URLs; the limit is {limits.MAX_URLS_PER_NOTE}.")
        for j, url in enumerate(urls):
            try:
                _http_url(_require_str(url, f"notes[{i}].urls[{j}]", limits.MAX_URL_CHARS))
            except ValidationError:
                raise InterchangeError(f"notes[{i}].urls[{j}]: {url!r} is not an http or https URL.") from None
        clean.append({"number": note["number"], "text": text, "urls": [u.strip() for u in urls]})
    return sorted(clean, key=lambda n: n["number"])


def _validated_signatories(lines, language):
    if len(lines) > limits.MAX_SIGNATORIES:
        raise InterchangeError(f"signatories: {len(lines):,} entries; the limit is {limits.MAX_SIGNATORIES:,}.")
    clean, organisations = [], {}
    for i, line in enumerate(lines):
        where = f"signatories[{i}]"
        if not isinstance(line, dict):
            raise InterchangeError(f'{where}: expected an object with "name" and "country".')
        name = _require_str(line.get("name"), f"{where}.name", limits.MAX_SIGNATORY_NAME_CHARS)
        country = _require_str(line.get("country", ""), f"{where}.country", limits.MAX_COUNTRY_CHARS, allow_empty=True)
        individual = line.get("individual")
        individual = (
            is_individual_line(name) if individual is None else _optional_bool(individual, f"{where}.individual")
        )
        signed = line.get("date")
        entry = {
            "name": name,
            "country": country,
            "individual": individual,
            "additional": _optional_bool(line.get("additional"), f"{where}.additional"),
            "date": None if signed is None else _date(signed, f"{where}.date"),
            "country_code": code_for_printed(country, language) if not individual else "",
        }
        if not individual:
            key = (name, entry["country_code"])
            if key in organisations:
                raise InterchangeError(f"{where}: {name!r} is listed twice (first as {organisations[key]}).")
            organisations[key] = where
        clean.append(entry)
    return clean


def _validated_case(case, where):
    if not isinstance(case, dict):
        raise InterchangeError(f"{where}: expected an object.")
    country = _require_str(case.get("country", ""), f"{where}.country", limits.MAX_COUNTRY_CHARS, allow_empty=True)
    code = code_for_printed(country)
    if country and not code:
        raise InterchangeError(f'{where}.country: {country!r} is not a country (an ISO code such as "KZ", or a name).')
    persons = _list(case, "persons", f"{where}.persons")
    if len(persons) > MAX_PERSONS:
        raise InterchangeError(f"{where}.persons: {len(persons)} names; the limit is {MAX_PERSONS}.")
    return {
        "title": _require_str(case.get("title"), f"{where}.title", MAX_CASE_TITLE_CHARS),
        "country": code,
        "persons": [_require_str(p, f"{where}.persons[{j}]", MAX_PERSON_CHARS) for j, p in enumerate(persons)],
    }


def is_individual_line(name):
    """The guess for archives without "individual": people ("Anki Wetterhall, Secretary of … and Olof Kleberg, …")
    rather than an organisation."""
    return "," in name and " and " in name


def import_statement(data, *, user=None, publish=False, warnings=None):
    """Create a statement (a draft, or published with its PDF) from interchange data, all or nothing.

    warnings, a list, receives what was accepted but may need a look (a country not recognised).
    """
    clean = _validated(data)
    try:
        network = Network.objects.get(name=clean["network"])
    except Network.DoesNotExist:
        raise InterchangeError(f"network: there is no network named {clean['network']!r}.") from None
    if warnings is not None:
        warnings += [
            f"signatories[{i}].country: {line['country']!r} is not a recognised country; "
            f"the organisation {line['name']!r} is stored without one."
            for i, line in enumerate(clean["signatories"])
            if line["country"] and not line["individual"] and not line["country_code"]
        ]
    with transaction.atomic():
        statement = Statement.objects.create(
            network=network,
            title=clean["title"],
            date=clean["date"],
            language=clean["language"],
            body=clean["body"],
            created_by=user,
            updated_by=user,
        )
        for position, note in enumerate(clean["notes"], 1):
            Note.objects.create(
                statement=statement, key=str(note["number"]), text=note["text"], urls=note["urls"], position=position
            )
        for position, line in enumerate(clean["signatories"], 1):
            Signature.objects.create(
                statement=statement,
                organisation=None if line["individual"] else _organisation_for(line),
                name=line["name"],
                country=line["country"],
                position=position,
                status=Signature.Status.CONFIRMED,
                source=Signature.Source.IMPORT,
                is_additional=line["additional"],
                additional_date=line["date"],
            )
        for case_data in clean["cases"]:
            statement.cases.add(_case_for(case_data, network))
        AuditEntry.objects.create(
            network=network,
            statement=statement,
            actor=user,
            action=AuditEntry.Action.CREATE,
            to_status=statement.status,
            detail={"source": "import"},
        )
        if publish:
            _publish(statement, user)
    return statement


def _organisation_for(line):
    organisation = Organisation.objects.filter(name=line["name"], country=line["country_code"]).first()
    return organisation or Organisation.objects.create(name=line["name"], country=line["country_code"])


def _publish(statement, user):
    from statements.workflow import publish_archive
    from statements.workflow.base import WorkflowError

    try:
        publish_archive(statement, user)
    except ValidationError as error:  # the PDF cannot be printed: bounds, a missing font
        raise InterchangeError("--publish: " + " ".join(error.messages)) from None
    except WorkflowError as error:
        raise InterchangeError(f"--publish: {error}") from None


def _case_for(case_data, network):
    """The case with this title, or a new one with the given country and people."""
    case = Case.objects.filter(title=case_data["title"]).first()
    if case is None:
        case = Case.objects.create(title=case_data["title"], country=case_data["country"], network=network)
        Person.objects.bulk_create(
            Person(case=case, name=name, position=position) for position, name in enumerate(case_data["persons"], 1)
        )
    return case
