"""Democratic recommendation: rates against valid forms, the 50% bar, ABCD classes, scattered votes.

Seed 000 makes a person a candidate for inspection when their recommendation rate
reaches 50% (``2*recommended >= valid``, DOMAIN.md §4.3, §5.4); seed 002 issues
"ABCD" forms by class of voter, filled and summed separately, and holds a second
round in the same scope when the votes scatter. A record gives the candidates, the
``places`` (how many names one form may recommend, default 1), the voter classes
(optional) and the forms: ``{"class": "A", "recommend": ["c1"]}``; ``{"spoiled":
true}``; a form recommending nobody is blank. Blank and spoiled forms are not valid;
a form recommending more names than ``places`` is spoiled (counted as ``over``).

Per candidate and per class: ``recommended`` and the rate ``recommended / valid``
(the valid forms of that class, or of all classes together for the total). The bar
(``rules.bar``, default ``recommended >= 1/2 of valid``) is checked on the totals;
it may name class counts (``A.recommended``, ``A.valid``) and be ``{"all": [...]}``.
A candidate nobody recommended never reaches the bar (with no valid form, ``0 >= 0``
would otherwise hold).

Scattered votes (分散), defined exactly. Let ``cast`` be the number of
recommendations on all valid forms, and ``leaders`` the sum of the ``L`` highest
candidate totals (``L`` = ``settings.leaders``, default ``2 × places``, the 1:2
ratio of competitive inspection; ties do not change the sum). The votes are
*scattered* when both hold:

1. fewer than ``places`` candidates reach the bar; and
2. the concentration rule holds: ``rules.concentration``, default
   ``leaders < 1/2 of cast`` (the leaders together hold under half of all the
   recommendations made).

Then the result suggests a second round of recommendation in the same scope among
the leading names: every candidate whose total is at least the ``L``-th highest total
(so a tie at the edge takes everyone tied). It is a suggestion for the organisation,
as is the bar: neither appoints anyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jiceng import labels
from jiceng.appraisal import fraction_json
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
from jiceng.rules import parse_condition, parse_rule
from jiceng.sheets import check_lines

__all__ = ["DEFAULT_RULES", "STATUSES", "format_text", "tally_record"]

DEFAULT_RULES: Mapping[str, str] = {
    "bar": "recommended >= 1/2 of valid",
    "concentration": "leaders < 1/2 of cast",
}

#: the statuses of a recommendation, as ``jiceng.labels`` words them
STATUSES: Mapping[str, tuple[str, str]] = labels.STATUSES["recommendation"]

_DEFAULT_CLASS = "all"


def _read_entries(doc: Mapping[str, Any], key: str, what: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, raw in enumerate(require_list(doc, key, key)):
        path = f"{key}[{n}]"
        if not isinstance(raw, Mapping):
            raise RecordError(path, f"a {what} is a JSON object / 必须是对象")
        rid = require_str(raw, "id", f"{path}.id")
        if rid in seen:
            raise RecordError(f"{path}.id", f"the id {rid!r} is used twice / 编号重复")
        if "." in rid:
            raise RecordError(f"{path}.id", "an id has no dots / 编号不能含点号")
        seen.add(rid)
        out.append((rid, require_str(raw, "name", f"{path}.name")))
    return out


def _count(
    forms: Sequence[Any], candidates: Mapping[str, str], classes: Mapping[str, str], places: int
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Per class: the form counts, and each candidate's recommendations."""
    totals = {c: {"returned": 0, "valid": 0, "blank": 0, "spoiled": 0, "over": 0} for c in classes}
    votes = {c: dict.fromkeys(candidates, 0) for c in classes}
    single = next(iter(classes)) if len(classes) == 1 else None
    for n, form in enumerate(forms):
        path = f"forms[{n}]"
        if type(form) is not dict:
            raise RecordError(path, "a form is a JSON object / 推荐表必须是对象")
        cls = form.get("class", single)
        if cls is None:
            raise RecordError(f"{path}.class", "missing: which class of voter filled it / 缺少推荐人类别")
        if cls not in classes:
            raise RecordError(f"{path}.class", f"unknown class {cls!r} / 未知的推荐人类别")
        counts = totals[cls]
        counts["returned"] += 1
        if require_bool(form, "spoiled", f"{path}.spoiled", default=False):
            counts["spoiled"] += 1
            continue
        names = require_list(form, "recommend", f"{path}.recommend", default=[])
        for m, cid in enumerate(names):
            if cid not in candidates:
                raise RecordError(f"{path}.recommend[{m}]", f"unknown candidate id {cid!r} / 未知的人选编号")
        if len(set(names)) != len(names):
            raise RecordError(f"{path}.recommend", "the same person twice on one form / 同一人选重复")
        if not names:
            counts["blank"] += 1
        elif len(names) > places:
            counts["spoiled"] += 1
            counts["over"] += 1
        else:
            counts["valid"] += 1
            for cid in names:
                votes[cls][cid] += 1
    return totals, votes


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Count a ``recommendation`` record: rates, the bar, ABCD classes and the scattered-votes indicator."""
    check_header(doc, kind="recommendation")
    candidates = dict(_read_entries(doc, "candidates", "candidate"))
    if not candidates:
        raise RecordError("candidates", "at least one candidate / 至少要有一名人选")
    classes = dict(_read_entries(doc, "classes", "class")) if "classes" in doc else {_DEFAULT_CLASS: "全体"}
    if not classes:
        raise RecordError("classes", "at least one class / 至少要有一类推荐人")
    places = require_int(doc, "places", "places", minimum=1, default=1)
    raw_rules = require_mapping(doc, "rules", "rules", default={})
    for key in raw_rules:
        if key not in DEFAULT_RULES:
            raise RecordError(f"rules.{key}", "unknown rule; use bar or concentration / 未知的规则")
    rules = {**DEFAULT_RULES, **raw_rules}
    bar = parse_condition(rules["bar"], path="rules.bar", purpose="qualifies")
    concentration = parse_rule(require_str(rules, "concentration", "rules.concentration"), path="rules.concentration")
    settings = require_mapping(doc, "settings", "settings", default={})
    for key in settings:
        if key != "leaders":
            raise RecordError(f"settings.{key}", "unknown setting / 未知的设置")
    leaders_n = require_int(settings, "leaders", "settings.leaders", minimum=1, default=2 * places)
    forms, votes = _count(require_list(doc, "forms", "forms"), candidates, classes, places)
    total_forms = {k: sum(f[k] for f in forms.values()) for k in ("returned", "valid", "blank", "spoiled", "over")}
    valid = total_forms["valid"]
    entries: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    known = {"recommended", "valid", *(f"{c}.{k}" for c in classes for k in ("recommended", "valid"))}
    missing = sorted(bar.names - known)
    if missing:
        raise RecordError("rules.bar", f"the count '{missing[0]}' is not in this record / 记录中没有这一数目")
    for cid, name in candidates.items():
        recommended = sum(votes[c][cid] for c in classes)
        values = {"recommended": recommended, "valid": valid}
        for c in classes:
            values[f"{c}.recommended"] = votes[c][cid]
            values[f"{c}.valid"] = forms[c]["valid"]
        check = bar.evaluate(values).to_json()
        check["zh"] = check["zh"].replace("有效票", "有效推荐表")
        checks.append({"subject": cid, **check})
        entries.append(
            {
                "id": cid,
                "name": name,
                "recommended": recommended,
                "rate": fraction_json(recommended, valid),
                "by_class": {
                    c: {"recommended": votes[c][cid], "rate": fraction_json(votes[c][cid], forms[c]["valid"])}
                    for c in classes
                },
                "reaches_bar": bool(check["passed"]) and recommended > 0,
            }
        )
    ranked = sorted(entries, key=lambda e: -e["recommended"])
    cast = sum(e["recommended"] for e in entries)
    top = [e["recommended"] for e in ranked[:leaders_n]]
    leaders_sum = sum(top)
    edge = top[-1] if len(top) == leaders_n else 0
    leading = [e["id"] for e in ranked if e["recommended"] >= edge and e["recommended"] > 0]
    reaching = [e["id"] for e in ranked if e["reaches_bar"]]
    missing = sorted(concentration.names - {"leaders", "cast", "valid", "places"})
    if missing:
        raise RecordError("rules.concentration", f"the count '{missing[0]}' is not known here / 此处没有这一数目")
    spread = concentration.evaluate({"leaders": leaders_sum, "cast": cast, "valid": valid, "places": places})
    spread_json = spread.to_json()
    spread_json["zh"] += f"（leaders：得票最多的 {leaders_n} 名人选推荐票之和；cast：有效推荐表上的推荐总数）"
    spread_json["en"] += (
        f" (leaders: the recommendations of the top {leaders_n}; cast: all recommendations on valid forms)"
    )
    checks.append({"subject": None, **spread_json})
    scattered = len(reaching) < places and spread.passed
    status = "complete" if len(reaching) >= places else ("scattered" if scattered else "short")
    return {
        "kind": "recommendation",
        "status": status,
        "title": require_str(doc, "title", "title", default="", allow_empty=True),
        "post": require_str(doc, "post", "post", default="", allow_empty=True),
        "places": places,
        "rules": rules,
        "settings": {"leaders": leaders_n},
        "classes": [{"id": c, "name": n, "forms": forms[c]} for c, n in classes.items()],
        "forms": total_forms,
        "candidates": entries,
        "reaching_bar": reaching,
        "scattered": {
            "cast": cast,
            "leaders": leaders_sum,
            "leader_count": leaders_n,
            "share": fraction_json(leaders_sum, cast),
            "scattered": scattered,
            "second_round": leading if scattered else [],
        },
        "checks": checks,
    }


def format_text(result: Mapping[str, Any]) -> str:
    """A result sheet: rates per candidate and class, who reaches the bar, the scattered-votes finding."""
    title = f" — {result['title']}" if result.get("title") else ""
    forms = result["forms"]
    lines = [
        f"民主推荐结果 Recommendation result{title}",
        labels.status_line({**result, "kind": "recommendation"}),
        f"职数 Places: {result['places']}；推荐表 Forms: 收回 returned {forms['returned']}，"
        f"有效 valid {forms['valid']}，"
        f"空白 blank {forms['blank']}，废表 spoiled {forms['spoiled']}（超过职数 over {forms['over']}）",
        "",
    ]
    classes = result["classes"]
    width = max([text_width(c["name"]) for c in result["candidates"]] + [text_width("人选 Candidate")])
    lines.append(
        "人选 Candidate".ljust(width)
        + "".join(f"  {c['id']}（{c['forms']['valid']}）".rjust(18) for c in classes if len(classes) > 1)
        + "  合计 total".rjust(18)
    )
    for e in result["candidates"]:
        row = e["name"] + " " * (width - text_width(e["name"]))
        if len(classes) > 1:
            for c in classes:
                part = e["by_class"][c["id"]]
                row += f"{part['recommended']} ({part['rate']['percent'] if part['rate'] else '-'}%)".rjust(18)
        mark = "  ✓" if e["reaches_bar"] else ""
        row += f"{e['recommended']} ({e['rate']['percent'] if e['rate'] else '-'}%)".rjust(18) + mark
        lines.append(row)
    s = result["scattered"]
    names = {e["id"]: e["name"] for e in result["candidates"]}
    lines.append("")
    share = s["share"]["percent"] + "%" if s["share"] else "-"
    lines.append(
        f"集中度 Concentration: 前 {s['leader_count']} 名合计 {s['leaders']} / 推荐总数 {s['cast']} = {share} "
        f"(top {s['leader_count']} hold {s['leaders']} of {s['cast']} recommendations)"
    )
    if s["second_round"]:
        lines.append("第二次推荐人选 Second round among: " + "、".join(names[i] for i in s["second_round"]))
    lines.extend(
        check_lines([{**c, "rule": f"{names.get(c['subject'], '')} {c['rule']}".strip()} for c in result["checks"]])
    )
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"
