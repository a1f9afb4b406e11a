"""Writing a checked plan: all of it in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction

from web.audit.actions import record
from web.org.actions import place_unit
from web.org.models import Household, PartyMembership, PartyOrg, Person, Unit
from web.org.transfer.planner import Plan

BATCH = 2000


def _units(plan: Plan) -> dict[str, Unit]:
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
        pending = [c for c in pending if c not in ready]
    for unit, changes in sheet.updates:
        unit.name = changes["name"][1]
        unit.save(update_fields=["name"])
    return {}


def _orgs(plan: Plan) -> None:
    sheet = plan.sheets["党组织"]
    units = {u.code: u for u in Unit.objects.filter(code__in={c["unit"] for c in sheet.creates})}
    pending = list(sheet.creates)
    while pending:
        known = {o.code: o for o in PartyOrg.objects.filter(code__in={c["parent"] for c in pending if c["parent"]})}
        ready = [c for c in pending if not c["parent"] or c["parent"] in known]
        if not ready:
            raise RuntimeError("party organisation parents cannot be resolved")
        for c in ready:
            PartyOrg.objects.create(
                code=c["code"], name=c["name"], kind=c["kind"], unit=units[c["unit"]], parent=known.get(c["parent"])
            )
        pending = [c for c in pending if c not in ready]
    for org, changes in sheet.updates:
        for name, (_old, new) in changes.items():
            setattr(org, name, new)
        org.save()


def _households(plan: Plan) -> None:
    sheet = plan.sheets["户"]
    codes = {c["unit"] for c in sheet.creates} | {ch["unit"][1] for _h, ch in sheet.updates if "unit" in ch}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    Household.objects.bulk_create(
        [Household(number=c["number"], unit=units[c["unit"]], address=c["address"]) for c in sheet.creates],
        batch_size=BATCH,
    )
    for household, changes in sheet.updates:
        if "address" in changes:
            household.address = changes["address"][1]
        if "unit" in changes:
            household.unit = units[changes["unit"][1]]
        household.save()


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


def _people(plan: Plan) -> None:
    sheet = plan.sheets["人员"]
    rows = [*sheet.creates, *[{k: v[1] for k, v in ch.items()} for _p, ch in sheet.updates]]
    units = {u.code: u for u in Unit.objects.filter(code__in={r["unit"] for r in rows if "unit" in r})}
    numbers = {r["household"] for r in rows if r.get("household")}
    households = {h.number: h for h in Household.objects.filter(number__in=numbers)} if numbers else {}
    Person.objects.bulk_create(
        [Person(id_number=c["id_number"], **_person_fields(c, units, households)) for c in sheet.creates],
        batch_size=BATCH,
    )
    changed: list[Person] = []
    for person, changes in sheet.updates:
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
    Person.objects.bulk_update(
        changed,
        ["name", "gender", "birth_date", "phone", "unit", "unit_path", "household", "relation", "kind"],
        batch_size=BATCH,
    )


def _members(plan: Plan) -> None:
    sheet = plan.sheets["党员"]
    ids = [c["id_number"] for c in sheet.creates]
    people = {
        p.id_number: p for i in range(0, len(ids), 900) for p in Person.objects.filter(id_number__in=ids[i : i + 900])
    }
    codes = {c["org"] for c in sheet.creates} | {ch["org"][1] for _m, ch in sheet.updates if "org" in ch}
    orgs = {o.code: o for o in PartyOrg.objects.filter(code__in=codes)}

    def joined(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    PartyMembership.objects.bulk_create(
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
    changed = []
    for membership, changes in sheet.updates:
        for name, (_old, new) in changes.items():
            if name == "org":
                membership.org = orgs[new]
            elif name == "joined_on":
                membership.joined_on = joined(new)
            else:
                setattr(membership, name, new)
        changed.append(membership)
    PartyMembership.objects.bulk_update(changed, ["org", "status", "is_floating", "joined_on"], batch_size=BATCH)


def _keys(plan: Plan, name: str, key: str) -> list[str]:
    sheet = plan.sheets[name]
    return [c[key] for c in sheet.creates] + [str(getattr(obj, key)) for obj, _ch in sheet.updates]


@transaction.atomic
def apply_plan(plan: Plan, *, acting_user: Any, file_sha256: str, file_name: str, unit: Unit) -> dict[str, int]:
    if not plan.ok:
        raise ValueError("a plan with problems is never applied")
    _units(plan)
    _orgs(plan)
    _households(plan)
    _people(plan)
    _members(plan)
    keys = {"单位": "code", "党组织": "code", "户": "number", "人员": "id_number", "党员": "id_number"}
    counts = {}
    for name, sheet in plan.sheets.items():
        counts[name] = sheet.changed
        if sheet.changed:
            record(
                actor=acting_user,
                action="roster.import",
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
    return counts
