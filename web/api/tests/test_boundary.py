"""The API respects the unit boundary: every write operation of the OpenAPI document, with an
object of community B as the target (in the path), the referent (in the body) and the
current owner, called with community A's organiser's token → refused (4xx, checked against
the document), every table unchanged, nothing of B in the answer. The member lists answer
only members the caller may see.

A new write operation without cases fails ``test_every_write_operation_has_cases``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.boundary import add_b_objects, discloses_b, tables, tie_a2_to_b
from web.api.tests.openapi import document
from web.org.models import PartyMembership, Person

W = Any


@pytest.fixture
def b_world(world):  # type: ignore[no-untyped-def]
    return add_b_objects(world)


def _new_person(w: W, **extra: Any) -> dict[str, Any]:
    from web.org.testing import _id

    return {
        "name": "赵敏",
        "id_number": _id("51010419900215456"),
        "gender": "F",
        "birth_date": "1990-02-15",
        "unit_id": w.grid_a2.pk,
        **extra,
    }


NOTHING: Callable[[W], None] = lambda w: None  # noqa: E731
#: operationId → {role: (prepare, method, URL, body)}
Case = tuple[Callable[[W], None], str, Callable[[W], str], Callable[[W], Any]]
CASES: dict[str, dict[str, Case]] = {
    "create_unit": {
        "target": (
            NOTHING,
            "POST",
            lambda w: f"/api/v1/units/{w.community_b.pk}/children",
            lambda w: {"code": "C2G9", "name": "新网格", "kind": "grid"},
        ),
    },
    "rename_unit": {"owner": (NOTHING, "PATCH", lambda w: f"/api/v1/units/{w.grid_b1.pk}", lambda w: {"name": "改名"})},
    "create_household": {
        "target": (
            NOTHING,
            "POST",
            lambda w: f"/api/v1/units/{w.grid_b1.pk}/households",
            lambda w: {"number": "C2-0009", "address": ""},
        ),
    },
    "create_person": {
        "target": (NOTHING, "POST", lambda w: "/api/v1/people", lambda w: _new_person(w, unit_id=w.grid_b1.pk)),
        "referent": (
            NOTHING,
            "POST",
            lambda w: "/api/v1/people",
            lambda w: _new_person(w, household_id=w.household_b.pk),
        ),
    },
    "update_person": {
        "owner": (NOTHING, "PATCH", lambda w: f"/api/v1/people/{w.person_b.pk}", lambda w: {"phone": "13900000000"}),
        "target": (NOTHING, "PATCH", lambda w: f"/api/v1/people/{w.person_a2.pk}", lambda w: {"unit_id": w.grid_b1.pk}),
        "referent": (
            NOTHING,
            "PATCH",
            lambda w: f"/api/v1/people/{w.person_a2.pk}",
            lambda w: {"household_id": w.household_b.pk},
        ),
        "owner-household": (
            tie_a2_to_b,
            "PATCH",
            lambda w: f"/api/v1/people/{w.person_a2.pk}",
            lambda w: {"household_id": w.household_a.pk},
        ),
    },
    "set_membership": {
        "owner": (
            NOTHING,
            "PUT",
            lambda w: f"/api/v1/people/{w.person_b.pk}/membership",
            lambda w: {"org_id": w.branch_a.pk, "status": "suspended"},
        ),
        "referent": (
            NOTHING,
            "PUT",
            lambda w: f"/api/v1/people/{w.person_a2.pk}/membership",
            lambda w: {"org_id": w.branch_b.pk, "status": "full"},
        ),
        "owner-org": (
            tie_a2_to_b,
            "PUT",
            lambda w: f"/api/v1/people/{w.person_a2.pk}/membership",
            lambda w: {"org_id": w.branch_a.pk, "status": "suspended"},
        ),
    },
    "add_seat": {
        "owner": (
            NOTHING,
            "POST",
            lambda w: f"/api/v1/bodies/{w.body_b.pk}/seats",
            lambda w: {"person_id": w.person_a2.pk, "post": "member"},
        ),
        "referent": (
            NOTHING,
            "POST",
            lambda w: f"/api/v1/bodies/{w.body_a.pk}/seats",
            lambda w: {"person_id": w.person_b.pk, "post": "member"},
        ),
    },
    "remove_seat": {
        "owner": (
            NOTHING,
            "DELETE",
            lambda w: f"/api/v1/bodies/{w.body_b.pk}/seats/{w.seat_b.pk}?reason=迁出",
            lambda w: None,
        ),
        "referent": (
            NOTHING,
            "DELETE",
            lambda w: f"/api/v1/bodies/{w.body_a.pk}/seats/{w.seat_b.pk}?reason=迁出",
            lambda w: None,
        ),
    },
}


def test_every_write_operation_has_cases():
    writes = {
        op["operationId"]
        for item in document()["paths"].values()
        for method, op in item.items()
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == set(CASES)


@pytest.mark.parametrize(("operation", "role"), [(o, r) for o, cases in CASES.items() for r in cases])
def test_a_write_on_an_object_of_b_is_refused(b_world, api_for, operation, role):
    prepare, method, url, body = CASES[operation][role]
    prepare(b_world)
    api = api_for("organiser")  # its token is written first
    before = tables()
    response = api.call(method, url(b_world), body(b_world))
    assert response.status_code in (403, 404, 422), response.content[:300]
    assert tables() == before
    assert discloses_b(response.content) == []


def test_member_lists_answer_only_visible_members(b_world, api_for):
    w = b_world
    Person.objects.filter(pk=w.person_b.pk).update(household=w.household_a)
    PartyMembership.objects.filter(person=w.person_b).update(org=w.branch_a)
    api = api_for("organiser")
    household = api.get(f"/api/v1/households/{w.household_a.pk}")
    members = api.get(f"/api/v1/party-orgs/{w.branch_a.pk}/members")
    for response in (household, members):
        assert response.status_code == 200 and response.json()
        assert discloses_b(response.content) == []
    assert household.json()["member_count"] == 1
    # nor are members of another unit counted where the lists are summed up
    assert api.get(f"/api/v1/party-orgs/{w.branch_a.pk}").json()["member_count"] == 1
    listed = api.get(f"/api/v1/units/{w.community_a.pk}/households").json()["items"]
    assert [h["member_count"] for h in listed if h["id"] == w.household_a.pk] == [1]
    street = api_for("street_staff")
    assert "张伟" in discloses_b(street.get(f"/api/v1/households/{w.household_a.pk}").content)
