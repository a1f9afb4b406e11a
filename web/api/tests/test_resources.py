"""What the operations return and change, and a bounded number of queries per list."""

from __future__ import annotations

import datetime as dt

import pytest

from web.org import idnumbers
from web.org.idnumbers import check_digit
from web.org.models import BodySeat, Household, PartyMembership, Person


def _bulk_people(world, n):
    hh = Household.objects.create(unit=world.grid_a2, number="C1-0900", address="")
    people = []
    for i in range(n):
        first17 = f"51010419850101{i:03d}"
        people.append(
            Person(
                name=f"测试{i}",
                id_number=first17 + check_digit(first17),
                gender="M",
                birth_date=dt.date(1980, 1, 1),
                unit=world.grid_a2,
                unit_path=world.grid_a2.path,
                household=hh,
            )
        )
    Person.objects.bulk_create(people)
    created = list(Person.objects.filter(name__startswith="测试"))
    PartyMembership.objects.bulk_create(PartyMembership(person=p, org=world.branch_a, status="full") for p in created)
    BodySeat.objects.bulk_create(BodySeat(body=world.body_a, person=p) for p in created)
    return created


def test_id_numbers_are_full_for_managers_and_masked_for_viewers(world, api_for):
    url = f"/api/v1/people/{world.person_a2.pk}"
    full = api_for("organiser").get(url).json()
    masked = api_for("member").get(url).json()
    assert (full["id_number"], full["id_number_masked"]) == (world.person_a2.id_number, False)
    assert masked["id_number"] == idnumbers.masked(world.person_a2.id_number) and masked["id_number_masked"] is True
    assert "*" in masked["id_number"]


def test_people_search_by_name_id_and_phone(world, api_for):
    api = api_for("street_staff")
    url = f"/api/v1/units/{world.street.pk}/people"
    assert [p["name"] for p in api.get(url + "?q=王").json()["items"]] == ["王芳"]
    assert api.get(url + "?q=13800000003").json()["items"][0]["name"] == "张伟"
    assert api.get(url + f"?q={world.person_a2.id_number[-4:]}").json()["items"][0]["name"] == "李强"
    assert api.get(url).json()["count"] == 3


def test_people_pages(world, api_for):
    _bulk_people(world, 30)
    api = api_for("organiser")
    url = f"/api/v1/units/{world.community_a.pk}/people"
    first, second = api.get(url + "?limit=20").json(), api.get(url + "?limit=20&offset=20").json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (32, 20, 12)
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])


def test_the_observer_sees_only_their_grid(world, api_for):
    api = api_for("observer")
    assert [u["code"] for u in api.get("/api/v1/units").json()] == ["C1G1"]
    assert api.get(f"/api/v1/units/{world.grid_a1.pk}/people").json()["count"] == 1
    assert api.get(f"/api/v1/people/{world.person_a.pk}").status_code == 200


def test_unit_and_counts(world, api_for):
    api = api_for("organiser")
    unit = api.get(f"/api/v1/units/{world.community_a.pk}").json()
    assert [c["code"] for c in unit["children"]] == ["C1G1", "C1G2"] and unit["can_manage"] is True
    counts = api.get(f"/api/v1/units/{world.community_a.pk}/counts").json()
    assert (counts["people"], counts["households"], counts["units_below"]) == (2, 1, 3)
    assert counts["party_members"]["full"] == 1 and counts["party_members"]["total"] == 1


def test_creating_and_renaming_a_unit(world, api_for):
    api = api_for("organiser")
    created = api.post(
        f"/api/v1/units/{world.community_a.pk}/children", {"code": "C1G3", "name": "第三网格", "kind": "grid"}
    )
    assert created.status_code == 201 and created.json()["parent_id"] == world.community_a.pk
    renamed = api.patch(f"/api/v1/units/{created.json()['id']}", {"name": "和平社区第三网格"})
    assert renamed.json()["name"] == "和平社区第三网格"
    trail = api.get(f"/api/v1/audit/unit/{created.json()['id']}").json()
    assert [e["action"] for e in trail["items"]] == ["unit.update", "unit.create"]
    assert trail["items"][0]["changes"] == {"name": ["第三网格", "和平社区第三网格"]}
    assert trail["items"][0]["actor"] == "organiser"


def test_patch_changes_only_what_was_sent(world, api_for):
    api = api_for("organiser")
    response = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"phone": "13911112222"})
    person = Person.objects.get(pk=world.person_a2.pk)
    assert response.status_code == 200 and person.phone == "13911112222" and person.name == "李强"
    trail = api.get(f"/api/v1/audit/person/{person.pk}").json()["items"]
    assert trail[0]["changes"] == {"phone": ["13800000002", "13911112222"]}
    unchanged = api.patch(f"/api/v1/people/{person.pk}", {"phone": "13911112222"})
    assert unchanged.status_code == 200
    assert api.get(f"/api/v1/audit/person/{person.pk}").json()["count"] == 1  # no change, no entry


def test_moving_a_person_into_a_household(world, api_for):
    api = api_for("organiser")
    hh = api.post(f"/api/v1/units/{world.grid_a2.pk}/households", {"number": "C1-0301"}).json()
    moved = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"household_id": hh["id"], "relation": "户主"})
    assert moved.json()["household"] == {"id": hh["id"], "number": "C1-0301"}
    detail = api.get(f"/api/v1/households/{hh['id']}").json()
    assert [m["name"] for m in detail["members"]] == ["李强"] and detail["member_count"] == 1
    out = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"household_id": None})
    assert out.json()["household"] is None


def test_creating_a_person_and_setting_membership(world, api_for):
    from web.org.testing import _id

    api = api_for("organiser")
    person = api.post(
        "/api/v1/people",
        {
            "name": "赵敏",
            "id_number": _id("51010419900215456").lower(),
            "gender": "F",
            "birth_date": "1990-02-15",
            "unit_id": world.grid_a2.pk,
            "kind": "resident",
        },
    ).json()
    assert person["id_number"] == _id("51010419900215456") and person["membership"] is None
    membership = api.put(
        f"/api/v1/people/{person['id']}/membership",
        {"org_id": world.branch_a.pk, "status": "probationary", "is_floating": True},
    )
    assert membership.json() == {
        "org_id": world.branch_a.pk,
        "status": "probationary",
        "is_floating": True,
        "joined_on": None,
    }
    members = api.get(f"/api/v1/party-orgs/{world.branch_a.pk}/members").json()
    assert {m["name"]: m["status"] for m in members["items"]} == {"王芳": "full", "赵敏": "probationary"}


def test_roster_add_and_remove(world, api_for):
    api = api_for("organiser")
    seat = api.post(
        f"/api/v1/bodies/{world.body_a.pk}/seats",
        {"person_id": world.person_a2.pk, "post": "secretary", "since": "2026-01-05"},
    ).json()
    assert (seat["name"], seat["post"], seat["since"]) == ("李强", "secretary", "2026-01-05")
    roster = api.get(f"/api/v1/bodies/{world.body_a.pk}/seats").json()
    assert roster["count"] == 2 and api.get(f"/api/v1/bodies/{world.body_a.pk}").json()["seat_count"] == 2
    gone = api.delete(f"/api/v1/bodies/{world.body_a.pk}/seats/{seat['id']}?reason=换届")
    assert gone.status_code == 204 and gone.content == b""
    entry = api.get(f"/api/v1/audit/body/{world.body_a.pk}").json()
    assert entry["count"] == 0  # seat entries are about the seat, not the body
    from web.audit.models import AuditEntry

    assert AuditEntry.objects.order_by("-id").first().reason == "换届"


LISTS = [
    "/api/v1/units/{a}/people?limit={n}",
    "/api/v1/units/{a}/households?limit={n}",
    "/api/v1/party-orgs/{org}/members?limit={n}",
    "/api/v1/bodies/{body}/seats?limit={n}",
    "/api/v1/households/{hh}",
    "/api/v1/units/{a}/party-orgs",
    "/api/v1/units/{a}/bodies",
    "/api/v1/units",
]


@pytest.mark.parametrize("template", LISTS)
def test_lists_take_a_bounded_number_of_queries_whatever_the_page_size(
    world, api_for, template, django_assert_max_num_queries
):
    people = _bulk_people(world, 210)
    for i in range(60):
        Household.objects.create(unit=world.grid_a2, number=f"C1-5{i:03d}")
    api = api_for("member")
    api.get("/api/v1/units")  # the token's last_used_at is written on the first call only
    for n in (1, 200):
        url = template.format(
            a=world.community_a.pk, org=world.branch_a.pk, body=world.body_a.pk, hh=people[0].household_id, n=n
        )
        with django_assert_max_num_queries(7):
            response = api.get(url)
        assert response.status_code == 200
