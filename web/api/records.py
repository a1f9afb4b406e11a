"""Model → response record, and the one way lists are paged.

Records read only what the query helpers in ``web.org.queries`` already ``select_related``,
so a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from web.org.idnumbers import identity_for
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Unit

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def page(qs: QuerySet[Any], *, limit: int, offset: int, record: Any) -> dict[str, Any]:
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [record(obj) for obj in qs[offset : offset + limit]],
    }


def unit_ref(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind}


def unit_summary(unit: Unit) -> dict[str, Any]:
    return {
        **unit_ref(unit),
        "parent_id": unit.parent_id,
        "depth": unit.depth,
        "child_count": getattr(unit, "child_count", 0),
    }


def membership(person: Person) -> dict[str, Any] | None:
    m: PartyMembership | None = getattr(person, "membership", None)
    if m is None:
        return None
    return {"org_id": m.org_id, "status": m.status, "is_floating": m.is_floating, "joined_on": m.joined_on}


def person_record(person: Person, *, user: Any) -> dict[str, Any]:
    """The identity the caller may see (``identity_for``, as on the staff pages): ID number and
    birth date whole only for those who manage the person's unit, else a masked number and the
    birth year."""
    identity = identity_for(user, person)
    return {
        "id": person.pk,
        "name": person.name,
        "id_number": identity.id_number,
        "id_number_masked": not identity.whole,
        "phone": person.phone,
        "gender": person.gender,
        "birth_date": identity.birth_date,
        "birth_year": identity.birth_year,
        "kind": person.kind,
        "unit": unit_ref(person.unit),
        "household": {"id": person.household.pk, "number": person.household.number} if person.household else None,
        "relation": person.relation,
        "membership": membership(person),
    }


def household_record(household: Household) -> dict[str, Any]:
    return {
        "id": household.pk,
        "number": household.number,
        "address": household.address,
        "unit": unit_ref(household.unit),
        "member_count": getattr(household, "member_count", 0),
    }


def party_org_record(org: PartyOrg) -> dict[str, Any]:
    return {
        "id": org.pk,
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "unit": unit_ref(org.unit),
        "parent_id": org.parent_id,
        "member_count": getattr(org, "member_count", 0),
    }


def member_record(m: PartyMembership) -> dict[str, Any]:
    return {
        "person_id": m.person_id,
        "name": m.person.name,
        "unit": unit_ref(m.person.unit),
        "status": m.status,
        "is_floating": m.is_floating,
        "joined_on": m.joined_on,
    }


def body_record(body: Body) -> dict[str, Any]:
    return {
        "id": body.pk,
        "name": body.name,
        "kind": body.kind,
        "unit": unit_ref(body.unit),
        "party_org_id": body.party_org_id,
        "seat_count": getattr(body, "seat_count", 0),
    }


def seat_record(seat: BodySeat) -> dict[str, Any]:
    m = getattr(seat.person, "membership", None)
    return {
        "id": seat.pk,
        "person_id": seat.person_id,
        "name": seat.person.name,
        "post": seat.post,
        "since": seat.since,
        "membership_status": m.status if m else None,
    }


def audit_record(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "actor": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "changes": entry.changes,
        "reason": entry.reason,
        "hash": entry.hash,
    }
