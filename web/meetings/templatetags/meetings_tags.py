from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from jiceng import labels
from web.common.rulefield import rule_in_words

register = template.Library()


def in_language(words: tuple[str, str]) -> str:
    """The engine's (Chinese, English) words in the active language."""
    zh, en = words
    return en if (get_language() or "").startswith("en") else zh


@register.filter
def status_label(result: Any) -> str:
    """A result's status in the engine's own words (``jiceng.labels``), keyed by the result's kind:
    a not-quorate motion and a not-quorate election are worded differently, as their sheets are."""
    if not isinstance(result, Mapping):
        return ""
    kind, status = str(result.get("kind", "")), str(result.get("status", ""))
    return in_language(labels.status_words(kind, status, result))


@register.filter
def rule_sentence(rule: Any) -> str:
    """A rule (text, or a joint meeting's JSON of several) in the engine's words, without its
    grammar: 实到人数不少于应到人数的五分之四."""
    if isinstance(rule, str) and rule.strip().startswith("{"):
        try:
            rule = json.loads(rule)
        except ValueError:
            return rule
    return rule_in_words(rule)


@register.filter
def count_label(key: str) -> str:
    """A count's name (``yes``/``no``/``abstain``…) in the engine's words."""
    return in_language(labels.count_words(key))


@register.filter
def mark_label(key: str) -> str:
    """An election ballot's mark (``for``/``against``/``abstain``) in the engine's words."""
    return in_language(labels.mark_words(key))


@register.filter
def rule_label(name: str) -> str:
    """A rule's name (``quorum``, ``elected``…) in the engine's words."""
    return in_language(labels.rule_words(name))


def _candidate_names(poll: Any) -> dict[str, str]:
    """Key → name, read once per poll object (a page may word many ballots of one poll)."""
    names = getattr(poll, "_ballot_names", None)
    if names is None:
        names = {c.key: c.name for c in poll.candidates.all()}
        poll._ballot_names = names
    return names


def _mark_lines(content: dict[str, Any], poll: Any) -> list[tuple[str, str]]:
    """(candidate, mark in words with any write-in) in the ballot's candidate order."""
    names = _candidate_names(poll)
    marks: dict[str, Any] = content.get("marks") or {}
    write_ins = {w.get("replaces"): w.get("name", "") for w in content.get("write_ins") or [] if isinstance(w, dict)}
    lines = []
    for key in [k for k in names if k in marks] + [k for k in marks if k not in names]:
        words = mark_label(str(marks[key]))
        if write_ins.get(key):
            words += _("（%(writein)s）") % {"writein": _("另选 %(name)s") % {"name": write_ins[key]}}
        lines.append((names.get(key, str(key)), words))
    return lines


@register.filter
def ballot_lines(content: Any, poll: Any) -> list[tuple[str, str]]:
    """A ballot as (what was voted on, the mark in words) lines, for the voter's own screens (the
    receipt, the receipt check): one line per candidate, or the motion's one answer."""
    if not isinstance(content, dict):
        return []
    if getattr(poll, "kind", "") == "appraisal":
        from web.meetings.appraisal import form_lines

        return form_lines(content, poll)
    if getattr(poll, "kind", "") == "recommendation":
        from web.meetings import recommendation

        return recommendation.form_lines(content, poll)
    if content.get("spoiled"):
        return [(str(_("选票")), str(_("废票")))]
    if "vote" in content:
        return [(str(_("您的意见")), count_label(str(content["vote"])))]
    return _mark_lines(content, poll)


@register.filter
def ballot_words(content: Any, poll: Any) -> str:
    """A ballot's marks (phone or paper, as stored) in the meeting's words, never as a dict:
    '赞成'; '赵一：赞成；钱二：不赞成（另选 孙三）'; '废票'."""
    if getattr(poll, "kind", "") == "recommendation" and isinstance(content, dict) and content.get("recommend"):
        from web.meetings.recommendation import names_of

        names = {c.key: c.name for c in names_of(poll)}
        return _("推荐：%(names)s") % {"names": _("、").join(names.get(k, str(k)) for k in content["recommend"])}
    if getattr(poll, "kind", "") == "appraisal" and isinstance(content, dict) and content.get("grades"):
        lines = ballot_lines(content, poll)
        parts = [_("%(name)s：%(mark)s") % {"name": name, "mark": words} for name, words in lines]
        return pgettext("list separator between a ballot's marks", "；").join(parts)
    if not isinstance(content, dict) or content.get("spoiled") or "vote" in content or "blank" in content:
        whole = ballot_lines(content, poll)  # one line, or none: the words alone
        return whole[0][1] if whole else "—"
    parts = [_("%(name)s：%(mark)s") % {"name": name, "mark": words} for name, words in _mark_lines(content, poll)]
    return pgettext("list separator between a ballot's marks", "；").join(parts) or "—"


@register.filter
def grade_label(grade: str) -> str:
    """An appraisal grade in the active language (a grade the meeting wrote reads as written)."""
    from web.meetings.appraisal import grade_words

    return grade_words(str(grade))


@register.filter
def appraisal_table(result: Any) -> dict[str, Any]:
    """An appraisal result as its page and the hall display show it (``appraisal.result_rows``)."""
    from web.meetings.appraisal import result_rows

    return result_rows(result) if isinstance(result, dict) and result.get("subjects") is not None else {}


@register.filter
def recommendation_table(result: Any) -> dict[str, Any]:
    """A recommendation result as its pages show it (``recommendation.result_rows``)."""
    from web.meetings.recommendation import result_rows

    return result_rows(dict(result)) if isinstance(result, Mapping) else {"classes": [], "rows": []}


@register.filter
def appraisal_rules(rules: Any) -> list[tuple[str, str]]:
    """An appraisal's rules in words (``appraisal.rules_in_words``), for the PDFs."""
    from web.meetings.appraisal import rules_in_words

    return rules_in_words(rules) if isinstance(rules, dict) else []


@register.filter
def halves(rows: Any) -> list[list[Any]]:
    """A long table in two halves, side by side on the hall's screen (one when short)."""
    rows = list(rows or [])
    if len(rows) <= 12:
        return [rows]
    middle = (len(rows) + 1) // 2
    return [rows[:middle], rows[middle:]]
