"""A small, fixed world for tests: two communities under one street, and the personas.

Personas (STYLE.md): ``organiser`` (organisation staff of community A: sees and changes it),
``member`` (committee member of community A: sees, cannot change), ``observer`` (grid worker
of grid A1: sees only that grid, cannot change), ``outsider`` (organisation staff of community
B: sees nothing of A), and anonymous (no user).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.org.actions import place_unit
from web.org.idnumbers import check_digit
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    district: Unit
    street: Unit
    community_a: Unit
    community_b: Unit
    grid_a1: Unit
    grid_a2: Unit
    grid_b1: Unit
    building_a1: Unit
    household_a: Household
    person_a: Person
    person_a2: Person
    person_b: Person
    branch_a: PartyOrg
    branch_b: PartyOrg
    body_a: Body
    organiser: Any
    member: Any
    observer: Any
    outsider: Any
    street_staff: Any


def _unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent, path="")
    place_unit(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


def _id(first17: str) -> str:
    return first17 + check_digit(first17)


def _person(name: str, id_number: str, unit: Unit, household: Household | None = None, phone: str = "") -> Person:
    return Person.objects.create(
        name=name,
        id_number=id_number,
        phone=phone,
        gender="F",
        birth_date=dt.date(1980, 1, 1),
        unit=unit,
        unit_path=unit.path,
        household=household,
    )


def _user(username: str, unit: Unit, kind: str) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=username)
    Role.objects.create(user=user, unit=unit, kind=kind)
    return user


def make_world() -> World:
    district = _unit("D1", "锦江区", "district", None)
    street = _unit("S1", "春熙街道", "street", district)
    a = _unit("C1", "和平社区", "community", street)
    b = _unit("C2", "红星社区", "community", street)
    a1 = _unit("C1G1", "和平社区第一网格", "grid", a)
    a2 = _unit("C1G2", "和平社区第二网格", "grid", a)
    b1 = _unit("C2G1", "红星社区第一网格", "grid", b)
    bld = _unit("C1G1B1", "1栋", "building", a1)
    hh = Household.objects.create(unit=bld, number="C1-0001", address="和平路1号1栋101")
    pa = _person("王芳", _id("51010419800101123"), bld, hh, phone="13800000001")
    pa2 = _person("李强", _id("51010419800101234"), a2, phone="13800000002")
    pb = _person("张伟", _id("51010419800101345"), b1, phone="13800000003")
    branch_a = PartyOrg.objects.create(code="P-C1", name="和平社区党支部", kind="branch", unit=a)
    branch_b = PartyOrg.objects.create(code="P-C2", name="红星社区党支部", kind="branch", unit=b)
    PartyMembership.objects.create(person=pa, org=branch_a, status="full")
    PartyMembership.objects.create(person=pb, org=branch_b, status="probationary")
    body_a = Body.objects.create(name="和平社区党员大会", kind="members_meeting", unit=a, party_org=branch_a)
    BodySeat.objects.create(body=body_a, person=pa, post="member")
    return World(
        district=district,
        street=street,
        community_a=a,
        community_b=b,
        grid_a1=a1,
        grid_a2=a2,
        grid_b1=b1,
        building_a1=bld,
        household_a=hh,
        person_a=pa,
        person_a2=pa2,
        person_b=pb,
        branch_a=branch_a,
        branch_b=branch_b,
        body_a=body_a,
        organiser=_user("organiser", a, "org_staff"),
        member=_user("member", a, "committee_member"),
        observer=_user("observer", a1, "grid_worker"),
        outsider=_user("outsider", b, "org_staff"),
        street_staff=_user("street_staff", street, "org_staff"),
    )


def persona_user(world: Any, persona: str) -> Any:
    """The world's user for a persona; the teller, the representative (a member of A's body,
    linked to 王芳, who sits on it) and the stranger are made on first use."""
    if hasattr(world, persona):
        return getattr(world, persona)
    user = get_user_model().objects.create_user(username=persona, password=f"x-{persona}-2026")
    if persona == "teller":
        Role.objects.create(user=user, unit=world.community_a, kind=Role.Kind.TELLER)
    if persona == "representative":  # 王芳, who sits on A's body: reads its meetings, nothing else
        user.person = world.person_a
        user.save(update_fields=["person"])
        Role.objects.create(user=user, unit=world.community_a, body=world.body_a, kind=Role.Kind.REPRESENTATIVE)
    setattr(world, persona, user)
    return user
