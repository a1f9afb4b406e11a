"""Small builders for open records in the engine tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def ballot(
    *,
    for_: Iterable[str] = (),
    against: Iterable[str] = (),
    abstain: Iterable[str] = (),
    write_ins: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An election ballot; ``write_ins`` maps the replaced candidate id to the written name."""
    marks = {cid: "for" for cid in for_} | {cid: "against" for cid in against} | {cid: "abstain" for cid in abstain}
    out: dict[str, Any] = {"marks": marks}
    if write_ins:
        out["write_ins"] = [{"replaces": cid, "name": name} for cid, name in write_ins.items()]
    return out


def election(
    *,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[Mapping[str, Any]],
    electorate: Mapping[str, int] | None = None,
    issued: int | None = None,
    rules: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An election record; candidates are ids, named 候选人<id>."""
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "election",
        "title": "测试选举",
        "seats": seats,
        "electorate": dict(electorate or {"expected": 30, "present": 30}),
        "ballots_issued": len(ballots) if issued is None else issued,
        "candidates": [{"id": cid, "name": f"候选人{cid}"} for cid in candidates],
        "ballots": [dict(b) for b in ballots],
    }
    if rules is not None:
        doc["rules"] = dict(rules)
    doc.update(extra)
    return doc


def votes(n: int, **marks: Any) -> list[dict[str, Any]]:
    """``n`` identical ballots."""
    return [ballot(**marks) for _ in range(n)]


def motion(
    *,
    electorate: Mapping[str, Any],
    rules: Mapping[str, Any],
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    spoiled: int = 0,
    issued: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A motion record with that many ballots of each kind."""
    ballots = (
        [{"vote": "yes"}] * yes
        + [{"vote": "no"}] * no
        + [{"vote": "abstain"}] * abstain
        + [{"spoiled": True}] * spoiled
    )
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "motion",
        "electorate": dict(electorate),
        "ballots_issued": len(ballots) if issued is None else issued,
        "rules": dict(rules),
        "ballots": [dict(b) for b in ballots],
    }
    doc.update(extra)
    return doc
