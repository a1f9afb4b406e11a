"""A small inspection world for tests: the street's plan with four party-mass cadres, six of
government departments and streets, and five inspectors (two from a department with cadres in
the pool, so recusal can bite); a second street staff user to enter the seed twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from web.inspections import actions
from web.inspections.models import Draw, Plan
from web.org.models import Role
from web.org.testing import World

CADRES = [
    ("王芳", "party_mass", "区妇联"), ("李强", "party_mass", "区总工会"), ("赵敏", "party_mass", "团区委"),
    ("孙丽", "party_mass", "区委组织部"), ("刘洋", "government", "区民政局"), ("陈静", "government", "区教育局"),
    ("杨磊", "government", "区民政局"), ("黄伟", "street", "春熙街道"), ("周杰", "street", "春熙街道"),
    ("吴霞", "government", "区卫健局"),
]  # fmt: skip
INSPECTORS = [
    ("郑明", "区纪委监委"),
    ("冯刚", "区民政局"),
    ("朱红", "区委组织部"),
    ("秦岚", "区民政局"),
    ("许诺", "区审计局"),
]


@dataclass
class InspectionWorld:
    world: World
    plan: Plan
    staff: Any
    staff2: Any

    def draw(self, month: dt.date = dt.date(2026, 3, 1), reason: str = "") -> Draw:
        return actions.do_open_draw(plan=self.plan, month=month, reason=reason, acting_user=self.staff)

    def frozen(self, month: dt.date = dt.date(2026, 3, 1)) -> Draw:
        return actions.do_freeze_pool(draw=self.draw(month), acting_user=self.staff)

    def drawn(self, seed: str = "3 5 1 6", month: dt.date = dt.date(2026, 3, 1)) -> Draw:
        draw = self.frozen(month)
        actions.do_enter_seed(draw=draw, seed=seed, source="三月机关干部大会掷骰子", acting_user=self.staff)
        return actions.do_enter_seed(draw=draw, seed=seed, acting_user=self.staff2)


def make_inspection_world(world: World, *, cadres: int = len(CADRES)) -> InspectionWorld:
    staff = world.street_staff
    staff2 = get_user_model().objects.create_user(username="street_staff2", password="x-street-2026")
    Role.objects.create(user=staff2, unit=world.street, kind=Role.Kind.ORG_STAFF)
    plan = actions.do_save_plan(
        unit=world.street, title="春熙街道机关干部每月随机考察", acting_user=staff,
        min_party_mass=1, min_government=2, inspectors=2, rest_months=3,
    )  # fmt: skip
    for name, sequence, place in CADRES[:cadres]:
        actions.do_add_to_pool(plan=plan, name=name, workplace=place, sequence=sequence, acting_user=staff)
    for name, place in INSPECTORS:
        actions.do_add_to_pool(plan=plan, name=name, workplace=place, acting_user=staff)
    return InspectionWorld(world=world, plan=plan, staff=staff, staff2=staff2)


def url_access_inspection(world: World) -> Draw:
    """For the URL access table: the street's plan with March 2026 drawn and published."""
    return make_inspection_world(world).drawn()
