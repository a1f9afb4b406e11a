"""Weighted structured recommendation of the three-ballot method (三票制, DOMAIN.md §4.2, §5.5).

A record names the candidates and the components: the trust test (信任度测评, marked
``"trust": true``, voted by all staff of each candidate's own unit, so it has a base
per candidate, ``bases``) and the layers A–D of the structured recommendation (each
with one ``base``, its number of valid forms). Every component has a ``weight``
written exactly (``"3/10"``, ``"30%"``, ``1``); the weights must sum to 1.

- Gate: a candidate enters the ranking only if the trust test holds
  (``rules.gate``, default ``trust >= 1/2 of base``, i.e. ``2*trust >= base``).
- Component score = votes / base; total = Σ weight × score, an exact fraction; both
  are shown on a 100-point scale with two decimals, rounded half-up (display only).
- The top ``advance`` (default 5) by total advance; candidates tied at the cut-off
  who do not all fit are reported (status ``tie_at_cutoff``), never separated.
- Each component's size (its base, or the smallest and largest of its bases), its
  weight, and its share of the final scores (of each candidate's total, and of all
  totals together) are shown, so a reader sees which layers decide.

Incomparable bases (the seed 001 case: 32 trust votes of 33 score 96.97, 19 of 19
score 100). In a component with a base per candidate, one vote is worth
``100 / base`` points of that component, so it is worth more in a small unit. The
result warns when the largest base exceeds the smallest by more than the tolerance
(``settings.base_tolerance``, default ``1/10``: ``10*largest > 11*smallest``), and
lists every *reversal*: a pair where one candidate has more votes but a lower
score than the other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jiceng import labels
from jiceng.appraisal import points_text
from jiceng.errors import RecordError
from jiceng.record import (
    check_header,
    require_bool,
    require_int,
    require_list,
    require_mapping,
    require_str,
    text_width,
)
from jiceng.rules import parse_rule
from jiceng.sheets import check_lines

__all__ = ["DEFAULT_GATE", "Component", "format_text", "parse_fraction", "score_json", "tally_record"]

DEFAULT_GATE = "trust >= 1/2 of base"
DEFAULT_TOLERANCE = Fraction(1, 10)

_FRACTION = re.compile(r"\s*(\d+)\s*(?:/\s*(\d+)\s*)?")
_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[%％]\s*")


def parse_fraction(value: Any, path: str) -> Fraction:
    """An exact non-negative fraction written ``"3/10"``, ``"30%"``, ``"1"`` or as an integer (never a float)."""
    if isinstance(value, bool):
        raise RecordError(path, 'must be a fraction such as "3/10" or "30%" / 必须是分数或百分数')
    if isinstance(value, int) and value >= 0:
        return Fraction(value)
    if isinstance(value, str):
        match = _FRACTION.fullmatch(value)
        if match:
            denominator = int(match.group(2) or 1)
            if denominator == 0:
                raise RecordError(path, "a fraction's denominator cannot be 0 / 分母不能为 0")
            return Fraction(int(match.group(1)), denominator)
        match = _PERCENT.fullmatch(value)
        if match:
            return Fraction(Decimal(match.group(1))) / 100
    raise RecordError(path, f'must be a fraction such as "3/10" or "30%", not {value!r} / 必须是分数或百分数')


def score_json(value: Fraction) -> dict[str, str]:
    """A score as the result shows it: the exact fraction and its points out of 100."""
    return {"fraction": f"{value.numerator}/{value.denominator}", "points": points_text(value * 100)}


@dataclass(frozen=True, kw_only=True)
class Component:
    """One component: its weight, its base (one, or one per candidate) and the votes."""

    id: str
    name: str
    weight: Fraction
    trust: bool
    bases: Mapping[str, int]
    votes: Mapping[str, int]
    per_candidate: bool


def _read_candidates(doc: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, raw in enumerate(require_list(doc, "candidates", "candidates")):
        if not isinstance(raw, Mapping):
            raise RecordError(f"candidates[{n}]", "a candidate is a JSON object / 人选必须是对象")
        cid = require_str(raw, "id", f"candidates[{n}].id")
        if cid in out:
            raise RecordError(f"candidates[{n}].id", f"the id {cid!r} is used twice / 编号重复")
        out[cid] = require_str(raw, "name", f"candidates[{n}].name")
    if not out:
        raise RecordError("candidates", "at least one candidate / 至少要有一名人选")
    return out


def _read_component(raw: Any, path: str, candidates: Mapping[str, str]) -> Component:
    if not isinstance(raw, Mapping):
        raise RecordError(path, "a component is a JSON object / 组成部分必须是对象")
    for key in raw:
        if key not in ("id", "name", "weight", "trust", "base", "bases", "votes"):
            raise RecordError(f"{path}.{key}", "unknown field / 未知的字段")
    if ("base" in raw) == ("bases" in raw):
        raise RecordError(path, 'give "base" (one number) or "bases" (one per candidate) / 须给出 base 或 bases 之一')
    per_candidate = "bases" in raw
    if per_candidate:
        raw_bases = require_mapping(raw, "bases", f"{path}.bases")
        for cid in raw_bases:
            if cid not in candidates:
                raise RecordError(f"{path}.bases.{cid}", "unknown candidate id / 未知的人选编号")
        bases = {cid: require_int(raw_bases, cid, f"{path}.bases.{cid}", minimum=1) for cid in candidates}
    else:
        base = require_int(raw, "base", f"{path}.base", minimum=1)
        bases = dict.fromkeys(candidates, base)
    raw_votes = require_mapping(raw, "votes", f"{path}.votes")
    for cid in raw_votes:
        if cid not in candidates:
            raise RecordError(f"{path}.votes.{cid}", "unknown candidate id / 未知的人选编号")
    votes = {cid: require_int(raw_votes, cid, f"{path}.votes.{cid}", default=0) for cid in candidates}
    for cid, v in votes.items():
        if v > bases[cid]:
            raise RecordError(f"{path}.votes.{cid}", f"{v} votes exceed the base {bases[cid]} / 得票多于基数")
    return Component(
        id=require_str(raw, "id", f"{path}.id"),
        name=require_str(raw, "name", f"{path}.name"),
        weight=parse_fraction(raw.get("weight"), f"{path}.weight"),
        trust=require_bool(raw, "trust", f"{path}.trust", default=False),
        bases=bases,
        votes=votes,
        per_candidate=per_candidate,
    )


def _read_components(doc: Mapping[str, Any], candidates: Mapping[str, str]) -> list[Component]:
    raw = require_list(doc, "components", "components")
    components = [_read_component(item, f"components[{n}]", candidates) for n, item in enumerate(raw)]
    if not components:
        raise RecordError("components", "at least one component / 至少要有一个组成部分")
    ids = [c.id for c in components]
    if len(set(ids)) != len(ids):
        raise RecordError("components", "a component id is used twice / 组成部分编号重复")
    if sum(c.trust for c in components) > 1:
        raise RecordError("components", "at most one trust test / 信任度测评至多一项")
    total = sum((c.weight for c in components), Fraction(0))
    if total != 1:
        raise RecordError(
            "components",
            f"the weights sum to {total.numerator}/{total.denominator}, not 1 / 各部分权重之和必须为 1",
        )
    return components


def _incomparable(component: Component, candidates: Mapping[str, str], tolerance: Fraction) -> dict[str, Any] | None:
    """The warning for a component whose per-candidate bases differ beyond the tolerance, or None."""
    if not component.per_candidate:
        return None
    smallest, largest = min(component.bases.values()), max(component.bases.values())
    if largest <= (1 + tolerance) * smallest:
        return None
    reversals = [
        [a, b]
        for a in candidates
        for b in candidates
        if component.votes[a] > component.votes[b]
        and Fraction(component.votes[a], component.bases[a]) < Fraction(component.votes[b], component.bases[b])
    ]
    zh = (
        f"“{component.name}”各人选的基数从 {smallest} 到 {largest} 不等，一票在小单位值 "
        f"{points_text(Fraction(100, smallest))} 分、在大单位值 {points_text(Fraction(100, largest))} 分，"
        "得分不可直接比较。"
    )
    en = (
        f"'{component.name}' has bases from {smallest} to {largest}: one vote is worth "
        f"{points_text(Fraction(100, smallest))} points in the smallest unit and "
        f"{points_text(Fraction(100, largest))} in the largest, so the scores are not comparable."
    )
    for a, b in reversals:
        zh += (
            f"{candidates[a]}得 {component.votes[a]} 票（{component.bases[a]} 人中）却低于"
            f"{candidates[b]}的 {component.votes[b]} 票（{component.bases[b]} 人中）。"
        )
        en += (
            f" {candidates[a]} has {component.votes[a]} votes of {component.bases[a]} yet scores below "
            f"{candidates[b]} with {component.votes[b]} of {component.bases[b]}."
        )
    return {
        "code": "incomparable_bases",
        "component": component.id,
        "smallest_base": smallest,
        "largest_base": largest,
        "reversals": reversals,
        "zh": zh,
        "en": en,
    }


def _select(ranked: Sequence[tuple[str, Fraction]], places: int) -> tuple[list[str], list[str], int]:
    """Advance the top ``places``; return (advancing, tied at the cut-off, places left for them)."""
    if len(ranked) <= places:
        return [cid for cid, _ in ranked], [], 0
    cut = ranked[places - 1][1]
    above = [cid for cid, total in ranked if total > cut]
    tied = [cid for cid, total in ranked if total == cut]
    left = places - len(above)
    if len(tied) <= left:
        return above + tied, [], 0
    return above, tied, left


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Count a ``weighted`` record: the trust gate, exact totals, the top N, ties, shares and warnings."""
    check_header(doc, kind="weighted")
    candidates = _read_candidates(doc)
    components = _read_components(doc, candidates)
    advance = require_int(doc, "advance", "advance", minimum=1, default=5)
    raw_rules = require_mapping(doc, "rules", "rules", default={})
    for key in raw_rules:
        if key != "gate":
            raise RecordError(f"rules.{key}", "unknown rule; use gate / 未知的规则")
    gate_text = require_str(raw_rules, "gate", "rules.gate", default=DEFAULT_GATE)
    gate = parse_rule(gate_text, path="rules.gate", purpose="qualifies")
    missing = sorted(gate.names - {"trust", "base"})
    if missing:
        raise RecordError("rules.gate", f"the count '{missing[0]}' is not known here; use trust and base / 未知的数目")
    settings = require_mapping(doc, "settings", "settings", default={})
    for key in settings:
        if key != "base_tolerance":
            raise RecordError(f"settings.{key}", "unknown setting / 未知的设置")
    tolerance = (
        parse_fraction(settings["base_tolerance"], "settings.base_tolerance")
        if "base_tolerance" in settings
        else DEFAULT_TOLERANCE
    )
    trust = next((c for c in components if c.trust), None)
    checks: list[dict[str, Any]] = []
    totals: dict[str, Fraction] = {}
    entries: list[dict[str, Any]] = []
    for cid, name in candidates.items():
        parts = {c.id: c.weight * Fraction(c.votes[cid], c.bases[cid]) for c in components}
        total = sum(parts.values(), Fraction(0))
        totals[cid] = total
        passes_gate = True
        if trust is not None:
            check = gate.evaluate({"trust": trust.votes[cid], "base": trust.bases[cid]}).to_json()
            checks.append({"subject": cid, **check})
            passes_gate = bool(check["passed"])
        entries.append(
            {
                "id": cid,
                "name": name,
                "passes_gate": passes_gate,
                "components": {
                    c.id: {
                        "votes": c.votes[cid],
                        "base": c.bases[cid],
                        "score": score_json(Fraction(c.votes[cid], c.bases[cid])),
                        "weighted": score_json(parts[c.id]),
                        "share_of_total": score_json(parts[c.id] / total) if total else None,
                    }
                    for c in components
                },
                "total": score_json(total),
            }
        )
    gated = {e["id"] for e in entries if e["passes_gate"]}
    ranked = sorted(((cid, totals[cid]) for cid in candidates if cid in gated), key=lambda t: -t[1])
    advancing, tied, left = _select(ranked, advance)
    for entry in entries:
        entry["rank"] = 1 + sum(1 for _, t in ranked if t > totals[entry["id"]]) if entry["passes_gate"] else None
        entry["advances"] = entry["id"] in advancing
    grand = sum(totals.values(), Fraction(0))
    layers = [
        {
            "id": c.id,
            "name": c.name,
            "trust": c.trust,
            "weight": {
                "fraction": f"{c.weight.numerator}/{c.weight.denominator}",
                "percent": points_text(c.weight * 100),
            },
            "size": {"smallest": min(c.bases.values()), "largest": max(c.bases.values())}
            if c.per_candidate
            else {"base": next(iter(c.bases.values()))},
            "share_of_scores": score_json(
                sum((c.weight * Fraction(c.votes[cid], c.bases[cid]) for cid in candidates), Fraction(0)) / grand
            )
            if grand
            else None,
        }
        for c in components
    ]
    warnings = [w for c in components if (w := _incomparable(c, candidates, tolerance)) is not None]
    return {
        "kind": "weighted",
        "status": "tie_at_cutoff" if tied else "complete",
        "title": require_str(doc, "title", "title", default="", allow_empty=True),
        "advance": advance,
        "rules": {"gate": gate.text},
        "settings": {"base_tolerance": f"{tolerance.numerator}/{tolerance.denominator}"},
        "components": layers,
        "candidates": entries,
        "ranking": [cid for cid, _ in ranked],
        "advancing": advancing,
        "tie": {"candidates": tied, "places": left} if tied else None,
        "unfilled": max(0, advance - len(ranked)),
        "warnings": warnings,
        "checks": checks,
    }


def format_text(result: Mapping[str, Any]) -> str:
    """A result sheet: every component's score per candidate, totals, who advances, shares and warnings."""
    title = f" — {result['title']}" if result.get("title") else ""
    status = labels.status_line({**result, "kind": "weighted"})
    lines = [f"结构化推荐结果 Weighted recommendation{title}", status, "", "组成 Components:"]
    for c in result["components"]:
        size = c["size"]
        size_text = (
            f"基数 base {size['base']}"
            if "base" in size
            else f"基数各人不同 bases per candidate {size['smallest']}–{size['largest']}"
        )
        share = c["share_of_scores"]["points"] + "%" if c["share_of_scores"] else "-"
        lines.append(
            f"  {c['id']} {c['name']}: 权重 weight {c['weight']['percent']}%，{size_text}，"
            f"占全部得分 share of all scores {share}"
        )
    ids = [c["id"] for c in result["components"]]
    width = max([text_width(e["name"]) for e in result["candidates"]] + [text_width("人选 Candidate")])
    lines.append("")
    lines.append(
        "人选 Candidate"
        + " " * (width - text_width("人选 Candidate"))
        + "".join(f"{i:>16}" for i in ids)
        + f"{'总分 total':>14}  进入 advances"
    )
    for e in result["candidates"]:
        row = e["name"] + " " * (width - text_width(e["name"]))
        for i in ids:
            part = e["components"][i]
            row += f"{part['votes']}/{part['base']}={part['score']['points']}".rjust(16)
        mark = "✓" if e["advances"] else ("未过信任度 out at the gate" if not e["passes_gate"] else "")
        lines.append(row + e["total"]["points"].rjust(14) + "  " + mark)
    names = {e["id"]: e["name"] for e in result["candidates"]}
    tie = result.get("tie")
    if tie:
        lines.append(
            f"并列 Tied at the cut-off for {tie['places']} place(s): " + "、".join(names[i] for i in tie["candidates"])
        )
    lines.extend(check_lines([{**c, "rule": f"{names[c['subject']]} {c['rule']}"} for c in result["checks"]]))
    for w in result.get("warnings", []):
        lines.append(f"注意 Warning: {w['zh']}")
        lines.append(f"  {w['en']}")
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"
