"""A small world of offices and a catalogue on top of ``web.org.testing``'s street, for tests.

Offices: each grid, both communities and the street have their own; the street has a sanitation
office (街道环卫所, duty ``sanitation``); the district a housing department (区住建局, duty
``housing``). Desks: ``dispatcher`` at the street office (dispatches the whole street),
``grid_handler`` at grid A1, ``community_handler`` at community A, ``street_handler`` at the
street office, ``sanitation`` at the street's sanitation office, ``housing`` at the district's
housing department, ``outside_handler`` at community B. A representative of community A.

Catalogue v1 of the street: a grid matter (``litter``), a community matter (``noise``), a
street department's (``rubbish``, sanitation), a district department's (``building``, housing)
and an urgent one (``water_cut``, hours)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.cases.catalogue import do_publish_catalogue
from web.cases.models import Catalogue, Desk, Entry, EscalationRule, Office
from web.org.models import Role, Unit
from web.org.testing import PASSWORD, World

ENTRIES: list[dict[str, Any]] = [
    {"service_code": "litter", "name": "楼道杂物堆放", "group": "help", "level": 0, "duty": "", "grid_ok": True,
     "urgent": False, "sign_within": 1, "reply_within": 3, "keywords": "杂物 楼道", "description": ""},
    {"service_code": "noise", "name": "邻里噪音纠纷", "group": "complaint", "level": 1, "duty": "", "grid_ok": False,
     "urgent": False, "sign_within": 1, "reply_within": 5, "keywords": "噪音", "description": ""},
    {"service_code": "rubbish", "name": "生活垃圾清运不及时", "group": "complaint", "level": 2, "duty": "sanitation",
     "grid_ok": False, "urgent": False, "sign_within": 1, "reply_within": 5, "keywords": "垃圾", "description": ""},
    {"service_code": "building", "name": "房屋安全隐患", "group": "report", "level": 3, "duty": "housing",
     "grid_ok": False, "urgent": False, "sign_within": 2, "reply_within": 13, "keywords": "房屋", "description": ""},
    {"service_code": "water_cut", "name": "突发停水", "group": "help", "level": 2, "duty": "", "grid_ok": False,
     "urgent": True, "sign_within": 2, "reply_within": 24, "keywords": "停水", "description": ""},
]  # fmt: skip


@dataclass
class CaseWorld:
    org: World
    catalogue: Catalogue
    grid_a1: Office
    grid_a2: Office
    community_a: Office
    community_b: Office
    street: Office
    sanitation: Office
    district: Office
    housing: Office
    dispatcher: Any
    grid_handler: Any
    community_handler: Any
    street_handler: Any
    sanitation_handler: Any
    housing_handler: Any
    outside_handler: Any
    representative: Any
    representative_2: Any

    def entry(self, code: str) -> Entry:
        return self.catalogue.entries.get(service_code=code)


def _office(code: str, name: str, level: int, unit: Unit, duty: str = "") -> Office:
    return Office.objects.create(code=code, name=name, level=level, unit=unit, duty=duty)


def _desk(username: str, office: Office, post: str = Desk.Post.HANDLER) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=username)
    Desk.objects.create(office=office, user=user, post=post)
    return user


def _representative(username: str, unit: Unit) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=username)
    Role.objects.create(user=user, unit=unit, kind=Role.Kind.REPRESENTATIVE)
    return user


def make_case_world(world: World) -> CaseWorld:
    level = Office.Level
    offices = {
        "grid_a1": _office("O-C1G1", "和平社区第一网格", level.GRID, world.grid_a1),
        "grid_a2": _office("O-C1G2", "和平社区第二网格", level.GRID, world.grid_a2),
        "community_a": _office("O-C1", "和平社区居委会", level.COMMUNITY, world.community_a),
        "community_b": _office("O-C2", "红星社区居委会", level.COMMUNITY, world.community_b),
        "street": _office("O-S1", "春熙街道网格化服务中心", level.STREET, world.street),
        "sanitation": _office("O-S1-SAN", "春熙街道环卫所", level.STREET, world.street, "sanitation"),
        "district": _office("O-D1", "锦江区12345热线办", level.DISTRICT, world.district),
        "housing": _office("O-D1-HOU", "锦江区住建局", level.DISTRICT, world.district, "housing"),
    }
    catalogue = do_publish_catalogue(unit=world.street, rows=ENTRIES, note="首版", acting_user=world.street_staff)
    for trigger, threshold in (("overdue", 1), ("returned", 3), ("redone", 3), ("dissatisfied", 2)):
        EscalationRule.objects.create(unit=world.street, trigger=trigger, threshold=threshold)
    return CaseWorld(
        org=world,
        catalogue=catalogue,
        **offices,
        dispatcher=_desk("dispatcher", offices["street"], Desk.Post.DISPATCHER),
        grid_handler=_desk("grid_handler", offices["grid_a1"]),
        community_handler=_desk("community_handler", offices["community_a"]),
        street_handler=_desk("street_handler", offices["street"]),
        sanitation_handler=_desk("sanitation", offices["sanitation"]),
        housing_handler=_desk("housing", offices["housing"]),
        outside_handler=_desk("outside_handler", offices["community_b"]),
        representative=_representative("rep", world.community_a),
        representative_2=_representative("rep2", world.community_a),
    )
