"""statements.workflow.cases: who may change a case, how rows are matched, one transaction, one audit record."""

import datetime

import pytest

from statements.models import AuditEntry, Case, Person
from statements.workflow import WorkflowError
from statements.workflow import cases as case_workflow
from tests.factories import CaseFactory

FIELDS = {"title": "Activists of Atyrau", "country": "KZ", "summary": "", "status": "ongoing"}
VERDICT = {"kind": "verdict", "date": datetime.date(2016, 11, 28), "date_precision": "day", "court": "Court"}


def person(name, id=None):
    return {"id": id, "name": name, "other_spellings": "", "description": ""}


@pytest.fixture
def case(world):  # noqa: F811
    world.case = case_workflow.create_case(
        world.network, world.coordinator, fields=FIELDS, people=[person("Max Bokayev")], events=[VERDICT]
    )
    return world


def rows(case):
    return [
        {"id": p.pk, "name": p.name, "other_spellings": p.other_spellings, "description": p.description}
        for p in case.people.all()
    ]


def test_only_the_networks_coordinators_may_create_its_cases(world):  # noqa: F811
    for user in (world.other_coordinator, world.reps[0]):
        with pytest.raises(WorkflowError):
            case_workflow.create_case(world.network, user, fields=FIELDS, people=[person("Max Bokayev")])
    assert not Case.objects.exists() and not Person.objects.exists() and not AuditEntry.objects.exists()


def test_a_coordinator_of_another_network_cannot_update(case):
    with pytest.raises(WorkflowError):
        case_workflow.update_case(
            case.case, case.other_coordinator, fields={**FIELDS, "title": "Taken"}, people=[], events=[]
        )
    case.case.refresh_from_db()
    assert case.case.title == "Activists of Atyrau"
    assert case.case.people.count() == 1 and case.case.events.count() == 1
    assert AuditEntry.objects.count() == 1  # the creation only


def test_a_case_without_a_network_is_for_staff_only(world):  # noqa: F811
    orphan = CaseFactory(title="Orphan")
    with pytest.raises(WorkflowError):
        case_workflow.update_case(orphan, world.coordinator, fields={"title": "Mine"}, people=[], events=[])
    world.coordinator.is_staff = True
    _case, changed = case_workflow.update_case(
        orphan, world.coordinator, fields={"title": "Mine"}, people=[], events=[]
    )
    assert changed and Case.objects.get(pk=orphan.pk).title == "Mine"


def test_a_failure_inside_rolls_everything_back(world, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(case_workflow, "_audit", broken)
    with pytest.raises(RuntimeError):
        case_workflow.create_case(world.network, world.coordinator, fields=FIELDS, people=[person("Max Bokayev")])
    assert not Case.objects.exists() and not Person.objects.exists()


def test_an_id_of_another_cases_row_never_touches_that_row(case):
    stranger = Person.objects.create(case=CaseFactory(title="Other"), name="Someone else")
    case_workflow.update_case(
        case.case, case.coordinator, fields=FIELDS, people=[person("Renamed", id=stranger.pk)], events=[VERDICT]
    )
    stranger.refresh_from_db()
    assert (stranger.name, stranger.case.title) == ("Someone else", "Other")
    assert list(case.case.people.values_list("name", flat=True)) == ["Renamed"]


def test_changing_only_a_person_marks_the_case_as_updated_and_audits_counts_not_names(case):
    before = Case.objects.get(pk=case.case.pk).updated_at
    people = rows(case.case)
    people[0]["name"] = "Maks Bokayev"
    _case, changed = case_workflow.update_case(
        case.case, case.coordinator, fields=FIELDS, people=people + [person("Talgat Ayan")], events=[VERDICT]
    )
    assert changed
    assert Case.objects.get(pk=case.case.pk).updated_at > before
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EDIT).get()
    assert (entry.network, entry.statement, entry.actor) == (case.network, None, case.coordinator)
    assert entry.detail["people"] == {"added": 1, "changed": 1, "removed": 0}
    # VERDICT came without an id, so the old event was replaced by a new one.
    assert entry.detail["events"] == {"added": 1, "changed": 0, "removed": 1}
    assert "Bokayev" not in str(entry.detail) and "Talgat" not in str(entry.detail)


def test_an_unchanged_save_writes_nothing(case):
    events = [{**VERDICT, "id": case.case.events.get().pk}]
    before = Case.objects.get(pk=case.case.pk).updated_at
    _case, changed = case_workflow.update_case(
        case.case, case.coordinator, fields=FIELDS, people=rows(case.case), events=events
    )
    assert not changed
    assert Case.objects.get(pk=case.case.pk).updated_at == before
    assert AuditEntry.objects.count() == 1
