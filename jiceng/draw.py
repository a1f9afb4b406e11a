"""Verifiable random selection: the monthly random inspection of seed 000 (DOMAIN.md §4.3).

Seed 000 inspects, each month, at least one cadre from the party-mass sequence and
at least two from the government departments and streets, chosen at random. The
draw must be checkable afterwards, so it is not random at all in the machine: it is
a fixed computation over a published list and a public seed string (for example
the date and the winning numbers of a public lottery, announced after the list is
published). Anyone repeats it by hand with any SHA-256 tool:

1. For each person, ``hash = SHA-256(seed + "\\n" + stratum id + "\\n" + person id)``,
   the three texts encoded as UTF-8 and joined by one newline byte, written as 64
   lower-case hexadecimal digits (``printf '%s\\n%s\\n%s' SEED STRATUM ID | sha256sum``).
2. In each stratum, rank the people by hash, smallest first (compare the hex texts).
3. Take each stratum's ``minimum`` from the top of its ranking.
4. If ``total`` is more than the sum of the minima, pool everyone not yet taken, from
   every stratum, rank the pool by hash, and take the rest from its top.

Ids may not contain a newline, so the hashed text splits back into its three parts
one way only. The order in which the list is written changes nothing: only the seed
and the ids do. A stratum with fewer people than its minimum, an id used twice, and
a total below the sum of the minima (or above the number of people) are errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiceng import labels
from jiceng.errors import RecordError
from jiceng.record import check_header, record_sha256, require_int, require_list, require_str, text_width

__all__ = ["METHOD_EN", "METHOD_ZH", "Person", "draw_record", "format_text", "person_hash", "tally_record"]

METHOD_ZH = (
    "每人的散列值 = SHA-256（种子 + 换行 + 类别编号 + 换行 + 人员编号，UTF-8 编码），十六进制小写；"
    "各类别内按散列值从小到大排序，先取各类别的最少人数；总数多于最少人数之和时，"
    "其余人员合并后按散列值从小到大依次补足。"
)
METHOD_EN = (
    'hash = SHA-256(seed + "\\n" + stratum id + "\\n" + person id, UTF-8), lower-case hex; '
    "rank each stratum by hash, smallest first, and take its minimum; if the total is larger, "
    "pool everyone left, rank the pool by hash and take the rest from the top."
)


@dataclass(frozen=True, kw_only=True)
class Person:
    """One eligible person, with the hash that ranks them."""

    id: str
    name: str
    stratum: str
    hash: str


def person_hash(seed: str, stratum: str, person: str) -> str:
    """``SHA-256(seed "\\n" stratum "\\n" person)`` in lower-case hex (step 1 of the draw)."""
    return hashlib.sha256(f"{seed}\n{stratum}\n{person}".encode()).hexdigest()


def _read_id(obj: Mapping[str, Any], path: str) -> str:
    value = require_str(obj, "id", path)
    if "\n" in value or "\r" in value:
        raise RecordError(path, "an id may not contain a line break / 编号不能含换行")
    return value


def draw_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Repeat the draw a ``draw`` record describes; the result lists every hash and the chosen."""
    check_header(doc, kind="draw")
    seed = require_str(doc, "seed", "seed")
    raw_strata = require_list(doc, "strata", "strata")
    if not raw_strata:
        raise RecordError("strata", "at least one stratum / 至少要有一个类别")
    seen_strata: set[str] = set()
    seen_people: dict[str, str] = {}
    strata: list[dict[str, Any]] = []
    pools: list[tuple[str, int, list[Person]]] = []
    for n, raw in enumerate(raw_strata):
        path = f"strata[{n}]"
        if not isinstance(raw, Mapping):
            raise RecordError(path, "a stratum is a JSON object / 类别必须是对象")
        sid = _read_id(raw, f"{path}.id")
        if sid in seen_strata:
            raise RecordError(f"{path}.id", f"the stratum id {sid!r} is used twice / 类别编号重复")
        seen_strata.add(sid)
        minimum = require_int(raw, "minimum", f"{path}.minimum")
        people: list[Person] = []
        for m, raw_person in enumerate(require_list(raw, "people", f"{path}.people")):
            ppath = f"{path}.people[{m}]"
            if not isinstance(raw_person, Mapping):
                raise RecordError(ppath, "a person is a JSON object / 人员必须是对象")
            pid = _read_id(raw_person, f"{ppath}.id")
            if pid in seen_people:
                raise RecordError(
                    f"{ppath}.id", f"the person id {pid!r} is used twice (also in {seen_people[pid]}) / 人员编号重复"
                )
            seen_people[pid] = sid
            name = require_str(raw_person, "name", f"{ppath}.name")
            people.append(Person(id=pid, name=name, stratum=sid, hash=person_hash(seed, sid, pid)))
        if len(people) < minimum:
            raise RecordError(
                f"{path}.minimum",
                f"the stratum {sid!r} has {len(people)} people, fewer than its minimum {minimum} "
                f"/ 类别人数 {len(people)} 少于最少抽取人数 {minimum}",
            )
        people.sort(key=lambda p: (p.hash, p.id))
        pools.append((sid, minimum, people))
        strata.append({"id": sid, "name": require_str(raw, "name", f"{path}.name"), "minimum": minimum})
    sum_minima = sum(minimum for _, minimum, _ in pools)
    total = require_int(doc, "total", "total", default=sum_minima)
    if total < sum_minima:
        raise RecordError(
            "total", f"the total {total} is below the sum of the minima {sum_minima} / 总数少于各类最少人数之和"
        )
    if total > len(seen_people):
        raise RecordError(
            "total", f"the total {total} is more than the {len(seen_people)} people listed / 总数多于名单人数"
        )
    chosen: dict[str, str] = {}
    for _, minimum, people in pools:
        for person in people[:minimum]:
            chosen[person.id] = "minimum"
    rest = sorted((p for _, _, people in pools for p in people if p.id not in chosen), key=lambda p: (p.hash, p.id))
    for person in rest[: total - sum_minima]:
        chosen[person.id] = "pool"
    for entry, (_, _, people) in zip(strata, pools, strict=True):
        entry["size"] = len(people)
        entry["people"] = [
            {"id": p.id, "name": p.name, "hash": p.hash, "rank": r + 1, "chosen": p.id in chosen}
            for r, p in enumerate(people)
        ]
    everyone = sorted((p for _, _, people in pools for p in people if p.id in chosen), key=lambda p: (p.hash, p.id))
    strata.sort(key=lambda s: s["id"])
    return {
        "kind": "draw",
        "status": "drawn",
        "title": require_str(doc, "title", "title", default="", allow_empty=True),
        "seed": seed,
        "total": total,
        "sum_of_minima": sum_minima,
        "method": {"zh": METHOD_ZH, "en": METHOD_EN},
        "strata": strata,
        "chosen": [
            {"id": p.id, "name": p.name, "stratum": p.stratum, "hash": p.hash, "by": chosen[p.id]} for p in everyone
        ],
        "record_sha256": record_sha256(doc),
    }


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``jiceng tally`` and ``jiceng verify`` on a draw record: the same as ``draw_record``."""
    return draw_record(doc)


def format_text(result: Mapping[str, Any]) -> str:
    """A notice a person reads: the chosen, then every stratum's ranking with its hashes."""
    title = f" — {result['title']}" if result.get("title") else ""
    lines = [
        f"随机抽取结果 Random selection{title}",
        labels.status_line({**result, "kind": "draw"}),
        f"种子 Seed: {result['seed']}",
        f"抽取人数 Total: {result['total']}（各类最少人数之和 sum of minima {result['sum_of_minima']}）",
        "",
        "抽中 Chosen:",
    ]
    names = _stratum_names(result.get("strata", []))
    for person in result.get("chosen", []):
        how = "最少人数 minimum" if person["by"] == "minimum" else "补足 from the pool"
        lines.append(f"  {person['name']}（{person['id']}，{names.get(person['stratum'], person['stratum'])}，{how}）")
    for stratum in result.get("strata", []):
        lines.append("")
        lines.append(
            f"{stratum['name']} ({stratum['id']}): {stratum['size']} 人 people，至少 minimum {stratum['minimum']}"
        )
        width = max([text_width(p["name"]) for p in stratum["people"]] + [4])
        for p in stratum["people"]:
            mark = "✓" if p["chosen"] else " "
            fill = " " * (width - text_width(p["name"]))
            lines.append(f"  {mark} {p['rank']:>3}  {p['name']}{fill}  {p['id']}  {p['hash']}")
    lines.append("")
    lines.append(f"方法 Method: {result['method']['zh']}")
    lines.append(f"  {result['method']['en']}")
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"


def _stratum_names(strata: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {str(s["id"]): str(s["name"]) for s in strata}
