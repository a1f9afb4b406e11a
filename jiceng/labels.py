"""The engine's words for a result, Chinese and English: the one wording pages and PDFs show.

A result's status is worded per kind (``not_quorate`` means "the election cannot proceed" for
an election but "no vote can be taken" for a motion), so every lookup takes the kind. The result
sheets (``jiceng tally --format text``) print these words, and the web shows the same words
through ``web.meetings.templatetags.meetings_tags``: a page says exactly what its record's sheet
says, in either language. Check sentences are not here: each check carries its own ``zh`` and
``en`` sentence in the result (``jiceng.rules``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "COUNTS",
    "MARKS",
    "RULES",
    "STATUSES",
    "Words",
    "count_words",
    "mark_words",
    "rule_words",
    "status_line",
    "status_words",
]

#: (Chinese, English)
Words = tuple[str, str]

_APPRAISAL: Mapping[str, Words] = {
    "no_flags": ("未触发提示", "no flag is raised"),
    "flags_raised": (
        "触发提示，提请组织研究（不是处分）",
        "flags raised for the organisation to review (never a sanction)",
    ),
}

#: kind → status → words. A ``{name}`` in the words is filled from the result (``weighted``: ``advance``).
STATUSES: Mapping[str, Mapping[str, Words]] = {
    "election": {
        "complete": ("选举完成，名额全部选出", "complete: every seat is filled"),
        "seats_unfilled": (
            "当选人数不足应选名额，不足名额另行选举",
            "seats unfilled: too few candidates cleared the bar",
        ),
        "runoff_needed": ("得票相等者需再次投票", "run-off needed among candidates tied at the cut-off"),
        "not_quorate": ("到会人数不足，选举不能进行", "not quorate: the election cannot proceed"),
        "void": ("收回选票多于发出选票，本轮无效", "void: more ballots returned than issued"),
    },
    "motion": {
        "passed": ("通过", "passed"),
        "rejected": ("未通过", "rejected"),
        "not_quorate": ("到会人数不足，不能表决", "not quorate: no vote can be taken"),
        "void": ("收回票数多于发出票数，表决无效，应重新表决", "void: more ballots returned than issued; vote again"),
    },
    "recommendation": {
        "complete": ("达到推荐比例的人选不少于职数", "enough candidates reach the bar"),
        "short": ("达到推荐比例的人选少于职数", "fewer candidates reach the bar than there are places"),
        "scattered": (
            "推荐票分散，建议在原范围内对得票靠前人选进行第二次推荐",
            "votes scattered: a second round among the leading names is suggested",
        ),
    },
    "weighted": {
        "complete": ("前 {advance} 名确定", "the top {advance} are determined"),
        "tie_at_cutoff": ("截止名次得分相同，如实报告，不作取舍", "a tie at the cut-off, reported and not broken"),
    },
    "appraisal": _APPRAISAL,
    "survey": _APPRAISAL,
    "draw": {"drawn": ("已按公布的种子抽取", "drawn with the published seed")},
    "scorecard": {
        "complete": ("各层级得分最低的单位已列出", "each tier's lowest scores are listed"),
        "tie_at_cutoff": ("截止名次得分相同，如实报告，不作取舍", "a tie at the cut-off, reported and not broken"),
    },
    "points": {
        "published": ("每条记录都符合记分标准和上限", "every entry agrees with the standard and its caps"),
        "checks_failed": ("有记录不符合记分标准或上限，见下", "entries disagree with the standard or caps, listed"),
    },
}

#: a count's name (a motion's votes, a round's ballots)
COUNTS: Mapping[str, Words] = {
    "yes": ("赞成", "yes"),
    "no": ("反对", "no"),
    "abstain": ("弃权", "abstain"),
    "issued": ("发出", "issued"),
    "returned": ("收回", "returned"),
    "valid": ("有效", "valid"),
    "invalid": ("无效", "invalid"),
}

#: a mark on an election ballot, per candidate (DOMAIN.md §5.1: 赞成 / 不赞成 / 弃权), and its column
#: in an election's tally
MARKS: Mapping[str, Words] = {
    "for": ("赞成", "for"),
    "against": ("不赞成", "against"),
    "abstain": ("弃权", "abstain"),
}

#: a rule's name, as the record's ``rules`` keys it
RULES: Mapping[str, Words] = {
    "quorum": ("法定人数", "quorum"),
    "elected": ("当选票数", "votes to be elected"),
    "qualifies": ("入围票数", "votes to qualify"),
    "passes": ("通过票数", "votes to pass"),
    "margin": ("差额比例", "competitive margin"),
}


def status_words(kind: str, status: str, result: Mapping[str, Any] | None = None) -> Words:
    """The words for ``status`` of a ``kind`` result; an unknown pair reads as the status itself."""
    words = STATUSES.get(kind, {}).get(status)
    if words is None:
        return (status, status)
    if result is None or "{" not in words[0] + words[1]:
        return words
    fields = {k: v for k, v in result.items() if isinstance(k, str)}
    return (words[0].format_map(fields), words[1].format_map(fields))


def status_line(result: Mapping[str, Any]) -> str:
    """The sheet's status line: ``结果 Status: 中文 / English``."""
    zh, en = status_words(str(result.get("kind", "")), str(result.get("status", "")), result)
    return f"结果 Status: {zh} / {en}"


def count_words(key: str) -> Words:
    """The name of a count (``yes``, ``valid`` …); an unknown key reads as itself."""
    return COUNTS.get(key, (key, key))


def mark_words(key: str) -> Words:
    """The name of a ballot mark (``for``, ``against``, ``abstain``); an unknown key reads as itself."""
    return MARKS.get(key, (key, key))


def rule_words(key: str) -> Words:
    """The name of a rule (``quorum``, ``elected`` …); an unknown key reads as itself."""
    return RULES.get(key, (key, key))
