"""What a requester sees of their case: the state and the history in words, the reply, the
extension's reason; offices by name, never a person of staff. A merged case shows the case it
joined, with that case's state and reply, so every requester of a duplicate hears the news."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from web.cases import codes
from web.cases.actions import PLACE_KINDS
from web.cases.models import Case, CaseEvent, Visit
from web.org.models import Unit

STATE_WORDS = {
    Case.State.RECEIVED: _("已收到，正在安排承办单位"),
    Case.State.DISPATCHED: _("已交承办单位，等待签收"),
    Case.State.RETURNED: _("正在重新安排承办单位"),
    Case.State.SIGNED: _("承办单位正在办理"),
    Case.State.REPLIED: _("已答复，请您评价办理结果"),
    Case.State.VISITED: _("已回访，即将办结"),
    Case.State.CLOSED: _("已办结"),
    Case.State.MERGED: _("与相同的诉求合并办理"),
}

#: each history event as the requester reads it ({office}: the office it concerns); the events
#: not listed (notes, reminders, scoring) are the offices' own work and are not shown
EVENT_WORDS = {
    CaseEvent.Kind.RECEIVED: _("收到您的诉求"),
    CaseEvent.Kind.DISPATCHED: _("交由%(office)s办理"),
    CaseEvent.Kind.SIGNED: _("%(office)s已签收，开始办理"),
    CaseEvent.Kind.RETURNED: _("%(office)s认为不归其办理，正在重新安排"),
    CaseEvent.Kind.SENT_BACK: _("经审核，仍由%(office)s办理"),
    CaseEvent.Kind.ASSIST: _("%(office)s协助办理"),
    CaseEvent.Kind.EXTENDED: _("办理期限延长"),
    CaseEvent.Kind.REPLIED: _("%(office)s答复了您"),
    CaseEvent.Kind.VISITED: _("回访：记录了您的评价"),
    CaseEvent.Kind.REDO: _("您对结果不满意，重新办理"),
    CaseEvent.Kind.CLOSED: _("办结"),
    CaseEvent.Kind.MERGED: _("与相同的诉求合并办理"),
    CaseEvent.Kind.ESCALATED: _("提级督办，由%(office)s办理"),
}
#: events whose reason the requester reads beside them
REASON_SHOWN = {CaseEvent.Kind.EXTENDED}


@dataclass(frozen=True)
class Step:
    at: Any
    words: str
    reason: str = ""


def history(case: Case, *, own: bool = True) -> list[Step]:
    """The events the requester reads; ``own`` False for the case a merged one joined (its
    receipt is not "yours")."""
    steps = []
    for event in case.events.select_related("office").order_by("id"):
        words = EVENT_WORDS.get(event.kind)  # type: ignore[call-overload]
        if event.kind == CaseEvent.Kind.RECEIVED and not own:
            words = _("收到这件诉求")
        if words is None:
            continue
        office = event.office.name if event.office is not None else _("承办单位")
        steps.append(
            Step(
                at=event.at,
                words=str(words) % {"office": office} if "%(office)s" in str(words) else str(words),
                reason=event.reason if event.kind in REASON_SHOWN else "",
            )
        )
    return steps


def state_words(case: Case) -> str:
    state = str(case.state)
    return str(STATE_WORDS.get(state) or case.get_state_display())  # type: ignore[call-overload]


def place_words(unit: Unit) -> str:
    """The place from its community down (和平社区 · 第一网格 · 1栋), in one query."""
    ids = unit.ancestor_ids()
    names = dict(Unit.objects.filter(pk__in=ids, kind__in=PLACE_KINDS).values_list("pk", "name"))
    return pgettext("place separator", " · ").join(names[i] for i in ids if i in names)


def rating_words(case: Case) -> str:
    """The verified visit's answer in words (非常满意，问题已解决), or ""."""
    if case.satisfaction is None:
        return ""
    words = str(Visit.Satisfaction(case.satisfaction).label)
    if case.solved is None:
        return words
    solved = gettext("问题已解决") if case.solved else gettext("问题没有解决")
    return gettext("%(satisfaction)s，%(solved)s") % {"satisfaction": words, "solved": solved}


def view_of(case: Case) -> dict[str, Any]:
    """The page's context for a requester's case (and, when merged, for the case it joined)."""
    joined = None
    if case.merged_into_id is not None:
        target = Case.objects.select_related("entry", "unit", "office").get(pk=case.merged_into_id)
        joined = {"case": target, "state": state_words(target), "history": history(target, own=False)}
    return {
        "case": case,
        "state": state_words(case),
        "rating": rating_words(case),
        "place": place_words(case.unit),
        "history": history(case),
        "joined": joined,
        "answerable": case.state == Case.State.REPLIED,
        "photos": list(case.photos.all()),
    }


def find(number: str, code: str) -> Case | None:
    """The case the code opens (and, when a number is given, whose number it is)."""
    typed = codes.normalise(code)
    if len(typed) != codes.LENGTH or any(ch not in codes.ALPHABET for ch in typed):
        return None
    rows = Case.objects.filter(code_hash=codes.code_hash(typed)).select_related("entry", "unit", "office")
    if number:
        rows = rows.filter(pk=int(number))
    return rows.first()
