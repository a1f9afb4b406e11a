"""The points standard: the projects every congress starts with (the required "三个一" built
in), and the version in force."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from web.org.models import Body
from web.points.models import Evidence, Project, Standard

E = Evidence
#: the first version's projects (the seed: required, optional and self-created projects, points
#: by difficulty, published quarterly, a year a cycle). A locality changes them by publishing a
#: new version.
DEFAULT_PROJECTS: list[dict[str, Any]] = [
    {"code": "talk", "name": gettext_noop("作一次宣讲"), "type": "required", "item": "talk",
     "points": {"general": 2, "harder": 3, "hard": 5}, "cap_quarter": None, "cap_year": 10,
     "evidence": [E.TALK, E.STAFF]},
    {"code": "volunteer", "name": gettext_noop("开展一次志愿活动"), "type": "required", "item": "volunteer",
     "points": {"general": 2, "harder": 3, "hard": 5}, "cap_quarter": 6, "cap_year": 15,
     "evidence": [E.VOLUNTEER, E.STAFF]},
    {"code": "request", "name": gettext_noop("解决一个诉求"), "type": "required", "item": "request",
     "points": {"general": 3, "harder": 5, "hard": 8}, "cap_quarter": 16, "cap_year": 40,
     "evidence": [E.CASE, E.STAFF]},
    {"code": "meeting", "name": gettext_noop("参加会议和活动"), "type": "optional", "item": "",
     "points": {"general": 1, "harder": 2, "hard": None}, "cap_quarter": 4, "cap_year": 12,
     "evidence": [E.ATTENDANCE, E.STAFF]},
    {"code": "reception", "name": gettext_noop("到工作室接待群众"), "type": "optional", "item": "",
     "points": {"general": 1, "harder": 2, "hard": None}, "cap_quarter": 6, "cap_year": 20,
     "evidence": [E.RECEPTION, E.STAFF]},
    {"code": "visit", "name": gettext_noop("走访群众（百名代表走千家）"), "type": "optional", "item": "",
     "points": {"general": 1, "harder": 2, "hard": 3}, "cap_quarter": 6, "cap_year": 20,
     "evidence": [E.VOLUNTEER, E.STAFF]},
    {"code": "own", "name": gettext_noop("自创项目"), "type": "self", "item": "",
     "points": {"general": 2, "harder": 4, "hard": 6}, "cap_quarter": 6, "cap_year": 12,
     "evidence": [E.TALK, E.VOLUNTEER, E.STAFF]},
]  # fmt: skip


def in_force(congress: Body | int) -> Standard | None:
    """The congress's latest published version (entries are made under it)."""
    pk = congress if isinstance(congress, int) else congress.pk
    return Standard.objects.filter(congress_id=pk).order_by("-version").first()


def project_rows(standard: Standard) -> list[dict[str, Any]]:
    """A version's projects in the shape ``do_publish_standard`` takes (to start the next one)."""
    return [
        {
            "code": p.code,
            "name": p.name,
            "type": p.type,
            "item": p.item,
            "points": {"general": p.points_general, "harder": p.points_harder, "hard": p.points_hard},
            "cap_quarter": p.cap_quarter,
            "cap_year": p.cap_year,
            "evidence": list(p.evidence),
        }
        for p in standard.projects.order_by("position", "id")
    ]


def self_project_of(standard: Standard) -> Project | None:
    return standard.projects.filter(type=Project.Type.SELF).first()
