"""A two-way appraisal of the test world's street (``web.org.testing``): its offices, a body of
the villages' representatives (one a community) and its leadership body, each with a meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from web.appraisals import two_way
from web.appraisals.models import Session
from web.cases.models import Office
from web.meetings import actions as meeting_actions
from web.meetings.models import Meeting
from web.org.idnumbers import check_digit
from web.org.models import Body, BodySeat, PartyMembership, PartyOrg, Person, Role

CADRE_PASSWORD = "village-cadre-2026"


@dataclass
class Setting:
    offices: list[Office]
    reps_meeting: Meeting
    leaders_meeting: Meeting
    cadre: Any  # the user of community B's representative (a village cadre who rates)


def _leader(world: Any, i: int, org: PartyOrg) -> Person:
    first17 = f"51010419650101{900 + i:03d}"
    person = Person.objects.create(
        name=["街道书记", "街道主任", "街道委员"][i],
        id_number=first17 + check_digit(first17),
        gender="M",
        birth_date=dt.date(1965, 1, 1),
        unit=world.street,
        unit_path=world.street.path,
    )
    PartyMembership.objects.create(person=person, org=org, status="full")
    return person


def setting(world: Any, *, open_meetings: bool = True) -> Setting:
    """Two offices of the street; the communities' representatives (person_a of A, person_b of B)
    and the street's three leaders, each body with a meeting called by the street's staff."""
    offices = [  # the street's own office may be there already (``web.cases.testing``)
        Office.objects.get_or_create(
            unit=world.street, duty="", defaults={"code": "O-S1", "name": "春熙街道办事处", "level": 2}
        )[0],
        Office.objects.create(code="O-S1-CIV", name="春熙街道民政科", level=2, unit=world.street, duty="civil"),
    ]
    reps = Body.objects.create(name="春熙街道村（社区）代表会议", kind=Body.Kind.VILLAGER_REPS, unit=world.street)
    for person in (world.person_a, world.person_b):
        BodySeat.objects.create(body=reps, person=person, post=BodySeat.Post.REPRESENTATIVE)
    org = PartyOrg.objects.create(code="P-S1", name="春熙街道党工委", kind="committee", unit=world.street)
    leaders = Body.objects.create(
        name="春熙街道党工委全体委员会议", kind=Body.Kind.FULL_COMMITTEE, unit=world.street, party_org=org
    )
    for i in range(3):
        BodySeat.objects.create(body=leaders, person=_leader(world, i, org), post=BodySeat.Post.MEMBER)
    now = timezone.now()
    meetings = [
        meeting_actions.do_create_meeting(body=body, title=title, starts_at=now, acting_user=world.street_staff)
        for body, title in ((reps, "村（社区）代表会议"), (leaders, "党工委全体委员会议"))
    ]
    if open_meetings:
        for m in meetings:
            meeting_actions.do_open_meeting(meeting=m, acting_user=world.street_staff)
    cadre = get_user_model().objects.filter(person=world.person_b).first()
    if cadre is None:
        cadre = get_user_model().objects.create_user(username="cadre_b", password=CADRE_PASSWORD, display_name="张伟")
        cadre.person = world.person_b
        cadre.save(update_fields=["person"])
        Role.objects.create(user=cadre, unit=world.community_b, kind=Role.Kind.COMMITTEE_MEMBER)
    return Setting(offices=offices, reps_meeting=meetings[0], leaders_meeting=meetings[1], cadre=cadre)


def given(world: Any, found: Setting, **changes: Any) -> two_way.TwoWayIn:
    fields: dict[str, Any] = {
        "year": 2025,
        "mode": Session.Mode.PHONE,
        "offices_meeting": found.reps_meeting,
        "villages_meeting": found.leaders_meeting,
        "offices": found.offices,
        "villages": [world.community_a, world.community_b],
    }
    fields.update(changes)
    return two_way.TwoWayIn(**fields)


def create(world: Any, **changes: Any) -> tuple[Session, Session, Setting]:
    found = setting(world)
    offices, villages = two_way.do_create_two_way(
        township=world.street, given=given(world, found, **changes), acting_user=world.street_staff
    )
    return offices, villages, found
