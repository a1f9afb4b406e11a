"""The procedure templates, as data. Creating an election copies a template's stages with
their settings into the election, where a locality may adjust them before it starts.

Every rule is a text the engine reads (``jiceng.rules``), so it is stored with the result
and printed on it (DOMAIN.md §5). Chinese texts that become data are marked with
``gettext_noop``: they are stored as written and translated where shown."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

#: post key → its name
POST_NAMES = {
    "secretary": _("书记"),
    "deputy": _("副书记"),
    "member": _("委员"),
    "director": _("主任"),
    "deputy_director": _("副主任"),
    "representative": _("代表"),
}

PARTY_CONDITIONS = [
    {"key": "full_member", "text": gettext_noop("正式党员，党龄一年以上")},
    {"key": "age", "text": gettext_noop("年龄不超过55周岁")},
    {"key": "record", "text": gettext_noop("近三年无违纪违法记录")},
]

TEMPLATES: dict[str, dict[str, Any]] = {
    "open_nomination": {
        "name": gettext_noop("公推直选（三荐一审两会两票决）"),
        "stages": [
            {"kind": "nomination", "settings": {"channels": ["self", "joint", "organisation"], "joint_min": 5}},
            {"kind": "review", "settings": {"conditions": PARTY_CONDITIONS}},
            {"kind": "notice", "settings": {"days": 5}},
            {
                "kind": "primary",
                "settings": {
                    "places": 6,
                    "rules": {"quorum": "present >= 4/5 of expected", "qualifies": "for > 1/2 of expected"},
                },
            },
            {
                "kind": "election",
                "settings": {
                    "posts": [
                        {"post": "secretary", "seats": 1, "competitive": False, "needs_approval": True},
                        {"post": "deputy", "seats": 1, "competitive": False, "needs_approval": True},
                        {"post": "member", "seats": 3, "competitive": True, "needs_approval": False},
                    ],
                    "rules": {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"},
                    "margin": "party",
                },
            },
            {"kind": "approval", "settings": {}},
        ],
    },
    # seed 003: a party congress's representatives elected by open nomination in each electoral
    # unit (选举单位): every member may nominate themself or join others in nominating, the
    # organisation nominates too; the reviewed names are the candidates' pre-list (候选人预备人选),
    # published before the election, whose competitive margin and channels the report shows
    "congress_delegates": {
        "name": gettext_noop("党代表选举（公推直选）"),
        "stages": [
            {"kind": "nomination", "settings": {"channels": ["self", "joint", "organisation"], "joint_min": 5}},
            {"kind": "review", "settings": {"conditions": PARTY_CONDITIONS[:1] + PARTY_CONDITIONS[2:]}},
            {"kind": "notice", "settings": {"days": 5}},
            {
                "kind": "election",
                "settings": {
                    "posts": [{"post": "representative", "seats": 5, "competitive": True, "needs_approval": False}],
                    "rules": {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"},
                    "margin": "party",
                },
            },
            {"kind": "approval", "settings": {}},
        ],
    },
    "three_ballot": {
        "name": gettext_noop("三票制公推直选镇党委书记"),
        "stages": [
            {"kind": "nomination", "settings": {"channels": ["self"], "joint_min": 0}},
            {"kind": "review", "settings": {"conditions": PARTY_CONDITIONS}},
            {"kind": "trust", "settings": {"gate": "trust >= 1/2 of base", "weight": "1/10"}},
            {
                "kind": "weighted",
                "settings": {
                    "advance": 5,
                    "layers": [
                        {"id": "A", "name": gettext_noop("A 本镇区及以上党代表"), "weight": "3/10"},
                        {"id": "B", "name": gettext_noop("B 镇机关干部"), "weight": "1/5"},
                        {"id": "C", "name": gettext_noop("C 村民代表（每村5名）"), "weight": "1/5"},
                        {"id": "D", "name": gettext_noop("D 区委领导小组成员"), "weight": "1/5"},
                    ],
                },
            },
            {"kind": "research", "settings": {"max_mb": 10}},
            {
                "kind": "primary",
                "settings": {
                    "places": 2,
                    "body": None,
                    "rules": {"quorum": "present >= 2/3 of expected", "qualifies": "for > 1/2 of present"},
                },
            },
            {
                "kind": "election",
                "settings": {
                    "body": None,
                    "posts": [{"post": "secretary", "seats": 1, "competitive": True, "needs_approval": True}],
                    "rules": {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"},
                    "margin": "village",
                },
            },
            {"kind": "approval", "settings": {}},
        ],
    },
    "village": {
        "name": gettext_noop("村民委员会选举"),
        "stages": [
            {"kind": "register", "settings": {"min_days": 20, "election_day": None}},
            {"kind": "nomination", "settings": {"channels": ["self", "joint"], "joint_min": 10}},
            {"kind": "proxies", "settings": {"limit": 3}},
            {
                "kind": "election",
                "settings": {
                    "posts": [
                        {"post": "director", "seats": 1, "competitive": True, "needs_approval": False},
                        {"post": "deputy_director", "seats": 1, "competitive": True, "needs_approval": False},
                        {"post": "member", "seats": 3, "competitive": True, "needs_approval": False},
                    ],
                    "rules": {"quorum": "voted > 1/2 of expected", "elected": "for > 1/2 of voted"},
                    "margin": "village",
                    "unfilled_allowed": True,
                },
            },
            {
                "kind": "supplementary",
                "settings": {
                    "rules": {"quorum": "voted > 1/2 of expected", "elected": "for >= 1/3 of voted"},
                    "extra_candidates": 1,
                },
            },
        ],
    },
}

TEMPLATE_CHOICES = [(key, _(t["name"])) for key, t in TEMPLATES.items()]


def stages_of(template: str) -> list[dict[str, Any]]:
    """A fresh copy of a template's stages: the election owns it and may change it."""
    return copy.deepcopy(TEMPLATES[template]["stages"])
