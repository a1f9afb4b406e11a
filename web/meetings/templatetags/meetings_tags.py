from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

register = template.Library()

STATUS_LABELS = {
    "complete": _("选举有效，名额已选满"),
    "void": _("本轮投票无效（收回票数多于发出票数），须重新投票"),
    "not_quorate": _("未达法定人数，选举无效"),
    "runoff_needed": _("票数相等，须对票数相等的候选人再次投票"),
    "seats_unfilled": _("当选人数不足应选名额，不足名额另行选举"),
    "passed": _("通过"),
    "rejected": _("未通过"),
}


@register.filter
def status_label(status: str) -> str:
    """The engine's result status in words a meeting understands."""
    return str(STATUS_LABELS.get(status, status))


COUNT_LABELS = {
    "yes": _("赞成"),
    "no": _("反对"),
    "abstain": _("弃权"),
    "invalid": _("无效票"),
    "valid": _("有效票"),
}


@register.filter
def count_label(key: str) -> str:
    """A motion's count (the engine says ``yes``/``no``/``abstain``) as the meeting says it."""
    return str(COUNT_LABELS.get(key, key))


RULE_LABELS = {
    "quorum": _("法定人数"),
    "elected": _("当选票数"),
    "passes": _("通过票数"),
    "qualifies": _("入围票数"),
}


@register.filter
def rule_label(name: str) -> str:
    return str(RULE_LABELS.get(name, name))


MARK_LABELS = {"for": _("赞成"), "against": _("不赞成"), "abstain": _("弃权")}


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
        return str(COUNT_LABELS.get(content["vote"], content["vote"]))
    names = _candidate_names(poll)
    write_ins = {w.get("replaces"): w.get("name", "") for w in content.get("write_ins") or [] if isinstance(w, dict)}
    parts = []
    for key, mark in (content.get("marks") or {}).items():
        words = _("%(name)s：%(mark)s") % {"name": names.get(key, key), "mark": MARK_LABELS.get(mark, mark)}
        if write_ins.get(key):
            words += _("（%(writein)s）") % {"writein": _("另选 %(name)s") % {"name": write_ins[key]}}
        parts.append(words)
    return pgettext("list separator between a ballot's marks", "；").join(parts) or "—"
