"""A small world of studios on top of ``web.cases.testing``'s street, for tests.

The district's party congress (区党代会) with three representatives, each a person of the roster
who signs in with a representative's role on the district: ``rep_a`` (刘洋) and ``rep_b`` (陈静),
attached to community A's studio, and ``rep_c`` (赵磊), attached to community B's.

Studios: community A's (director ``director_a`` with a desk at the community's office, so they
may enter requests there; secretary ``secretary_a``; volunteer ``volunteer_a``), community B's
(director ``director_b``), an industry studio (health) on the street and the online studio on
the district. A reception rule at A: every Tuesday 09:00–11:30, the roster rep_a and rep_b, one
a session in turn; the sessions of the coming weeks made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.cases.models import Desk
from web.cases.testing import CaseWorld
from web.org.models import Body, BodySeat, Person, Role
from web.org.testing import PASSWORD
from web.studios import actions
from web.studios.models import Rule, Staff, Studio


@dataclass
class StudioWorld:
    cw: CaseWorld
    congress: Body
    seat_a: BodySeat
    seat_b: BodySeat
    seat_c: BodySeat
    rep_a: Any
    rep_b: Any
    rep_c: Any
    studio_a: Studio
    studio_b: Studio
    industry: Studio
    online: Studio
    director_a: Any
    secretary_a: Any
    volunteer_a: Any
    director_b: Any
    rule_a: Rule

    @property
    def org(self) -> Any:
        return self.cw.org


_ids = iter(range(100, 999))


def _person(name: str, unit: Any) -> Person:
    from web.org.idnumbers import check_digit

    first17 = f"51010419700101{next(_ids):03d}"
    return Person.objects.create(
        name=name,
        id_number=first17 + check_digit(first17),
        gender="M",
        birth_date=dt.date(1970, 1, 1),
        unit=unit,
        unit_path=unit.path,
        phone="139" + first17[-8:],
    )


def _user(username: str, person: Person) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=person.name)
    user.person = person
    user.save(update_fields=["person"])
    return user


def _representative(username: str, name: str, unit: Any, congress: Body) -> tuple[BodySeat, Any]:
    person = _person(name, unit)
    seat = BodySeat.objects.create(body=congress, person=person, post=BodySeat.Post.REPRESENTATIVE)
    user = _user(username, person)
    Role.objects.create(user=user, unit=congress.unit, body=congress, kind=Role.Kind.REPRESENTATIVE)
    return seat, user


def make_studio_world(cw: CaseWorld) -> StudioWorld:
    world = cw.org
    liaison = world.street_staff
    congress = Body.objects.create(name="锦江区第一届党代会", kind=Body.Kind.CONGRESS, unit=world.district)
    seat_a, rep_a = _representative("rep_a", "刘洋", world.community_a, congress)
    seat_b, rep_b = _representative("rep_b", "陈静", world.grid_a2, congress)
    seat_c, rep_c = _representative("rep_c", "赵磊", world.community_b, congress)
    studio_a = actions.do_save_studio(
        acting_user=liaison,
        name="和平社区党代表工作室",
        kind=Studio.Kind.COMMUNITY,
        unit=world.community_a,
        address="和平路8号社区党群服务中心二楼",
        phone="028-86001234",
        hours="工作日 9:00–17:00",
    )
    studio_b = actions.do_save_studio(
        acting_user=liaison, name="红星社区党代表工作室", kind=Studio.Kind.COMMUNITY, unit=world.community_b
    )
    industry = actions.do_save_studio(
        acting_user=liaison,
        name="卫生健康行业党代表工作室",
        kind=Studio.Kind.INDUSTRY,
        sector="health",
        unit=world.street,
    )
    online = actions.do_save_studio(
        acting_user=liaison, name="网上党代表工作室", kind=Studio.Kind.ONLINE, unit=world.street
    )
    director_a = _user("director_a", _person("周敏", world.community_a))
    Desk.objects.create(office=cw.community_a, user=director_a, post=Desk.Post.HANDLER)
    secretary_a = _user("secretary_a", _person("吴婷", world.community_a))
    volunteer_a = _user("volunteer_a", _person("郑凯", world.grid_a1))
    director_b = _user("director_b", _person("孙丽", world.community_b))
    for studio, user, post in (
        (studio_a, director_a, Staff.Post.DIRECTOR),
        (studio_a, secretary_a, Staff.Post.SECRETARY),
        (studio_a, volunteer_a, Staff.Post.VOLUNTEER),
        (studio_b, director_b, Staff.Post.DIRECTOR),
    ):
        actions.do_set_staff(studio=studio, person=user.person, post=post, acting_user=liaison)
    for studio, seat in (
        (studio_a, seat_a),
        (studio_a, seat_b),
        (studio_b, seat_c),
        (online, seat_a),
        (online, seat_c),
        (industry, seat_b),
    ):
        actions.do_attach_representative(studio=studio, seat=seat, acting_user=liaison)
    rule_a = actions.do_save_rule(
        studio=studio_a,
        acting_user=director_a,
        kind=Rule.Kind.RECEPTION,
        week=Rule.Week.EVERY,
        weekday=Rule.Weekday.TUESDAY,
        starts=dt.time(9, 0),
        ends=dt.time(11, 30),
        valid_from=actions.today(),
        roster=[seat_a, seat_b],
        per_session=1,
    )
    return StudioWorld(
        cw=cw,
        congress=congress,
        seat_a=seat_a,
        seat_b=seat_b,
        seat_c=seat_c,
        rep_a=rep_a,
        rep_b=rep_b,
        rep_c=rep_c,
        studio_a=studio_a,
        studio_b=studio_b,
        industry=industry,
        online=online,
        director_a=director_a,
        secretary_a=secretary_a,
        volunteer_a=volunteer_a,
        director_b=director_b,
        rule_a=rule_a,
    )
