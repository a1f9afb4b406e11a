"""What the boundary tests share: the other unit's objects, a snapshot of every table a write
could touch, and the words of the other unit that no answer may contain.

The world (``web.org.testing``) has community A (the organiser's) and community B (the
outsider's). Here B also gets a household with an address, so every kind of object that the
importer, the pages and the API can touch has an instance on B's side. All of B's names
contain 红星, and its one person is 张伟: a response that shows either has disclosed B.
"""

from __future__ import annotations

from typing import Any

from web.audit.models import AuditEntry
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit

#: words only B's objects carry (names, the household's address)
B_WORDS = ("红星", "张伟")

MODELS = (Unit, PartyOrg, Household, Person, PartyMembership, Body, BodySeat, Role, AuditEntry)


def add_b_household(world: Any) -> Household:
    """B's household (in grid B1) with 张伟 in it."""
    household = Household.objects.create(unit=world.grid_b1, number="C2-0001", address="红星路9号")
    Person.objects.filter(pk=world.person_b.pk).update(household=household)
    world.household_b = household
    return household


def tables() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a write could change, to compare before and after."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def discloses_b(content: bytes | str) -> list[str]:
    text = content.decode() if isinstance(content, bytes) else content
    return [w for w in B_WORDS if w in text]
