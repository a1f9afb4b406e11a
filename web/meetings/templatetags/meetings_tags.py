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
    grammar: 实到不少于应到的五分之四."""
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


@register.filter
def ballot_words(content: Any, poll: Any) -> str:
    """A ballot's marks (phone or paper, as stored) in the meeting's words, never as a dict:
    '赞成'; '赵一：赞成；钱二：不赞成（另选 孙三）'; '废票'."""
    if not isinstance(content, dict):
        return "—"
    if content.get("spoiled"):
        return str(_("废票"))
    if "vote" in content:
        return count_label(str(content["vote"]))
    names = _candidate_names(poll)
    write_ins = {w.get("replaces"): w.get("name", "") for w in content.get("write_ins") or [] if isinstance(w, dict)}
    parts = []
    for key, mark in (content.get("marks") or {}).items():
        words = _("%(name)s：%(mark)s") % {"name": names.get(key, key), "mark": mark_label(str(mark))}
        if write_ins.get(key):
            words += _("（%(writein)s）") % {"writein": _("另选 %(name)s") % {"name": write_ins[key]}}
        parts.append(words)
    return pgettext("list separator between a ballot's marks", "；").join(parts) or "—"
