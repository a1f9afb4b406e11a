"""Chinese personal names for the demo street, composed from lists written for Jiceng.

Surnames carry a weight roughly proportional to how common they are on the mainland (the
big five, 王 李 张 刘 陈, hold about a third of the population; the tail thins out fast). The
weights are rounded estimates in units of 0.01 % and only shape the demo: they are not a
statistic to quote.

Given names follow the fashion of the decade of birth: 建国 and 秀英 for those born before
1960, 伟 and 丽 (often a single character) for 1960–1989, 浩宇 and 欣怡 for 1990–2004,
梓轩 and 语涵 after 2005.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# (surname, weight in 0.01 % of the population, rounded)
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 720),
    ("李", 715),
    ("张", 690),
    ("刘", 540),
    ("陈", 460),
    ("杨", 310),
    ("黄", 220),
    ("赵", 210),
    ("吴", 200),
    ("周", 190),
    ("徐", 150),
    ("孙", 150),
    ("马", 130),
    ("朱", 130),
    ("胡", 120),
    ("郭", 115),
    ("何", 115),
    ("林", 100),
    ("高", 100),
    ("罗", 100),
    ("郑", 90),
    ("梁", 85),
    ("谢", 80),
    ("宋", 75),
    ("唐", 80),
    ("许", 70),
    ("韩", 70),
    ("邓", 75),
    ("冯", 70),
    ("曹", 65),
    ("彭", 65),
    ("曾", 65),
    ("肖", 60),
    ("田", 55),
    ("董", 55),
    ("潘", 50),
    ("袁", 50),
    ("蔡", 50),
    ("蒋", 50),
    ("余", 45),
    ("于", 45),
    ("杜", 45),
    ("叶", 45),
    ("程", 45),
    ("魏", 40),
    ("苏", 40),
    ("吕", 40),
    ("丁", 40),
    ("任", 40),
    ("卢", 35),
    ("姚", 35),
    ("沈", 35),
    ("钟", 35),
    ("姜", 35),
    ("崔", 33),
    ("谭", 33),
    ("陆", 30),
    ("范", 30),
    ("汪", 30),
    ("廖", 30),
    ("石", 30),
    ("金", 28),
    ("韦", 27),
    ("贾", 27),
    ("夏", 26),
    ("付", 26),
    ("方", 25),
    ("邹", 24),
    ("熊", 24),
    ("白", 24),
    ("孟", 23),
    ("秦", 23),
    ("邱", 23),
    ("侯", 22),
    ("江", 22),
    ("尹", 21),
    ("薛", 20),
    ("闫", 20),
    ("段", 20),
    ("雷", 20),
    ("龙", 18),
    ("黎", 18),
    ("史", 18),
    ("陶", 17),
    ("贺", 17),
    ("毛", 16),
    ("郝", 16),
    ("顾", 15),
    ("龚", 15),
    ("邵", 15),
    ("万", 14),
    ("覃", 14),
    ("武", 14),
    ("钱", 13),
    ("戴", 13),
    ("严", 13),
    ("莫", 12),
    ("孔", 12),
    ("向", 12),
    ("常", 12),
    ("汤", 11),
    ("康", 11),
    ("易", 11),
    ("乔", 10),
    ("赖", 10),
    ("文", 10),
    ("施", 9),
    ("洪", 9),
    ("辛", 8),
    ("牟", 6),
    ("敬", 4),
    ("欧阳", 4),
    ("司马", 1),
    ("上官", 1),
)

_SURNAME_LIST = [s for s, _w in SURNAMES]
_SURNAME_CUM = list(accumulate(w for _s, w in SURNAMES))

# Per era: (single-character share, first characters, second characters, single characters),
# for men ("M") and women ("F").
_Era = tuple[float, str, str, str]
GIVEN: dict[str, dict[str, _Era]] = {
    "before_1960": {
        "M": (
            0.10,
            "国建德志永文明玉福长学光春立成家世庆宝树",
            "华明林强生民发荣平安清才祥山忠良贵富昌义",
            "明华林忠贵",
        ),
        "F": (0.08, "秀玉桂淑凤翠素兰春金美月慧琼德", "英兰珍芳华梅琴芬蓉霞云莲凤香娥荣清", "英兰珍芳琼"),
    },
    "1960_1989": {
        "M": (
            0.30,
            "建志海晓文俊国永小红明东春学宏立卫振",
            "伟军勇平林峰东华明涛强斌波刚鹏辉宇飞",
            "伟勇军斌杰涛强磊超刚平辉鹏华明波亮健峰林",
        ),
        "F": (
            0.30,
            "晓丽秀红美小春海雪玉文桂凤丹慧素",
            "丽燕红霞梅琴玲芳娟艳静敏华英蓉萍莉",
            "丽静敏燕艳芳娟霞婷玲琳红萍英华梅莉蓉",
        ),
    },
    "1990_2004": {
        "M": (0.15, "浩子俊宇泽鑫家嘉天博文明志一晨思", "宇轩杰然鹏涛鑫豪航博阳磊凯明睿辰成东", "鑫磊浩杰宇凯帅超"),
        "F": (0.12, "思雨佳欣梦诗婉雪晓紫心可静梓子雅", "琪怡雨涵婷瑶佳悦洁雯妍琳萱颖蕾", "婷琳洁颖悦瑶雯佳"),
    },
    "since_2005": {
        "M": (0.05, "梓子宇浩俊一奕沐皓宸博泽铭景承思", "轩辰睿航宇泽涵铭阳然豪恒晨熙霖锦诺", "睿航轩宸"),
        "F": (0.05, "梓欣一语可子诗雨佳若芷思依沐安梦", "涵怡萱彤琪诺然妍瑶悦希冉汐宁菲晴", "萱彤悦菲"),
    },
}

#: women's names made of a doubled character (婷婷, 丹丹) in the decades when they were common
_DOUBLED = "婷丹莉欢娟静倩甜晶洁"


def era_of(birth_year: int) -> str:
    if birth_year < 1960:
        return "before_1960"
    if birth_year < 1990:
        return "1960_1989"
    if birth_year < 2005:
        return "1990_2004"
    return "since_2005"


def pick_surname(rng: random.Random) -> str:
    return _SURNAME_LIST[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


def given_name(rng: random.Random, *, gender: str, birth_year: int) -> str:
    era = era_of(birth_year)
    single_share, firsts, seconds, singles = GIVEN[era][gender]
    if gender == "F" and era in ("1960_1989", "1990_2004") and rng.random() < 0.06:
        c = rng.choice(_DOUBLED)
        return c + c
    if rng.random() < single_share:
        return rng.choice(singles)
    first = rng.choice(firsts)
    second = rng.choice(seconds)
    while second == first:
        second = rng.choice(seconds)
    return first + second


def full_name(rng: random.Random, *, surname: str, gender: str, birth_year: int) -> str:
    given = given_name(rng, gender=gender, birth_year=birth_year)
    while given == surname or given[0] == surname[-1]:
        given = given_name(rng, gender=gender, birth_year=birth_year)
    return surname + given
