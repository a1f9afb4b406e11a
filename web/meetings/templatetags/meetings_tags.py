from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

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
