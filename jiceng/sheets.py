"""Result sheets: what a person reads on a notice board, Chinese first with English beside it.

Each kind's ``format_text`` lands here; the sheet shows the status, the counts, every
check with its numbers and sentences, and the record's digest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from jiceng.labels import STATUSES, count_words, mark_words, rule_words, status_line
from jiceng.record import pad, text_width

__all__ = [
    "ELECTION_STATUSES",
    "MOTION_STATUSES",
    "check_lines",
    "counts_text",
    "election_sheet",
    "motion_sheet",
    "rules_line",
]

#: the statuses of an election and of a motion, as ``jiceng.labels`` words them
ELECTION_STATUSES: Mapping[str, tuple[str, str]] = STATUSES["election"]
MOTION_STATUSES: Mapping[str, tuple[str, str]] = STATUSES["motion"]

_INVALID_REASONS: Mapping[str, tuple[str, str]] = {
    "spoiled": ("废票", "spoiled"),
    "too_many": ("赞成与另选人数多于应选名额", "more for-marks and write-ins than seats"),
    "write_in_not_against": ("另选他人不在“不赞成”旁", "a write-in beside a mark other than against"),
    "two_write_ins_one_place": ("同一位置另选两人", "two write-ins in one place"),
    "same_name_twice": ("同一人名写了两次", "the same name written twice"),
    "hand_count": ("手工计票时当场判定无效", "judged invalid by the tellers in the hall"),
}


def check_lines(checks: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every check: a tick or a cross, the rule, then its sentence in each language."""
    lines = ["", "核对 Checks:"]
    for check in checks:
        lines.append(f"  {'✓' if check['passed'] else '✗'} {check['rule']}")
        lines.append(f"    {check['zh']}")
        lines.append(f"    {check['en']}")
    return lines


def counts_text(counts: Mapping[str, Any], keys: Iterable[str]) -> str:
    """Counts named in both languages: ``发出 issued 30，收回 returned 30``."""
    return "，".join(f"{count_words(k)[0]} {count_words(k)[1]} {counts.get(k)}" for k in keys)


def rules_line(rules: Any) -> list[str]:
    """The record's rules, each named in both languages (none when the result carries no rules)."""
    if not isinstance(rules, Mapping) or not rules:
        return []
    parts = []
    for key, rule in rules.items():
        zh, en = rule_words(str(key))
        text = rule if isinstance(rule, str) else json.dumps(rule, ensure_ascii=False, sort_keys=True)
        parts.append(f"{zh} {en}: {text}")
    return ["规则 Rules: " + "；".join(parts)]


def _mark_head(key: str) -> str:
    zh, en = mark_words(key)
    return f"{zh} {en.capitalize()}"


def _hand_count_line(result: Mapping[str, Any]) -> list[str]:
    hand = result.get("hand_count")
    if not hand:
        return []
    return [
        f"  其中手工计票 of which counted by hand: 收回 returned {hand['returned']}，"
        f"有效 valid {hand['valid']}，无效 invalid {hand['invalid']}"
    ]


def election_sheet(result: Mapping[str, Any]) -> str:
    """The sheet of an election result."""
    ballots = result.get("ballots", {})
    lines = [
        f"选举结果 Election result{' — ' + str(result['title']) if result.get('title') else ''}",
        status_line({**result, "kind": "election"}),
        f"应选名额 Seats: {result.get('seats')}",
        "选票 Ballots: " + counts_text(ballots, ("issued", "returned", "valid", "invalid")),
    ]
    lines.extend(_hand_count_line(result))
    for reason, n in result.get("invalid_reasons", {}).items():
        rzh, ren = _INVALID_REASONS.get(reason, (reason, reason))
        lines.append(f"  无效原因 {rzh} / {ren}: {n}")
    tally = result.get("tally", [])
    if tally:
        names = {e["id"]: e["name"] for e in tally}
        width = max(text_width("候选人 Candidate"), *(text_width("另选 " + e["name"]) for e in tally))
        lines.append("")
        lines.append(
            pad("候选人 Candidate", width + 2)
            + pad(_mark_head("for"), 10, right=True)
            + pad(_mark_head("against"), 16, right=True)
            + pad(_mark_head("abstain"), 14, right=True)
            + "  当选 Elected"
        )
        for e in tally:
            mark = "当选 ✓" if e["elected"] else ("达到票数 qualified" if e.get("qualified") else "")
            lines.append(
                pad(("另选 " if e.get("write_in") else "") + e["name"], width + 2)
                + pad(str(e["for"]), 10, right=True)
                + pad(str(e["against"]), 16, right=True)
                + pad(str(e["abstain"]), 14, right=True)
                + "  "
                + mark
            )
        lines.append("")
        elected = "、".join(names.get(i, i) for i in result.get("elected", [])) or "无 none"
        lines.append(f"当选（按赞成票） Elected (by for-votes): {elected}")
        runoff = result.get("runoff")
        if runoff:
            who = "、".join(names.get(i, i) for i in runoff["candidates"])
            lines.append(f"再次投票 Run-off for {runoff['seats']} seat(s): {who}")
        if result.get("unfilled_seats"):
            lines.append(f"未选出名额 Unfilled seats: {result['unfilled_seats']}")
    lines.extend(rules_line(result.get("rules")))
    lines.extend(check_lines(result.get("checks", [])))
    for warning in result.get("warnings", []):
        lines.append(f"注意 Warning: {warning}")
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"


def motion_sheet(result: Mapping[str, Any]) -> str:
    """The sheet of a motion result."""
    ballots = result.get("ballots", {})
    title = f" — {result['title']}" if result.get("title") else ""
    lines = [f"表决结果 Motion result{title}", status_line({**result, "kind": "motion"})]
    shown = (
        ("returned", "valid", "invalid")
        if ballots.get("issued") is None
        else ("issued", "returned", "valid", "invalid")
    )
    lines.append(counts_text(ballots, shown))
    lines.extend(_hand_count_line(result))
    counts = result.get("counts")
    if counts:
        lines.append(counts_text(counts, ("yes", "no", "abstain")))
    lines.extend(rules_line(result.get("rules")))
    lines.extend(check_lines(result.get("checks", [])))
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"
