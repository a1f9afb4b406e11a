"""Every API operation × every persona: the status each gets, checked against the OpenAPI
document, and an audit entry for each write that went through (none for one refused).

Objects are in community A outside grid A1, so the observer (grid worker of A1) gets 404 like
the outsider; a read-only member gets 403 on writes; anonymous gets 401.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from web.api.tests.conftest import PERSONAS
from web.audit.models import AuditEntry
from web.org.models import BodySeat

W = Any  # the world


def by_persona(
    organiser: int, member: int, observer: int, outsider: int, street_staff: int, anonymous: int = 401
) -> dict[str | None, int]:
    """The teller and the stranger hold no reading role in community A: they get what the
    outsider (staff of another community) gets."""
    return dict(
        zip(PERSONAS, [organiser, member, observer, outsider, outsider, outsider, street_staff, anonymous], strict=True)
    )


SIGNED_IN = by_persona(200, 200, 200, 200, 200)
VIEW = by_persona(200, 200, 404, 404, 200)
CREATE = by_persona(201, 403, 404, 404, 201)
CHANGE = by_persona(200, 403, 404, 404, 200)
REMOVE = by_persona(204, 403, 404, 404, 204)


def _new_person(w: W) -> dict[str, Any]:
    from web.org.testing import _id

    return {
        "name": "赵敏",
        "id_number": _id("51010419900215456"),
        "phone": "13900000009",
        "gender": "F",
        "birth_date": "1990-02-15",
        "unit_id": w.grid_a2.pk,
    }


def _seat(w: W) -> BodySeat:
    return BodySeat.objects.create(body=w.body_a, person=w.person_a2, post="member")


@dataclass
class Case:
    method: str
    url: Callable[[W], str]
    expected: dict[str | None, int]
    body: Callable[[W], Any] | None = None
    action: str | None = None  # the audit action a successful write records


CASES: dict[str, Case] = {
    "list_root_units": Case("GET", lambda w: "/api/v1/units", SIGNED_IN),
    "get_unit": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}", VIEW),
    "get_unit_counts": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}/counts", VIEW),
    "list_people": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}/people?q=李&limit=5", VIEW),
    "list_households": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}/households", VIEW),
    "list_party_orgs": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}/party-orgs", VIEW),
    "list_bodies": Case("GET", lambda w: f"/api/v1/units/{w.community_a.pk}/bodies", VIEW),
    "get_person": Case("GET", lambda w: f"/api/v1/people/{w.person_a2.pk}", VIEW),
    "get_household": Case(
        "GET", lambda w: f"/api/v1/households/{w.household_a.pk}", by_persona(200, 200, 200, 404, 200)
    ),  # household_a is in grid A1
    "get_party_org": Case("GET", lambda w: f"/api/v1/party-orgs/{w.branch_a.pk}", VIEW),
    "list_party_members": Case("GET", lambda w: f"/api/v1/party-orgs/{w.branch_a.pk}/members", VIEW),
    "get_body": Case("GET", lambda w: f"/api/v1/bodies/{w.body_a.pk}", VIEW),
    "list_seats": Case("GET", lambda w: f"/api/v1/bodies/{w.body_a.pk}/seats", VIEW),
    "get_trail": Case("GET", lambda w: f"/api/v1/audit/person/{w.person_a2.pk}", VIEW),
    "get_trail_unit": Case("GET", lambda w: f"/api/v1/audit/unit/{w.community_a.pk}", VIEW),
    "create_unit": Case(
        "POST",
        lambda w: f"/api/v1/units/{w.community_a.pk}/children",
        CREATE,
        lambda w: {"code": "C1G9", "name": "和平社区第九网格", "kind": "grid"},
        "unit.create",
    ),
    "rename_unit": Case(
        "PATCH", lambda w: f"/api/v1/units/{w.grid_a2.pk}", CHANGE, lambda w: {"name": "和平社区二网格"}, "unit.update"
    ),
    "create_household": Case(
        "POST",
        lambda w: f"/api/v1/units/{w.grid_a2.pk}/households",
        CREATE,
        lambda w: {"number": "C1-0300", "address": "和平路3号"},
        "household.create",
    ),
    "create_person": Case("POST", lambda w: "/api/v1/people", CREATE, _new_person, "person.create"),
    "update_person": Case(
        "PATCH",
        lambda w: f"/api/v1/people/{w.person_a2.pk}",
        CHANGE,
        lambda w: {"phone": "13911112222", "relation": "户主"},
        "person.update",
    ),
    "set_membership": Case(
        "PUT",
        lambda w: f"/api/v1/people/{w.person_a2.pk}/membership",
        CHANGE,
        lambda w: {"org_id": w.branch_a.pk, "status": "probationary", "joined_on": "2025-07-01"},
        "membership.set",
    ),
    "add_seat": Case(
        "POST",
        lambda w: f"/api/v1/bodies/{w.body_a.pk}/seats",
        CREATE,
        lambda w: {"person_id": w.person_a2.pk, "post": "committee_member"},
        "body.seat",
    ),
    "remove_seat": Case(
        "DELETE", lambda w: f"/api/v1/bodies/{w.body_a.pk}/seats/{_seat(w).pk}?reason=迁出", REMOVE, None, "body.unseat"
    ),
}


def test_every_operation_is_in_the_table():
    from web.api.tests.openapi import document

    operations = {op["operationId"] for item in document()["paths"].values() for op in item.values()}
    assert operations - set(CASES) == set()
    assert set(CASES) - operations == {"get_trail_unit"}  # a second case of get_trail


@pytest.mark.parametrize("persona", PERSONAS, ids=str)
@pytest.mark.parametrize("name", sorted(CASES))
def test_operation_by_persona(world, api_for, name, persona):
    case = CASES[name]
    client = api_for(persona)
    url = case.url(world)
    before = AuditEntry.objects.count()
    response = client.call(case.method, url, case.body(world) if case.body else None)
    assert response.status_code == case.expected[persona], response.content[:300]
    if case.action and response.status_code < 300:
        entry = AuditEntry.objects.order_by("-id").first()
        assert (AuditEntry.objects.count(), entry.action, entry.actor) == (
            before + 1,
            case.action,
            getattr(world, persona),
        )
    else:
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.method == "GET"))
def test_head_is_answered_like_get(world, api_for, name):
    """Issue 9: HEAD is answered wherever GET is, with no body."""
    client = api_for("organiser")
    url = CASES[name].url(world)
    got = client.get(url)
    head = client.client.generic("HEAD", url, headers=client.headers)
    assert (head.status_code, head.content) == (got.status_code, b"")
    assert head["Content-Type"] == got["Content-Type"]
