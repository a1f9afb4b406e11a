"""Writing a checked plan: all of it in one transaction, or nothing.

Every change is audited under the changed object's own unit, so that unit's trail shows who
changed it, from which file (see ``Trail``). The entries are chained in bulk
(``record_many``); one ``roster.import`` entry per sheet, under the importing unit, says
what the file did as a whole."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection, transaction

from web.accounts.actors import Actor
from web.audit.actions import EntryBody, record, record_many
from web.audit.names import Action
from web.org.actions import place_unit
from web.org.models import Household, PartyMembership, PartyOrg, Person, Unit
from web.org.transfer.planner import Plan, Progress

BATCH = 2000


class Trail:
    """What the import writes to the audit log. A changed object gets an entry under its own
    unit (a move: also under the unit it left); a created unit or organisation gets its own
    entry; the households, people and memberships created (thousands in one file) get one
    entry per unit listing their ids, since an entry per row made applying several times
    slower (bench/bench_import.py)."""

    def __init__(self) -> None:
        self.entries: list[EntryBody] = []
        self.created: dict[tuple[str, int], list[int]] = defaultdict(list)

    def create(self, action: Action, obj: Any, values: dict[str, Any]) -> None:
        changes = {k: [None, v] for k, v in values.items() if k != "row"}
        self.entries.append({"action": action, "obj": obj, "changes": changes})

    def create_in(self, unit_id: int, obj: Any) -> None:
        self.created[(obj._meta.label_lower, unit_id)].append(obj.pk)

    def change(self, action: Action, obj: Any, changes: dict[str, Any], *unit_ids: int) -> None:
        for unit_id in dict.fromkeys(unit_ids):
            self.entries.append({"action": action, "obj": obj, "changes": changes, "unit_id": unit_id})

    def write(self, *, actor: Actor, reason: str) -> None:
        created: list[EntryBody] = [
            {
                "action": Action.ROSTER_IMPORT_CREATE,
                "object_type": label,
                "unit_id": unit_id,
                "changes": {"created": [None, ids]},
            }
            for (label, unit_id), ids in self.created.items()
        ]
        record_many([{**e, "actor": actor, "reason": reason} for e in [*self.entries, *created]])


def _units(plan: Plan, trail: Trail) -> None:
    sheet = plan.sheets["单位"]
    pending = list(sheet.creates)
    while pending:
        parents = {u.code: u for u in Unit.objects.filter(code__in={c["parent"] for c in pending})}
        ready = [c for c in pending if c["parent"] in parents]
        if not ready:  # the planner refuses cycles; this guards the loop all the same
            raise RuntimeError("unit parents cannot be resolved")
        for c in ready:
            unit = Unit.objects.create(
                code=c["code"], name=c["name"], kind=c["kind"], parent=parents[c["parent"]], path=""
            )
            place_unit(unit)
            unit.save(update_fields=["path", "depth"])
            trail.create(Action.UNIT_CREATE, unit, c)
        pending = [c for c in pending if c not in ready]
    for unit, changes in sheet.updates:
        unit.name = changes["name"][1]
        unit.save(update_fields=["name"])
        trail.change(Action.UNIT_UPDATE, unit, changes, unit.pk)


def _orgs(plan: Plan, trail: Trail) -> None:
    sheet = plan.sheets["党组织"]
    units = {u.code: u for u in Unit.objects.filter(code__in={c["unit"] for c in sheet.creates})}
    pending = list(sheet.creates)
    while pending:
        known = {o.code: o for o in PartyOrg.objects.filter(code__in={c["parent"] for c in pending if c["parent"]})}
        ready = [c for c in pending if not c["parent"] or c["parent"] in known]
        if not ready:
            raise RuntimeError("party organisation parents cannot be resolved")
        for c in ready:
            org = PartyOrg.objects.create(
                code=c["code"], name=c["name"], kind=c["kind"], unit=units[c["unit"]], parent=known.get(c["parent"])
            )
            trail.create(Action.PARTYORG_CREATE, org, c)
        pending = [c for c in pending if c not in ready]
    for org, changes in sheet.updates:
        for name, (_old, new) in changes.items():
            setattr(org, name, new)
        org.save()
        trail.change(Action.PARTYORG_UPDATE, org, changes, org.unit_id)


def _households(plan: Plan, trail: Trail) -> None:
    sheet = plan.sheets["户"]
    codes = {c["unit"] for c in sheet.creates} | {ch["unit"][1] for _h, ch in sheet.updates if "unit" in ch}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    made = Household.objects.bulk_create(
        [Household(number=c["number"], unit=units[c["unit"]], address=c["address"]) for c in sheet.creates],
        batch_size=BATCH,
    )
    for h in made:
        trail.create_in(h.unit_id, h)
    for household, changes in sheet.updates:
        old_unit_id = household.unit_id
        if "address" in changes:
            household.address = changes["address"][1]
        if "unit" in changes:
            household.unit = units[changes["unit"][1]]
        household.save()
        trail.change(Action.HOUSEHOLD_UPDATE, household, changes, household.unit_id, old_unit_id)


def _person_fields(values: dict[str, Any], units: dict[str, Unit], households: dict[str, Household]) -> dict[str, Any]:
    unit = units[values["unit"]]
    return {
        "name": values["name"],
        "gender": values["gender"],
        "birth_date": dt.date.fromisoformat(values["birth_date"]),
        "phone": values["phone"],
        "unit": unit,
        "unit_path": unit.path,
        "household": households.get(values["household"]) if values["household"] else None,
        "relation": values["relation"],
        "kind": values["kind"],
    }


def _people(plan: Plan, trail: Trail) -> None:
    sheet = plan.sheets["人员"]
    rows = [*sheet.creates, *[{k: v[1] for k, v in ch.items()} for _p, ch in sheet.updates]]
    units = {u.code: u for u in Unit.objects.filter(code__in={r["unit"] for r in rows if "unit" in r})}
    numbers = {r["household"] for r in rows if r.get("household")}
    households = {h.number: h for h in Household.objects.filter(number__in=numbers)} if numbers else {}
    made = Person.objects.bulk_create(
        [Person(id_number=c["id_number"], **_person_fields(c, units, households)) for c in sheet.creates],
        batch_size=BATCH,
    )
    for p in made:
        trail.create_in(p.unit_id, p)
    changed: list[Person] = []
    for person, changes in sheet.updates:
        old_unit_id = person.unit_id
        current = {
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date.isoformat(),
            "phone": person.phone,
            "unit": person.unit.code,
            "household": person.household.number if person.household else "",
            "relation": person.relation,
            "kind": person.kind,
        }
        current.update({k: v[1] for k, v in changes.items()})
        for name, value in _person_fields(current, {**units, person.unit.code: person.unit}, households).items():
            setattr(person, name, value)
        changed.append(person)
        trail.change(Action.PERSON_UPDATE, person, changes, person.unit_id, old_unit_id)
    Person.objects.bulk_update(
        changed,
        ["name", "gender", "birth_date", "phone", "unit", "unit_path", "household", "relation", "kind"],
        batch_size=BATCH,
    )


def _members(plan: Plan, trail: Trail) -> None:
    sheet = plan.sheets["党员"]
    ids = [c["id_number"] for c in sheet.creates]
    people = {
        p.id_number: p for i in range(0, len(ids), 900) for p in Person.objects.filter(id_number__in=ids[i : i + 900])
    }
    codes = {c["org"] for c in sheet.creates} | {ch["org"][1] for _m, ch in sheet.updates if "org" in ch}
    orgs = {o.code: o for o in PartyOrg.objects.filter(code__in=codes)}

    def joined(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    made = PartyMembership.objects.bulk_create(
        [
            PartyMembership(
                person=people[c["id_number"]],
                org=orgs[c["org"]],
                status=c["status"],
                is_floating=c["is_floating"],
                joined_on=joined(c["joined_on"]),
            )
            for c in sheet.creates
        ],
        batch_size=BATCH,
    )
    for m in made:
        trail.create_in(m.person.unit_id, m)
    changed = []
    for membership, changes in sheet.updates:
        old_org_unit_id = membership.org.unit_id
        for name, (_old, new) in changes.items():
            if name == "org":
                membership.org = orgs[new]
            elif name == "joined_on":
                membership.joined_on = joined(new)
            else:
                setattr(membership, name, new)
        changed.append(membership)
        # a move between organisations is also written under the units of both organisations
        moved = [old_org_unit_id, membership.org.unit_id] if "org" in changes else []
        trail.change(Action.MEMBERSHIP_SET, membership, changes, membership.person.unit_id, *moved)
    PartyMembership.objects.bulk_update(changed, ["org", "status", "is_floating", "joined_on"], batch_size=BATCH)


def _keys(plan: Plan, name: str, key: str) -> list[str]:
    sheet = plan.sheets[name]
    return [c[key] for c in sheet.creates] + [str(getattr(obj, key)) for obj, _ch in sheet.updates]


#: how many times ``apply_plan`` reports its progress: once per sheet written, once for the trail
STEPS = 6


@transaction.atomic
def apply_plan(
    plan: Plan,
    *,
    acting_user: Actor,
    file_sha256: str,
    file_name: str,
    unit: Unit,
    progress: Progress | None = None,
) -> dict[str, int]:
    if not plan.ok:
        raise ValueError("a plan with problems is never applied")
    trail = Trail()
    for done, write in enumerate((_units, _orgs, _households, _people, _members), start=1):
        write(plan, trail)
        if progress is not None:
            progress(done, STEPS)
    # the owner's trail says who changed it and from where: the file and the unit it was imported at
    trail.write(actor=acting_user, reason=f"{file_name} @ {unit.code}")
    keys = {"单位": "code", "党组织": "code", "户": "number", "人员": "id_number", "党员": "id_number"}
    counts = {}
    for name, sheet in plan.sheets.items():
        counts[name] = sheet.changed
        if sheet.changed:
            record(
                actor=acting_user,
                action=Action.ROSTER_IMPORT,
                obj=unit,
                reason=file_name,
                changes={
                    "sheet": [None, name],
                    "file_sha256": [None, file_sha256],
                    "created": [None, len(sheet.creates)],
                    "updated": [None, len(sheet.updates)],
                    "keys": [
                        None,
                        _keys(plan, name, keys[name])
                        if name != "党员"
                        else [c["id_number"] for c in sheet.creates] + [m.person.id_number for m, _ch in sheet.updates],
                    ],
                },
            )
    if plan.changes > 1000 and connection.vendor == "postgresql":
        with connection.cursor() as cur:  # a bulk load leaves the planner without statistics
            for table in ("org_unit", "org_household", "org_person", "org_partymembership"):
                cur.execute(f"ANALYZE {table}")
    if progress is not None:
        progress(STEPS, STEPS)
    return counts
