"""The scorecard of residents' requests: rates with their numerators and denominators, by unit
and by category, and the bottom of each tier, counted from a record anyone can recount.

A record gives, per handling unit and per catalogue category, how many cases were dispatched
to it in the period and what became of them (DOMAIN.md §7: 响应率, 解决率 and 满意率 "by tier and
category", not by chasing rankings):

- ``dispatched``: cases dispatched to the unit;
- ``signed`` and ``signed_on_time``: signed for at all, and within the sign-for window;
- ``replied`` and ``replied_on_time``: replied to, and by the (possibly extended) deadline;
- ``returned``: cases the unit returned at least once; ``redone``: replied cases redone after a
  dissatisfied visit;
- ``visited``: replied cases with a verified return visit; of those ``solved`` (the requester
  says the problem is solved) and ``satisfied`` (very satisfied, satisfied or basically
  satisfied on the national five-level scale);
- ``ratings`` (optional): the representatives' ratings, ``count`` and the sums of
  ``attitude``, ``speed``, ``style`` and ``satisfaction`` (each rating 1–5).

Each count may not exceed the one it is part of (``signed_on_time <= signed <= dispatched``…),
so no rate is above 100%. The rates:

| rate | numerator / denominator |
| --- | --- |
| ``response`` 响应率 | signed / dispatched |
| ``resolution`` 解决率 | solved / visited |
| ``satisfaction`` 满意率 | satisfied / visited |
| ``sign_on_time`` 按时签收率 | signed_on_time / dispatched |
| ``close_on_time`` 按时办结率 | replied_on_time / replied |
| ``return`` 退单率 | returned / dispatched |
| ``redo`` 重办率 | redone / replied |

Every rate is an exact fraction beside its numerator and denominator; the percentage is for
reading only. A unit's ``score`` is ``Σ weight × rate`` over ``settings.weights`` (default: the
three rates, a third each). Units are ranked within their ``tier`` (district departments are
not compared with grids), only those with at least ``settings.min_cases`` dispatched and one
visit; the ``settings.bottom`` lowest (default 5) are the bottom of the tier, and units tied at
the cut-off who do not all fit are reported, never separated. A tier with no more ranked units
than that names no bottom at all. Cases left out of scoring (to
litigation, 信访, judged unreasonable) are listed in ``excluded`` with the reason and counted in
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from jiceng import labels
from jiceng.appraisal import percent_text
from jiceng.errors import RecordError
from jiceng.record import check_header, require_int, require_list, require_mapping, require_str
from jiceng.weighted import parse_fraction, score_json

COUNTS = (
    "dispatched",
    "signed",
    "signed_on_time",
    "replied",
    "replied_on_time",
    "returned",
    "redone",
    "visited",
    "solved",
    "satisfied",
)
#: each count and the count it is a part of
PARTS = (
    ("signed", "dispatched"),
    ("signed_on_time", "signed"),
    ("replied", "dispatched"),
    ("replied_on_time", "replied"),
    ("returned", "dispatched"),
    ("redone", "replied"),
    ("visited", "replied"),
    ("solved", "visited"),
    ("satisfied", "visited"),
)
#: rate → (numerator, denominator, Chinese name, English name)
RATES: dict[str, tuple[str, str, str, str]] = {
    "response": ("signed", "dispatched", "响应率", "response rate"),
    "resolution": ("solved", "visited", "解决率", "resolution rate"),
    "satisfaction": ("satisfied", "visited", "满意率", "satisfaction rate"),
    "sign_on_time": ("signed_on_time", "dispatched", "按时签收率", "signed for on time"),
    "close_on_time": ("replied_on_time", "replied", "按时办结率", "replied on time"),
    "return": ("returned", "dispatched", "退单率", "return rate"),
    "redo": ("redone", "replied", "重办率", "redo rate"),
}
RATING_PARTS = ("attitude", "speed", "style", "satisfaction")
DEFAULT_WEIGHTS = {"response": Fraction(1, 3), "resolution": Fraction(1, 3), "satisfaction": Fraction(1, 3)}


def _rate(numerator: int, denominator: int) -> dict[str, Any] | None:
    if denominator == 0:
        return None
    value = Fraction(numerator, denominator)
    return {
        "numerator": numerator,
        "denominator": denominator,
        "fraction": f"{value.numerator}/{value.denominator}",
        "percent": percent_text(value),
    }


def _mapping(raw: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise RecordError(path, "must be a JSON object / 必须是对象")
    return raw


def _read_counts(raw: Any, path: str) -> dict[str, int]:
    row = _mapping(raw, path)
    counts = {name: require_int(row, name, f"{path}.{name}", default=0) for name in COUNTS}
    for part, whole in PARTS:
        if counts[part] > counts[whole]:
            raise RecordError(
                f"{path}.{part}",
                f"{part} ({counts[part]}) cannot exceed {whole} ({counts[whole]}) / {part} 不能多于 {whole}",
            )
    return counts


def _read_ratings(raw: Any, path: str) -> dict[str, int]:
    if raw is None:
        return {"count": 0, **dict.fromkeys(RATING_PARTS, 0)}
    row = _mapping(raw, path)
    count = require_int(row, "count", f"{path}.count", default=0)
    sums = {name: require_int(row, name, f"{path}.{name}", default=0) for name in RATING_PARTS}
    for name, total in sums.items():
        if not count <= total <= 5 * count and not (count == 0 and total == 0):
            raise RecordError(
                f"{path}.{name}",
                f"the sum of {count} ratings from 1 to 5 must lie between {count} and {5 * count} / 评分合计超出范围",
            )
    return {"count": count, **sums}


def _add(into: dict[str, int], more: Mapping[str, int]) -> None:
    for key, value in more.items():
        into[key] = into.get(key, 0) + value


def _rates(counts: Mapping[str, int]) -> dict[str, Any]:
    return {name: _rate(counts[num], counts[den]) for name, (num, den, _zh, _en) in RATES.items()}


def _rating_means(ratings: Mapping[str, int]) -> dict[str, Any] | None:
    count = ratings["count"]
    if count == 0:
        return None
    out: dict[str, Any] = {"count": count}
    for name in RATING_PARTS:
        mean = Fraction(ratings[name], count)
        out[name] = {
            "sum": ratings[name],
            "fraction": f"{mean.numerator}/{mean.denominator}",
            "mean": f"{float(mean):.2f}",
        }
    return out


def _read_weights(settings: Mapping[str, Any]) -> dict[str, Fraction]:
    raw = require_mapping(settings, "weights", "settings.weights", default=None)
    if raw is None:
        return dict(DEFAULT_WEIGHTS)
    weights = {}
    for name, value in raw.items():
        if name not in RATES:
            raise RecordError(f"settings.weights.{name}", f"unknown rate {name!r} / 未知的比率")
        weights[name] = parse_fraction(value, f"settings.weights.{name}")
    if sum(weights.values()) != 1:
        raise RecordError("settings.weights", "the weights must add up to 1 / 权重之和必须为 1")
    return weights


def _score(counts: Mapping[str, int], weights: Mapping[str, Fraction]) -> Fraction | None:
    total = Fraction(0)
    for name, weight in weights.items():
        num, den, _zh, _en = RATES[name]
        if counts[den] == 0:
            return None
        total += weight * Fraction(counts[num], counts[den])
    return total


def _bottom(ranked: Sequence[tuple[str, Fraction]], places: int) -> tuple[list[str], list[str], int]:
    """The ``places`` lowest (ranked lowest first); units tied at the cut-off who do not all fit
    are returned apart, with the places left for them."""
    if len(ranked) <= places:  # a tier no larger than the bottom names nobody
        return [], [], 0
    cut = ranked[places - 1][1]
    below = [uid for uid, score in ranked if score < cut]
    tied = [uid for uid, score in ranked if score == cut]
    left = places - len(below)
    if len(tied) <= left:
        return below + tied, [], 0
    return below, tied, left


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    check_header(doc, kind="scorecard")
    title = require_str(doc, "title", "title", default="", allow_empty=True)
    period = require_mapping(doc, "period", "period", default={})
    settings = require_mapping(doc, "settings", "settings", default={})
    bottom = require_int(settings, "bottom", "settings.bottom", minimum=1, default=5)
    min_cases = require_int(settings, "min_cases", "settings.min_cases", minimum=1, default=1)
    weights = _read_weights(settings)

    units: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(require_list(doc, "units", "units")):
        row = _mapping(raw, f"units[{i}]")
        uid = require_str(row, "id", f"units[{i}].id")
        if uid in units:
            raise RecordError(f"units[{i}].id", f"duplicate unit id {uid!r} / 单位编号重复")
        units[uid] = {
            "id": uid,
            "name": require_str(row, "name", f"units[{i}].name"),
            "tier": require_str(row, "tier", f"units[{i}].tier"),
            "counts": dict.fromkeys(COUNTS, 0),
            "ratings": {"count": 0, **dict.fromkeys(RATING_PARTS, 0)},
            "categories": {},
        }
    categories: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    totals = dict.fromkeys(COUNTS, 0)
    for i, raw in enumerate(require_list(doc, "counts", "counts", default=[])):
        path = f"counts[{i}]"
        row = _mapping(raw, path)
        uid = require_str(row, "unit", f"{path}.unit")
        if uid not in units:
            raise RecordError(f"{path}.unit", f"unknown unit {uid!r} / 未知的单位")
        category = require_str(row, "category", f"{path}.category")
        if (uid, category) in seen:
            raise RecordError(path, f"{uid} / {category} appears twice / 同一单位同一类别出现两次")
        seen.add((uid, category))
        categories.setdefault(category, require_str(row, "category_name", f"{path}.category_name", default=category))
        counts = _read_counts(row, path)
        ratings = _read_ratings(row.get("ratings"), f"{path}.ratings")
        unit = units[uid]
        _add(unit["counts"], counts)
        _add(unit["ratings"], ratings)
        _add(totals, counts)
        unit["categories"][category] = counts

    excluded = []
    for i, raw in enumerate(require_list(doc, "excluded", "excluded", default=[])):
        row = _mapping(raw, f"excluded[{i}]")
        uid = require_str(row, "unit", f"excluded[{i}].unit")
        if uid not in units:
            raise RecordError(f"excluded[{i}].unit", f"unknown unit {uid!r} / 未知的单位")
        excluded.append(
            {
                "case": require_str(row, "case", f"excluded[{i}].case"),
                "unit": uid,
                "category": require_str(row, "category", f"excluded[{i}].category", default=""),
                "reason": require_str(row, "reason", f"excluded[{i}].reason"),
            }
        )

    out_units = []
    tiers: dict[str, list[tuple[str, Fraction]]] = {}
    unranked: dict[str, list[str]] = {}
    for uid, unit in units.items():
        counts = unit["counts"]
        score = _score(counts, weights)
        ranked = score is not None and counts["dispatched"] >= min_cases
        tiers.setdefault(unit["tier"], [])
        if ranked:
            assert score is not None
            tiers[unit["tier"]].append((uid, score))
        else:
            unranked.setdefault(unit["tier"], []).append(uid)
        out_units.append(
            {
                "id": uid,
                "name": unit["name"],
                "tier": unit["tier"],
                "counts": counts,
                "rates": _rates(counts),
                "score": score_json(score) if score is not None else None,
                "ranked": ranked,
                "ratings": _rating_means(unit["ratings"]),
                "categories": [
                    {"category": c, "name": categories[c], "counts": cc, "rates": _rates(cc)}
                    for c, cc in sorted(unit["categories"].items())
                ],
            }
        )
    out_tiers = []
    for tier, scored in tiers.items():
        scored.sort(key=lambda pair: (pair[1], pair[0]))
        low, tied, left = _bottom(scored, bottom)
        out_tiers.append(
            {
                "tier": tier,
                "ranked": [uid for uid, _s in scored],
                "bottom": low,
                "tie": {"units": tied, "places": left} if tied else None,
                "not_ranked": unranked.get(tier, []),
            }
        )
    return {
        "kind": "scorecard",
        "title": title,
        "period": {k: str(v) for k, v in period.items()},
        "settings": {
            "bottom": bottom,
            "min_cases": min_cases,
            "weights": {k: f"{v.numerator}/{v.denominator}" for k, v in weights.items()},
        },
        "status": "tie_at_cutoff" if any(t["tie"] for t in out_tiers) else "complete",
        "totals": {"counts": totals, "rates": _rates(totals)},
        "units": out_units,
        "tiers": out_tiers,
        "categories": categories,
        "excluded": excluded,
    }


def format_text(result: Mapping[str, Any]) -> str:
    """The result sheet: each tier's units from the lowest score, their three rates with their
    denominators, the bottom and any tie, and the cases left out."""
    names = {u["id"]: u for u in result["units"]}
    lines = [f"{result.get('title') or '诉求办理考核 Scorecard'}"]
    period = result.get("period") or {}
    if period:
        lines.append(f"期间 Period: {period.get('from', '')} – {period.get('to', '')}")
    weights = "，".join(f"{RATES[k][2]} {v}" for k, v in result["settings"]["weights"].items())
    lines.append(
        f"综合得分 Score = {weights}；至少 {result['settings']['min_cases']} 件才排名 (ranked from that many cases)"
    )
    lines.append(labels.status_line(result))

    def rate(unit: Mapping[str, Any], name: str) -> str:
        r = unit["rates"][name]
        return "—" if r is None else f"{r['numerator']}/{r['denominator']} ({r['percent']}%)"

    for tier in result["tiers"]:
        lines.append("")
        lines.append(f"[{tier['tier']}]")
        for uid in tier["ranked"] + tier["not_ranked"]:
            unit = names[uid]
            mark = "▼ " if uid in tier["bottom"] else ("= " if tier["tie"] and uid in tier["tie"]["units"] else "  ")
            score = unit["score"]["points"] if unit["score"] else "—"
            lines.append(
                f"{mark}{unit['name']}  得分 {score}  响应 {rate(unit, 'response')}  解决 {rate(unit, 'resolution')}"
                f"  满意 {rate(unit, 'satisfaction')}" + ("" if unit["ranked"] else "  (不排名 not ranked)")
            )
        if tier["tie"]:
            tied = "、".join(names[u]["name"] for u in tier["tie"]["units"])
            lines.append(f"并列 Tied at the cut-off for {tier['tie']['places']} place(s): {tied}")
    if result["excluded"]:
        lines.append("")
        lines.append("不计入考核 Left out of scoring:")
        for row in result["excluded"]:
            lines.append(f"  {row['case']} {names[row['unit']]['name']}：{row['reason']}")
    return "\n".join(lines) + "\n"
