"""Which fields of work a request's category belongs to (交叉挂点, seed 003): when a request is
outside the field of the representative who took it, the studio passes it to a representative
of the right field.

A category of the dispatch catalogue names the department duty in charge (``Entry.duty``: a
street office's or a district department's) and carries words (its name and keywords). A field
is matched by the duty first, then by words, so a catalogue a street edits itself still finds
its fields; a category of the grid or the community that matches nothing belongs to community
services."""

from __future__ import annotations

from typing import Any

from web.reps.models import Field

#: department duties (web.demo.case_catalogue and the offices' ``duty``) → fields
DUTIES: dict[str, tuple[str, ...]] = {
    "education": (Field.EDUCATION,),
    "health": (Field.HEALTH,),
    "transport": (Field.TRANSPORT,),
    "safety": (Field.POLICE,),
    "environment": (Field.ENVIRONMENT,),
    "sanitation": (Field.ENVIRONMENT,),
    "parks": (Field.ENVIRONMENT,),
    "water": (Field.ENVIRONMENT, Field.BUILDING),
    "market": (Field.ENTERPRISE,),
    "jobs": (Field.JOBS,),
    "civil": (Field.COMMUNITY, Field.ELDERLY),
    "housing": (Field.BUILDING,),
    "building": (Field.BUILDING,),
    "urban": (Field.BUILDING,),
}

#: words in a category's name or keywords → fields (matched as substrings)
WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("学校", (Field.EDUCATION,)),
    ("入学", (Field.EDUCATION,)),
    ("培训机构", (Field.EDUCATION,)),
    ("医院", (Field.HEALTH,)),
    ("医疗", (Field.HEALTH,)),
    ("看病", (Field.HEALTH,)),
    ("治安", (Field.POLICE,)),
    ("盗窃", (Field.POLICE,)),
    ("诈骗", (Field.POLICE,)),
    ("充电", (Field.POLICE,)),
    ("噪音", (Field.POLICE,)),
    ("纠纷", (Field.COURT,)),
    ("调解", (Field.COURT,)),
    ("诉讼", (Field.COURT,)),
    ("公益", (Field.PROCURATORATE,)),
    ("食品", (Field.PROCURATORATE,)),
    ("公交", (Field.TRANSPORT,)),
    ("停车", (Field.TRANSPORT,)),
    ("货车", (Field.TRANSPORT,)),
    ("拖车", (Field.TRANSPORT,)),
    ("养老", (Field.ELDERLY,)),
    ("老人", (Field.ELDERLY,)),
    ("残疾", (Field.ELDERLY,)),
    ("电梯", (Field.ELDERLY, Field.BUILDING)),
    ("物业", (Field.COMMUNITY,)),
    ("垃圾", (Field.ENVIRONMENT,)),
    ("油烟", (Field.ENVIRONMENT,)),
    ("企业", (Field.ENTERPRISE,)),
    ("价格", (Field.ENTERPRISE,)),
    ("就业", (Field.JOBS,)),
    ("社保", (Field.JOBS,)),
)

#: the levels of the grid and the community (``Office.Level``): their own matters
OWN_LEVELS = (0, 1)


def fields_of(entry: Any) -> list[str]:
    """The fields a category belongs to, in ``Field``'s order (its duty's, then its words')."""
    found: set[str] = set(DUTIES.get(entry.duty or "", ()))
    text = f"{entry.name} {entry.keywords}"
    for word, fields in WORDS:
        if word in text:
            found.update(fields)
    if not found and entry.level in OWN_LEVELS:
        found.add(Field.COMMUNITY)
    return [f for f in Field.values if f in found]
