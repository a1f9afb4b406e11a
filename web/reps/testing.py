"""A district party congress on the small test world (``web.org.testing``): three representatives,
王芳 (community A, the world's ``representative`` persona), 李强 (community A) and 张伟 (community
B), each with an account, and the district's liaison staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.org.models import Body, BodySeat, Role
from web.org.testing import PASSWORD, persona_user

SINCE = dt.date(2023, 11, 18)


@dataclass
class Congress:
    body: Body
    seat_a: BodySeat
    seat_a2: BodySeat
    seat_b: BodySeat
    #: 王芳's account: the world's representative persona
    rep_a: Any
    rep_a2: Any
    rep_b: Any
    district_staff: Any


def _account(username: str, seat: BodySeat, congress: Body) -> Any:
    user = get_user_model().objects.filter(person=seat.person).first()
    if user is None:
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, display_name=seat.person.name, person=seat.person
        )
    Role.objects.create(user=user, unit=congress.unit, body=congress, kind=Role.Kind.REPRESENTATIVE)
    return user


def make_congress(world: Any) -> Congress:
    body = Body.objects.create(name="中共锦江区第十三次代表大会", kind=Body.Kind.CONGRESS, unit=world.district)

    def seat(person: Any) -> BodySeat:
        return BodySeat.objects.create(body=body, person=person, post=BodySeat.Post.REPRESENTATIVE, since=SINCE)

    seat_a, seat_a2, seat_b = seat(world.person_a), seat(world.person_a2), seat(world.person_b)
    persona_user(world, "representative")  # 王芳's account, made before the congress gives her a role
    staff = get_user_model().objects.create_user(username="district_staff", password=PASSWORD)
    Role.objects.create(user=staff, unit=world.district, kind=Role.Kind.ORG_STAFF)
    return Congress(
        body=body,
        seat_a=seat_a,
        seat_a2=seat_a2,
        seat_b=seat_b,
        rep_a=_account("rep_a", seat_a, body),
        rep_a2=_account("rep_a2", seat_a2, body),
        rep_b=_account("rep_b", seat_b, body),
        district_staff=staff,
    )
