"""Creating and maintaining a case, its people and its dated events: one transaction and one audit record each.

A case has no statement, so its audit record names the network and the case (by id and title) in its detail.
People and events arrive as plain rows (dicts) in the order they should be kept; a row with the "id" of one of
the case's people or events updates it, a row without one is added, and what is not listed any more is removed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from statements.models import AuditEntry, Case, CaseEvent, Person
from statements.workflow.base import WorkflowError

CASE_FIELDS = ("title", "country", "summary", "status", "is_sensitive", "details_public")
PERSON_FIELDS = ("name", "other_spellings", "description")
EVENT_FIELDS = (
    "kind",
    "date",
    "date_precision",
    "date_label",
    "court",
    "judge",
    "legal_provisions",
    "sentence",
    "description",
)


def check_maintainer(network, user):
    """Services refuse too, so a view that forgot its check still cannot change another network's case."""
    if user.is_staff:  # staff also keep the cases that belong to no network
        return
    if network is None or not network.may_coordinate(user):
        raise WorkflowError(
            _("Only the coordinators of %(network)s can change its cases.")
            % {"network": network or _("the case's network")}
        )


def create_case(network, user, *, fields, people=(), events=()):
    check_maintainer(network, user)
    with transaction.atomic():
        case = Case(network=network, **{name: fields[name] for name in CASE_FIELDS if name in fields})
        case.save()
        people_changes = _sync_people(case, people)
        event_changes = _sync_events(case, events)
        _audit(case, AuditEntry.Action.CREATE, user, people=people_changes, events=event_changes)
    return case


def update_case(case, user, *, fields, people, events):
    """Apply the edits; returns the case and whether anything changed (nothing changed writes no audit record)."""
    with transaction.atomic():
        # No select_related: PostgreSQL cannot lock the nullable side of the outer join to the network.
        case = Case.objects.select_for_update().get(pk=case.pk)
        check_maintainer(case.network, user)
        changed = []
        for name in CASE_FIELDS:
            if name in fields and getattr(case, name) != fields[name]:
                setattr(case, name, fields[name])
                changed.append(name)
        # The slug stays: published statements and other sites link to /cases/<slug>/.
        people_changes = _sync_people(case, people)
        event_changes = _sync_events(case, events)
        if not (changed or any(people_changes.values()) or any(event_changes.values())):
            return case, False
        case.save()  # also when only people or events changed, so updated_at tells caches the page changed
        _audit(case, AuditEntry.Action.EDIT, user, changed=changed, people=people_changes, events=event_changes)
    return case, True


def _sync_people(case, rows):
    return _sync(
        case.people.all(),
        rows,
        PERSON_FIELDS,
        lambda index, values: Person(case=case, position=index, **values),
        positioned=True,
    )


def _sync_events(case, rows):
    return _sync(case.events.all(), rows, EVENT_FIELDS, lambda index, values: CaseEvent(case=case, **values))


def _sync(existing_rows, rows, fields, new, *, positioned=False):
    """Make the case's rows match `rows`; ids not of this case are treated as new rows, never as someone else's."""
    existing = {obj.pk: obj for obj in existing_rows}
    kept = set()
    counts = {"added": 0, "changed": 0, "removed": 0}
    for index, row in enumerate(rows, 1):
        values = {name: row[name] for name in fields if name in row}
        obj = existing.get(row.get("id"))
        if obj is None or obj.pk in kept:
            new(index, values).save()
            counts["added"] += 1
            continue
        kept.add(obj.pk)
        if positioned:
            values["position"] = index
        dirty = [name for name, value in values.items() if getattr(obj, name) != value]
        if dirty:
            for name in dirty:
                setattr(obj, name, values[name])
            obj.save(update_fields=dirty)
            counts["changed"] += 1
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        existing_rows.model.objects.filter(pk__in=removed).delete()
        counts["removed"] = len(removed)
    return counts


def _audit(case, action, actor, **detail):
    """The record for the network's audit log. Only field names and counts: no one's details are copied here."""
    return AuditEntry.objects.create(
        network_id=case.network_id,
        statement=None,
        actor=actor if actor.is_authenticated else None,
        action=action,
        detail={"case_id": case.pk, "case": case.title, **detail},
    )
