"""The demo: the CSP's statement of 1 December 2016 on Max Bokayev and Talgat Ayan, complete."""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from organisations.models import HouseStyle, Membership, Network, Organisation
from statements.countries import code_for_printed
from statements.interchange import import_statement, is_individual_line
from statements.models import Case, CaseEvent, Person, Statement

DEMO_FILE = Path(__file__).with_name("csp-kazakhstan-2016.json")
DEMO_PASSWORD = "demo-password-2016"  # noqa: S105  (printed for the demo; the demo is for local use)
CSP_INTRO = (
    "Signed by the following members of the CSP, a network of over human rights NGOs from Europe, "
    "the former Soviet Union and North America:"
)
CASE_TITLE = "Max Bokayev and Talgat Ayan"
COURT = "Atyrau City Court No. 2"


def demo_data():
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def csp_house_style():
    style, _ = HouseStyle.objects.get_or_create(name="CSP (Word, US Letter)")
    return style


@transaction.atomic
def load(stdout=None):
    """Create what is missing; running it again changes nothing."""
    data = demo_data()
    network, _ = Network.objects.get_or_create(
        name="Civic Solidarity Platform",
        defaults={
            "short_name": "CSP",
            "slug": "csp",
            "website": "https://www.civicsolidarity.org/",
            "signatory_intro": CSP_INTRO,
            "house_style": csp_house_style(),
        },
    )
    for line in data["signatories"]:
        if line.get("individual", is_individual_line(line["name"])):
            continue
        organisation, _ = Organisation.objects.get_or_create(
            name=line["name"],
            country=code_for_printed(line["country"]),
            # Example addresses (never real ones) so that the demo can send invitations; emails go to the console.
            defaults={"contact_emails": f"contact@{slugify(line['name'])}.example.org"},
        )
        Membership.objects.get_or_create(network=network, organisation=organisation)
    _case(network)
    users = _users(network)
    statement = Statement.objects.filter(title=data["title"], network=network).first()
    if statement is None:
        statement = import_statement(data, publish=True)
    return network, statement, users


def _case(network):
    case, created = Case.objects.get_or_create(
        title=CASE_TITLE,
        defaults={
            "network": network,
            "country": "KZ",
            "status": Case.Status.IMPRISONED,
            "summary": (
                "Civil society activists Max Bokayev and Talgat Ayan were detained in mid-May 2016 in connection "
                "with peaceful protests against amendments to Kazakhstan's Land Code, and sentenced to five years "
                "in prison on 28 November 2016."
            ),
        },
    )
    if not created:
        if case.network_id is None:  # a demo loaded before cases had a network
            case.network = network
            case.save(update_fields=["network", "updated_at"])
        return case
    Person.objects.create(
        case=case,
        name="Max Bokayev",
        other_spellings="Bokaev, Maks Bokayev",
        position=1,
        description="Civil society activist from Atyrau (also spelt Atyray).",
    )
    Person.objects.create(
        case=case,
        name="Talgat Ayan",
        other_spellings="Talgat Ayanov",
        position=2,
        description="Civil society activist from Atyrau (also spelt Atyray).",
    )
    provisions = "Criminal Code articles 174, 274 and 400"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DETENTION,
        date=datetime.date(2016, 5, 15),
        date_precision=CaseEvent.Precision.MONTH,
        date_label="mid-May 2016",
        description="Detained in the context of peaceful land reform protests; first sentenced to 15 days' "
        "arrest, then placed in pre-trial detention.",
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.TRIAL_START,
        date=datetime.date(2016, 10, 12),
        court=COURT,
        judge="Gulnara Dauleshova",
        legal_provisions=provisions,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.VERDICT,
        date=datetime.date(2016, 11, 28),
        court=COURT,
        judge="Gulnara Dauleshova",
        legal_provisions=provisions,
        description="Found guilty of inciting social discord, disseminating information known to be false and "
        "violating the procedure for holding assemblies.",
        sentence="Five years in prison, banned from public activities for three years after release, "
        "fined 530 250 tenge (about 1500 EUR).",
    )
    return case


def _users(network):
    User = get_user_model()
    coordinator, created = User.objects.get_or_create(
        username="coordinator", defaults={"email": "coordinator@example.org", "first_name": "Demo"}
    )
    if created:
        coordinator.set_password(DEMO_PASSWORD)
        coordinator.save()
    network.coordinators.add(coordinator)
    member, created = User.objects.get_or_create(
        username="member", defaults={"email": "member@example.org", "first_name": "Demo"}
    )
    if created:
        member.set_password(DEMO_PASSWORD)
        member.save()
    dignity = Organisation.objects.get(name='Public Association "Dignity"')
    dignity.representatives.add(member)
    return {"coordinator": coordinator, "member": member}
