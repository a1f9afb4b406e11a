"""What the boundary tests share: the other unit's objects, a snapshot of every table a write
could touch, and the words of the other unit that no answer may contain.

The world (``web.org.testing``) has community A (the organiser's) and community B (the
outsider's). Here B also gets a household with an address, so every kind of object that the
importer, the pages and the API can touch has an instance on B's side. All of B's names
contain 红星, and its one person is 张伟: a response that shows either has disclosed B.
"""

from __future__ import annotations

import json
from typing import Any

from web.audit.models import AuditEntry
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit

#: words only B's objects carry (names, the household's address)
B_WORDS = ("红星", "张伟")

MODELS = (Unit, PartyOrg, Household, Person, PartyMembership, Body, BodySeat, Role, AuditEntry)


def add_b_objects(world: Any) -> Any:
    """B's household (in grid B1) with 张伟 in it, B's body with 张伟 on its roster, and the
    outsider's role (B's organiser)."""
    world.household_b = Household.objects.create(unit=world.grid_b1, number="C2-0001", address="红星路9号")
    Person.objects.filter(pk=world.person_b.pk).update(household=world.household_b)
    world.body_b = Body.objects.create(
        name="红星社区党员大会", kind="members_meeting", unit=world.community_b, party_org=world.branch_b
    )
    world.seat_b = BodySeat.objects.create(body=world.body_b, person=world.person_b, post="member")
    world.role_b = Role.objects.get(user=world.outsider)
    return world


def tie_a2_to_b(world: Any) -> None:
    """Person A2 (registered in A) is a member of B's branch and lives in B's household."""
    PartyMembership.objects.create(person=world.person_a2, org=world.branch_b, status="full")
    Person.objects.filter(pk=world.person_a2.pk).update(household=world.household_b)
    world.person_a2.refresh_from_db()


def tables() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a write could change, to compare before and after."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def discloses_b(content: bytes | str) -> list[str]:
    """B's words found in a page or a JSON answer (whose strings may be \\u-escaped)."""
    text = content.decode() if isinstance(content, bytes) else content
    try:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        pass
    return [w for w in B_WORDS if w in text]
