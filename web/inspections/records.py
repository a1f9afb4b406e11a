"""The published documents of a month's draw, built from plain data only (no database), so a
test, or anyone holding the frozen pool and the seed, builds the same records and repeats the
draw with ``jiceng draw``.

- The **frozen pool** (``pool_document``): both strata with their people, the people left out
  and why, and the inspector pool; its SHA-256 over the canonical JSON
  (``jiceng.record.record_sha256``) is published when it is frozen, before any seed exists.
- The **cadre draw** (``cadre_record``): a ``draw`` record of the two strata with the seed.
- The **inspector draw** (``inspector_record``): a ``draw`` record with one stratum,
  ``inspectors``, whose minimum is the number of inspectors wanted and whose people are the
  inspector pool minus those recused (``recused``): an inspector whose workplace is the
  workplace of a chosen cadre. The same seed serves both draws: the stratum id is part of
  every hash, so the two rankings are independent.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

POOL_FORMAT = "jiceng.inspection-pool/1"
PARTY_MASS = "party-mass"
GOVERNMENT = "government-street"
INSPECTORS = "inspectors"
#: the records speak Chinese: these names are part of the published format, like the ids
STRATUM_NAMES = {PARTY_MASS: "党群系统", GOVERNMENT: "政府部门和街道"}

RECUSAL_ZH = "考察人员的所在单位与任何一位抽中的考察对象的所在单位相同（文字完全一致）时回避，不参加考察人员的抽取。"
RECUSAL_EN = (
    "An inspector whose workplace is exactly the workplace of any chosen cadre is recused "
    "and left out of the inspector draw."
)


def place(text: str) -> str:
    """A workplace as stored and compared: NFKC, spaces removed (``区 民政局`` = ``区民政局``)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pool_document(
    *,
    title: str,
    unit: str,
    month: str,
    attempt: int,
    strata: Sequence[Mapping[str, Any]],
    excluded: Sequence[Mapping[str, str]],
    inspectors: Sequence[Mapping[str, str]],
    inspectors_wanted: int,
) -> dict[str, Any]:
    """The frozen pool. ``strata``: ``{id, name, minimum, people: [{id, name, workplace, post,
    sequence}]}``; people sorted by id so the same pool always hashes the same."""
    return {
        "format": POOL_FORMAT,
        "title": title,
        "unit": unit,
        "month": month,
        "attempt": attempt,
        "strata": [{**s, "people": sorted(s["people"], key=lambda p: p["id"])} for s in strata],
        "excluded": sorted(excluded, key=lambda p: p["id"]),
        "inspectors": {"wanted": inspectors_wanted, "people": sorted(inspectors, key=lambda p: p["id"])},
        "recusal": {"zh": RECUSAL_ZH, "en": RECUSAL_EN},
    }


def resting_reason(month: str, months: int) -> str:
    """Why a cadre inspected recently is not in the pool, as the frozen pool says it."""
    return f"{month} 已被抽中考察（抽中后 {months} 个月内不再抽取）"


def _draw(title: str, seed: str, total: int, strata: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "format": "jiceng.tally/1",
        "kind": "draw",
        "title": title,
        "seed": seed,
        "total": total,
        "strata": [
            {
                "id": s["id"],
                "name": s["name"],
                "minimum": s["minimum"],
                "people": [{"id": p["id"], "name": p["name"]} for p in s["people"]],
            }
            for s in strata
        ],
    }


def cadre_record(pool: Mapping[str, Any], seed: str) -> dict[str, Any]:
    total = sum(int(s["minimum"]) for s in pool["strata"])
    return _draw(f"{pool['title']} · 考察对象", seed, total, pool["strata"])


def recused(pool: Mapping[str, Any], chosen_ids: Iterable[str]) -> list[dict[str, str]]:
    """The inspectors recused by the chosen cadres, each with the workplace that recuses them."""
    chosen = set(chosen_ids)
    places = {p["workplace"]: p["name"] for s in pool["strata"] for p in s["people"] if p["id"] in chosen}
    return [{**i, "because": places[i["workplace"]]} for i in pool["inspectors"]["people"] if i["workplace"] in places]


def inspector_record(pool: Mapping[str, Any], seed: str, chosen_ids: Iterable[str]) -> dict[str, Any]:
    out = {i["id"] for i in recused(pool, chosen_ids)}
    wanted = int(pool["inspectors"]["wanted"])
    people = [i for i in pool["inspectors"]["people"] if i["id"] not in out]
    stratum = {"id": INSPECTORS, "name": "考察人员", "minimum": wanted, "people": people}
    return _draw(f"{pool['title']} · 考察人员", seed, wanted, [stratum])


def inspectors_left_at_worst(
    cadres: Sequence[Mapping[str, str]], inspectors: Sequence[Mapping[str, str]], total: int
) -> int:
    """How many inspectors stay eligible whichever ``total`` cadres are drawn: the pool minus the
    inspectors of the ``total`` workplaces (among the cadres') that hold the most inspectors."""
    cadre_places = {c["workplace"] for c in cadres}
    per_place = Counter(i["workplace"] for i in inspectors if i["workplace"] in cadre_places)
    return len(inspectors) - sum(n for _, n in per_place.most_common(total))
