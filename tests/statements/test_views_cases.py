"""Coordinators' case screens: who may open them, creating and editing with people and events, the opt-in."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from statements.models import AuditEntry, Case, CaseEvent, Person, Statement
from tests.factories import CaseFactory, StatementFactory

COURT = "Atyrau City Court No. 2"
CASE_FIELDS = {"title": "Max Bokayev and Talgat Ayan", "country": "KZ", "summary": "Detained.", "status": "imprisoned"}


@pytest.fixture
def case(world):  # noqa: F811
    case = CaseFactory(title="Activists of Atyrau", network=world.network)
    Person.objects.create(case=case, name="Max Bokayev", position=1)
    Person.objects.create(case=case, name="Talgat Ayan", position=2)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.VERDICT, date=datetime.date(2016, 11, 28), court=COURT)
    world.case = case
    return world


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def who(world, role):  # noqa: F811
    return {
        "owner": world.coordinator,
        "member": world.reps[0],
        "outsider": world.other_coordinator,
        "anonymous": None,
    }[role]


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_case_data(people=(), events=(), **fields):
    data = {**CASE_FIELDS, **fields, **management("people", len(people)), **management("events", len(events))}
    for index, person in enumerate(people):
        data.update({f"people-{index}-{key}": value for key, value in person.items()})
    for index, event in enumerate(events):
        data.update({f"events-{index}-{key}": value for key, value in event.items()})
    return data


def edit_data(case, **fields):
    """What the edit page posts back unchanged for the case fixture, with `fields` overriding."""
    people = list(case.people.all())
    events = list(case.events.all())
    data = {"title": case.title, "country": case.country.code, "summary": case.summary, "status": case.status}
    data.update(management("people", len(people), len(people)))
    data.update(management("events", len(events), len(events)))
    for index, person in enumerate(people):
        data.update(
            {
                f"people-{index}-id": person.pk,
                f"people-{index}-name": person.name,
                f"people-{index}-ORDER": index + 1,
            }
        )
    for index, event in enumerate(events):
        data.update(
            {
                f"events-{index}-id": event.pk,
                f"events-{index}-kind": event.kind,
                f"events-{index}-date": event.date.isoformat(),
                f"events-{index}-date_precision": event.date_precision,
                f"events-{index}-court": event.court,
            }
        )
    data.update(fields)
    return data


def urls(world):  # noqa: F811
    return {
        "list": reverse("coordinate_cases"),
        "new": reverse("coordinate_case_new", args=[world.network.slug]),
        "edit": reverse("coordinate_case", args=[world.case.pk]),
    }


# Access


@pytest.mark.parametrize("screen", ["new", "edit"])
@pytest.mark.parametrize("role,expected", [("owner", 200), ("member", 404), ("outsider", 404), ("anonymous", 302)])
def test_case_screens_by_role(client, case, screen, role, expected):
    response = as_user(client, who(case, role)).get(urls(case)[screen])
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("screen", ["new", "edit"])
@pytest.mark.parametrize("role,expected", [("member", 404), ("outsider", 404), ("anonymous", 302)])
def test_posts_by_others_change_nothing(client, case, screen, role, expected):
    data = edit_data(case.case, title="Taken over")
    response = as_user(client, who(case, role)).post(urls(case)[screen], data)
    assert response.status_code == expected
    assert list(Case.objects.values_list("title", flat=True)) == ["Activists of Atyrau"]
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "role,expected,listed",
    [("owner", 200, True), ("member", 404, False), ("outsider", 200, False), ("anonymous", 302, False)],
)
def test_case_list_shows_only_the_cases_of_ones_networks(client, case, role, expected, listed):
    response = as_user(client, who(case, role)).get(urls(case)["list"])
    assert response.status_code == expected
    assert ("Activists of Atyrau" in response.content.decode()) is listed


def test_staff_may_edit_a_case_without_a_network(client, world):  # noqa: F811
    orphan = CaseFactory(title="Orphan")
    world.coordinator.is_staff = True
    world.coordinator.save()
    assert as_user(client, world.coordinator).get(reverse("coordinate_case", args=[orphan.pk])).status_code == 200


def test_a_case_without_a_network_is_not_a_coordinators(client, world):  # noqa: F811
    orphan = CaseFactory(title="Orphan")
    assert as_user(client, world.coordinator).get(reverse("coordinate_case", args=[orphan.pk])).status_code == 404


def test_dashboard_links_coordinators_to_their_cases(client, world):  # noqa: F811
    html = as_user(client, world.coordinator).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("coordinate_cases")}"' in html


# Creating and editing


def test_create_a_case_with_people_and_events(client, world):  # noqa: F811
    data = new_case_data(
        people=[
            {"name": "Talgat Ayan", "ORDER": "2"},
            {"name": "Max Bokayev", "other_spellings": "Bokaev", "description": "Activist.", "ORDER": "1"},
        ],
        events=[
            {
                "kind": "verdict",
                "date": "2016-11-28",
                "date_precision": "day",
                "court": "Atyrau City Court No. 2",
                "judge": "Gulnara Dauleshova",
                "legal_provisions": "Criminal Code articles 174, 274 and 400",
                "sentence": "Five years in prison.",
                "description": "Found guilty.",
            },
            {"kind": "detention", "date": "2016-05-15", "date_precision": "month", "date_label": "mid-May 2016"},
        ],
    )
    response = as_user(client, world.coordinator).post(reverse("coordinate_case_new", args=[world.network.slug]), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinate_case", args=[case.pk])
    assert (case.title, case.network, case.status) == ("Max Bokayev and Talgat Ayan", world.network, "imprisoned")
    assert [p.name for p in case.people.all()] == ["Max Bokayev", "Talgat Ayan"]
    assert case.people.get(name="Max Bokayev").spellings() == ["Bokaev"]
    verdict = case.events.get(kind="verdict")
    assert (verdict.judge, verdict.sentence) == ("Gulnara Dauleshova", "Five years in prison.")
    assert case.events.get(kind="detention").display_date() == "mid-May 2016"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.network, entry.statement, entry.actor) == (
        "create",
        world.network,
        None,
        world.coordinator,
    )
    assert entry.detail["case_id"] == case.pk
    assert entry.detail["people"]["added"] == 2


def test_invalid_input_keeps_what_was_typed_and_saves_nothing(client, world):  # noqa: F811
    data = new_case_data(
        people=[{"name": "Max Bokayev", "description": "Typed with care."}],
        events=[{"kind": "verdict", "date": "28 November", "date_precision": "day", "court": "Atyrau court"}],
        title="",
    )
    response = as_user(client, world.coordinator).post(reverse("coordinate_case_new", args=[world.network.slug]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter a valid date." in html
    assert "Typed with care." in html and "Atyrau court" in html and 'value="28 November"' in html
    assert not Case.objects.exists() and not Person.objects.exists() and not AuditEntry.objects.exists()


def test_overlong_names_are_refused_with_a_message(client, case):
    data = edit_data(case.case, **{"people-0-name": "x" * 201})
    response = as_user(client, case.coordinator).post(reverse("coordinate_case", args=[case.case.pk]), data)
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert case.case.people.filter(name="Max Bokayev").exists()


def test_extra_fields_such_as_another_network_are_ignored(client, world):  # noqa: F811
    data = new_case_data(network=world.other_network.pk, slug="chosen", updated_at="2000-01-01T00:00")
    as_user(client, world.coordinator).post(reverse("coordinate_case_new", args=[world.network.slug]), data)
    case = Case.objects.get()
    assert case.network == world.network
    assert case.slug != "chosen"


def test_edit_reorders_changes_removes_and_adds_people_and_events(client, case):
    max_, talgat = case.case.people.all()
    verdict = case.case.events.get()
    data = edit_data(
        case.case,
        summary="Sentenced to five years.",
        **{
            "people-0-ORDER": "2",
            "people-1-ORDER": "1",
            "people-1-name": "Talgat Ayanov",
            "events-0-DELETE": "on",
            "events-TOTAL_FORMS": "2",
            "events-1-kind": "appeal",
            "events-1-date": "2017-01-10",
            "events-1-date_precision": "day",
        },
    )
    response = as_user(client, case.coordinator).post(reverse("coordinate_case", args=[case.case.pk]), data)
    assert response.status_code == 302
    case.case.refresh_from_db()
    assert case.case.summary == "Sentenced to five years."
    assert [(p.pk, p.name) for p in case.case.people.all()] == [(talgat.pk, "Talgat Ayanov"), (max_.pk, "Max Bokayev")]
    assert [e.kind for e in case.case.events.all()] == ["appeal"]
    assert not CaseEvent.objects.filter(pk=verdict.pk).exists()
    entry = AuditEntry.objects.get()
    assert entry.action == "edit"
    assert entry.detail["changed"] == ["summary"]
    assert entry.detail["events"] == {"added": 1, "changed": 0, "removed": 1}


def test_saving_without_changes_writes_no_audit_record(client, case):
    response = as_user(client, case.coordinator).post(
        reverse("coordinate_case", args=[case.case.pk]), edit_data(case.case), follow=True
    )
    assert "Nothing changed." in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_person_of_another_case_cannot_be_edited_through_this_one(client, case):
    stranger = Person.objects.create(case=CaseFactory(title="Other case"), name="Someone else")
    data = edit_data(case.case, **{"people-0-id": stranger.pk, "people-0-name": "Renamed"})
    as_user(client, case.coordinator).post(reverse("coordinate_case", args=[case.case.pk]), data)
    stranger.refresh_from_db()
    assert (stranger.name, stranger.case.title) == ("Someone else", "Other case")
    assert "Someone else" not in case.case.people.values_list("name", flat=True)


# What the public sees


@pytest.fixture
def public_case(case):
    statement = StatementFactory(network=case.network)
    statement.cases.add(case.case)  # while a draft: a public statement's links are frozen
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.PUBLISHED)
    return case


def test_the_sensitive_flag_and_the_opt_in_hide_and_show_people_publicly(client, public_case):
    owner, case = public_case, public_case.case
    coordinator = as_user(client, owner.coordinator)

    def public_page():
        client.logout()
        html = client.get(case.get_absolute_url()).content.decode()
        client.force_login(owner.coordinator)
        return html

    assert COURT in public_page()
    coordinator.post(reverse("coordinate_case", args=[case.pk]), edit_data(case, is_sensitive="on"))
    html = public_page()
    assert "Max Bokayev" not in html and COURT not in html and "Activists of Atyrau" in html
    client.post(reverse("coordinate_case", args=[case.pk]), edit_data(case, is_sensitive="on", details_public="on"))
    html = public_page()
    assert "Max Bokayev" in html and COURT in html
    assert AuditEntry.objects.filter(action="edit").count() == 2


def test_markup_is_stored_as_text_and_escaped_on_the_public_page(client, public_case):
    owner, case = public_case, public_case.case
    data = edit_data(case, **{"people-0-name": "<script>alert(1)</script>", "events-0-court": "<b>Court</b>"})
    as_user(client, owner.coordinator).post(reverse("coordinate_case", args=[case.pk]), data)
    assert case.people.filter(name="<script>alert(1)</script>").exists()
    client.logout()
    html = client.get(case.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;Court&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html and "<b>Court</b>" not in html


def test_the_demo_case_is_maintained_by_the_csp_coordinator(client, db):
    call_command("load_demo", "--allow-demo-logins", stdout=StringIO())
    call_command("load_demo", "--allow-demo-logins", stdout=StringIO())
    case = Case.objects.get(title="Max Bokayev and Talgat Ayan")
    assert case.network.short_name == "CSP"
    coordinator = case.network.coordinators.get()
    html = as_user(client, coordinator).get(reverse("coordinate_cases")).content.decode()
    assert reverse("coordinate_case", args=[case.pk]) in html


def test_invalid_case_input_is_summed_up_at_the_top_with_links(client, world):  # noqa: F811
    data = new_case_data(
        events=[{"kind": "verdict", "date": "28 November", "date_precision": "day", "court": "Atyrau court"}],
        title="",
    )
    response = as_user(client, world.coordinator).post(reverse("coordinate_case_new", args=[world.network.slug]), data)
    html = response.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "The form has 2 problems; nothing was saved." in summary
    assert 'href="#id_title"' in summary and 'href="#id_events-0-date"' in summary
    assert "Event 1 · Date: Enter a valid date." in summary
    assert html.index('id="error-summary"') < html.index('<form method="post" novalidate>')
    # Every link has its target on the page.
    assert 'id="id_title"' in html and 'id="id_events-0-date"' in html
