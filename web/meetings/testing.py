"""A members' meeting of community A with a roster, for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.meetings import actions
from web.meetings.models import Meeting
from web.org.idnumbers import check_digit
from web.org.models import BodySeat, PartyMembership, Person

NAMES = ["赵一", "钱二", "孙三", "周四", "吴五", "郑六", "冯七", "陈八", "褚九", "卫十", "蒋十一", "沈十二"]


def add_members(world: Any, n: int, *, status: str = "full", start: int = 0) -> list[Person]:
    people = []
    for i in range(start, start + n):
        first17 = f"51010419700101{i:03d}"
        person = Person.objects.create(
            name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            id_number=first17 + check_digit(first17),
            gender="M",
            birth_date=dt.date(1970, 1, 1),
            unit=world.grid_a2,
            unit_path=world.grid_a2.path,
        )
        PartyMembership.objects.create(person=person, org=world.branch_a, status=status)
        BodySeat.objects.create(body=world.body_a, person=person)
        people.append(person)
    return people


def make_meeting(world: Any, *, voters: int = 5, probationary: int = 1, quorum: str | None = None) -> Meeting:
    """``voters`` full members besides world.person_a, and some probationary members (observers)."""
    add_members(world, voters - 1)
    add_members(world, probationary, status="probationary", start=100)
    return actions.do_create_meeting(
        body=world.body_a,
        title="和平社区党员大会",
        starts_at=timezone.now(),
        quorum_rule=quorum,
        acting_user=world.organiser,
    )
