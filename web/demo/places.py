"""The places of the demo street: a fictional street of Jinjiang district, Chengdu (the
district of seed 000), whose communities carry the names of the four "3+1" pilot
communities of that seed plus two more, and two villages of the kind the district had.

Sizes are in households; at scale 1.0 the street holds about 7,100 households and 20,000
people. Grids are cut at about 300 households (seed 001, part 2).
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICT_CODE = "510104"
DISTRICT_NAME = "锦江区"
STREET_NAME = "锦华街道"
STREET_CODE = "JH"

#: where people born elsewhere come from: the other urban districts of Chengdu
OTHER_AREA_CODES = ("510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115")


@dataclass(frozen=True)
class Place:
    name: str
    households: int
    roads: tuple[str, ...]
    is_village: bool = False


COMMUNITIES: tuple[Place, ...] = (
    Place("滨江社区", 1700, ("滨江东路", "滨江中路", "新南路")),
    Place("河滨社区", 1250, ("河滨路", "锦江大道", "东门街")),
    Place("水井坊社区", 1100, ("水井街", "水井坊路", "黄伞巷")),
    Place("总府路社区", 950, ("总府路", "红星路", "春熙路")),
    Place("望江社区", 650, ("望江路", "九眼桥路")),
    Place("锦华社区", 420, ("锦华路", "东大街")),
)

VILLAGES: tuple[Place, ...] = (
    Place("红砂村", 420, (), is_village=True),
    Place("幸福村", 700, (), is_village=True),
)

#: a township beside the street, of fixed size (not scaled): the seat of the three-ballot
#: election of its party secretary (seed 001, part 4), whose members' meeting needs the
#: seed's 497 members voting at any ``--scale``
TOWNSHIP_NAME = "锦桂镇"
TOWNSHIP_CODE = "JG"
TOWNSHIP_VILLAGES: tuple[Place, ...] = (
    Place("桂花村", 560, (), is_village=True),
    Place("金桂村", 520, (), is_village=True),
    Place("丹桂村", 480, (), is_village=True),
    Place("银桂村", 440, (), is_village=True),
)
#: the district committee's full session (区委全委会), which picks the two formal candidates
DISTRICT_COMMITTEE_SIZE = 31

CHINESE_ORDINALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for grid and group numbers)."""
    if n <= 10:
        return CHINESE_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return head + "十" + (CHINESE_ORDINALS[ones - 1] if ones else "")
