"""Representatives' duty points (履职积分, seed 003): each representative's points of a quarter
(or a year) by project type, the year so far, and the required "三个一" done, counted from the
ledger's entries and the points standard's versions they were made under.

A record holds the standard's versions (each project: its type, the required item it is, its
points per difficulty and its caps per quarter and per year), the representatives, and every
entry of the year up to the period, in the ledger's order. Every entry is checked again:

- an entry's points are its project's points for its difficulty in its version;
- a reversal (``evidence: reversal``) takes back exactly the entry it names, of the same
  representative and project, and is never itself reversed; an entry is reversed at most once;
- after each entry that adds points, the representative's net points of that project in the
  quarter and in the year are within the caps of the entry's version (the caps the ledger
  applied when it took the entry).

``status`` is ``published`` when every check passes, ``checks_failed`` otherwise (each failure
is listed). Points are integers; nothing is rounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from jiceng import labels
from jiceng.errors import RecordError
from jiceng.record import check_header, require_int, require_list, require_mapping, require_str

TYPES = ("required", "optional", "self")
ITEMS = ("talk", "volunteer", "request")
DIFFICULTIES = ("general", "harder", "hard")
TYPE_WORDS = {
    "required": ("必选项目", "required"),
    "optional": ("自选项目", "optional"),
    "self": ("自创项目", "self-created"),
}
ITEM_WORDS = {
    "talk": ("作一次宣讲", "one talk"),
    "volunteer": ("开展一次志愿活动", "one volunteer activity"),
    "request": ("解决一个诉求", "one request solved"),
}


def _optional_int(raw: Mapping[str, Any], key: str, path: str) -> int | None:
    if raw.get(key) is None:
        return None
    return require_int(raw, key, path)


def _read_standards(doc: Mapping[str, Any]) -> dict[tuple[int, str], dict[str, Any]]:
    projects: dict[tuple[int, str], dict[str, Any]] = {}
    for i, raw in enumerate(require_list(doc, "standards", "standards")):
        path = f"standards[{i}]"
        version = require_int(raw, "version", f"{path}.version", minimum=1)
        for j, p in enumerate(require_list(raw, "projects", f"{path}.projects")):
            ppath = f"{path}.projects[{j}]"
            pid = require_str(p, "id", f"{ppath}.id")
            if (version, pid) in projects:
                raise RecordError(f"{ppath}.id", f"project {pid!r} twice in version {version} / 项目重复")
            ptype = require_str(p, "type", f"{ppath}.type")
            if ptype not in TYPES:
                raise RecordError(f"{ppath}.type", f"unknown type {ptype!r} / 未知的项目类型")
            item = p.get("item") or ""
            if item and item not in ITEMS:
                raise RecordError(f"{ppath}.item", f"unknown item {item!r} / 未知的必选事项")
            points = require_mapping(p, "points", f"{ppath}.points")
            for key in points:
                if key not in DIFFICULTIES:
                    raise RecordError(f"{ppath}.points", f"unknown difficulty {key!r} / 未知的难度")
            caps = require_mapping(p, "caps", f"{ppath}.caps", default={})
            projects[(version, pid)] = {
                "type": ptype,
                "item": item,
                "points": {k: require_int(points, k, f"{ppath}.points.{k}") for k in points},
                "caps": {k: _optional_int(caps, k, f"{ppath}.caps.{k}") for k in ("quarter", "year")},
            }
    return projects


def _entries(doc: Mapping[str, Any], projects: Mapping[tuple[int, str], Any], reps: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw in enumerate(require_list(doc, "entries", "entries")):
        path = f"entries[{i}]"
        eid = require_str(raw, "id", f"{path}.id")
        if eid in seen:
            raise RecordError(f"{path}.id", f"entry {eid!r} twice / 记录重复")
        seen.add(eid)
        rep = require_str(raw, "representative", f"{path}.representative")
        if rep not in reps:
            raise RecordError(f"{path}.representative", f"unknown representative {rep!r} / 未知的代表")
        version = require_int(raw, "version", f"{path}.version", minimum=1)
        project = require_str(raw, "project", f"{path}.project")
        if (version, project) not in projects:
            raise RecordError(f"{path}.project", f"project {project!r} not in version {version} / 标准中没有此项目")
        quarter = require_int(raw, "quarter", f"{path}.quarter", minimum=1)
        if quarter > 4:
            raise RecordError(f"{path}.quarter", "a quarter is 1 to 4 / 季度应为 1 至 4")
        out.append(
            {
                "id": eid,
                "representative": rep,
                "version": version,
                "project": project,
                "difficulty": require_str(raw, "difficulty", f"{path}.difficulty"),
                "quarter": quarter,
                "points": require_int(raw, "points", f"{path}.points", minimum=None),
                "evidence": require_str(raw, "evidence", f"{path}.evidence"),
                "reverses": raw.get("reverses") or "",
            }
        )
    return out


def _failure(entry: Mapping[str, Any], rule: str, zh: str, en: str) -> dict[str, Any]:
    return {"entry": entry["id"], "representative": entry["representative"], "rule": rule, "zh": zh, "en": en}


def _check(entries: list[dict[str, Any]], projects: Mapping[tuple[int, str], Any]) -> list[dict[str, Any]]:
    """Every entry's points, reversal and caps, in the ledger's order."""
    failed: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    reversed_once: set[str] = set()
    running: dict[tuple[str, str, int], int] = defaultdict(int)
    for e in entries:
        project = projects[(e["version"], e["project"])]
        if e["evidence"] == "reversal":
            target = by_id.get(e["reverses"])
            if target is None or target["evidence"] == "reversal" or e["reverses"] in reversed_once:
                failed.append(
                    _failure(e, "reversal", "冲销的记录不存在、是冲销记录或已被冲销", "reverses no open entry")
                )
            elif (target["representative"], target["project"]) != (e["representative"], e["project"]):
                failed.append(
                    _failure(e, "reversal", "冲销记录与原记录的代表或项目不一致", "another representative or project")
                )
            elif e["points"] != -target["points"]:
                failed.append(_failure(e, "reversal", "冲销分值与原记录不相等", "does not take back the same points"))
            reversed_once.add(e["reverses"])
        elif e["points"] != project["points"].get(e["difficulty"]):
            failed.append(_failure(e, "points", "分值与记分标准不符", "points differ from the standard"))
        by_id[e["id"]] = e
        for period, key in (("quarter", e["quarter"]), ("year", 0)):
            running[(e["representative"], e["project"], key)] += e["points"]
            cap = project["caps"][period]
            total = running[(e["representative"], e["project"], key)]
            if e["points"] > 0 and cap is not None and total > cap:
                failed.append(
                    _failure(e, f"cap_{period}", f"超过{'季度' if key else '年度'}上限 {cap} 分（累计 {total} 分）",
                             f"past the {period}'s cap of {cap} (net {total})")
                )  # fmt: skip
    return failed


def _by_type(rows: list[dict[str, Any]], projects: Mapping[tuple[int, str], Any]) -> dict[str, int]:
    out = dict.fromkeys((*TYPES, "total"), 0)
    for e in rows:
        out[projects[(e["version"], e["project"])]["type"]] += e["points"]
        out["total"] += e["points"]
    return out


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    check_header(doc, kind="points")
    year = require_int(doc, "year", "year", minimum=1)
    quarter = require_int(doc, "quarter", "quarter")
    if quarter > 4:
        raise RecordError("quarter", "0 (the year) or a quarter 1 to 4 / 0 表示全年，或季度 1 至 4")
    projects = _read_standards(doc)
    reps = [
        {
            "id": require_str(r, "id", f"representatives[{i}].id"),
            "name": require_str(r, "name", f"representatives[{i}].name"),
        }
        for i, r in enumerate(require_list(doc, "representatives", "representatives"))
    ]
    ids = {r["id"] for r in reps}
    if len(ids) != len(reps):
        raise RecordError("representatives", "a representative twice / 代表重复")
    entries = _entries(doc, projects, ids)
    last = quarter or 4
    if any(e["quarter"] > last for e in entries):
        raise RecordError("entries", f"an entry after quarter {last} / 有本期之后的记录")
    failed = _check(entries, projects)
    mine: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        mine[e["representative"]].append(e)
    out_reps = []
    for rep in reps:
        rows = mine[rep["id"]]
        items = {
            item: sum(e["points"] for e in rows if projects[(e["version"], e["project"])]["item"] == item) > 0
            for item in ITEMS
        }
        row = {
            **rep,
            "year": _by_type(rows, projects),
            "items": items,
            "items_done": sum(items.values()),
            "entries": len(rows),
        }
        if quarter:
            row["quarter"] = _by_type([e for e in rows if e["quarter"] == quarter], projects)
        out_reps.append(row)
    return {
        "kind": "points",
        "title": doc.get("title") or "",
        "year": year,
        "quarter": quarter,
        "status": "checks_failed" if failed else "published",
        "entries": len(entries),
        "representatives": out_reps,
        "failed": failed,
    }


def format_text(result: Mapping[str, Any]) -> str:
    """The sheet: each representative's points by type (the quarter's, then the year's so far)
    and the required items done, then any failed check."""
    period = f"第 {result['quarter']} 季度 Q{result['quarter']}" if result["quarter"] else "全年 the year"
    lines = [
        str(result.get("title") or "履职积分 Duty points"),
        f"{result['year']} {period}",
        labels.status_line(result),
    ]
    heads = "  ".join(f"{TYPE_WORDS[t][0]}" for t in TYPES)
    lines.append(f"代表 Representative  {heads}  合计 total  三个一 three ones")
    for rep in result["representatives"]:
        figures = rep.get("quarter") or rep["year"]
        done = "".join("✓" if rep["items"][i] else "·" for i in ITEMS)
        cols = "  ".join(str(figures[t]) for t in TYPES)
        year = f"  (全年 year {rep['year']['total']})" if result["quarter"] else ""
        lines.append(f"{rep['name']}  {cols}  {figures['total']}{year}  {done}")
    for f in result["failed"]:
        lines.append(f"✗ {f['entry']} {f['representative']}: {f['zh']} / {f['en']}")
    return "\n".join(lines) + "\n"
