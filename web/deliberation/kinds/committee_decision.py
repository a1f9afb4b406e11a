"""党组织委员会票决 — committee_decision: the party committee decides by vote. On a cadre
appointment, the five gates come first (seed 002, “五个不研究”): four are facts recorded on the
matter, and the fifth, two thirds of the committee present, is the vote's quorum."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation.flow import STEPS
from web.deliberation.kinds import voting
from web.deliberation.models import Matter, MatterStep
from web.meetings.models import Meeting
from web.meetings.queries import attendance

#: the five gates before a committee decides on a cadre appointment (seed 002, “五个不研究”):
#: four are facts recorded on the matter; the fifth (two thirds present) is the vote's quorum
GATES = {
    "recommendation": gettext_lazy("已经过民主推荐"),
    "inspection": gettext_lazy("已经过组织考察"),
    "papers": gettext_lazy("程序符合规定，材料齐全"),
    "complaints": gettext_lazy("群众反映的问题已核实清楚（或无反映）"),
}


def missing_gates(matter: Matter) -> list[str]:
    """The five gates not yet recorded for a cadre appointment (seed 002's “五个不研究”)."""
    done = {g.gate for g in matter.gates.all()}  # a list of steps reads them for all its matters at once
    return [_("未记录：%(gate)s。") % {"gate": text} for key, text in GATES.items() if key not in done]


def attendance_gate(meeting: Meeting | None) -> list[str]:
    """The fifth gate: at least two thirds of the committee present (once the meeting is open)."""
    if meeting is None or meeting.state == Meeting.State.DRAFT:
        return []
    counts = attendance(meeting)
    if 3 * counts["present"] >= 2 * counts["expected"]:
        return []
    return [
        _("出席的委员 %(p)d 人，不足应到 %(e)d 人的三分之二，不能研究。")
        % {"p": counts["present"], "e": counts["expected"]}
    ]


def _appointment(step: MatterStep) -> bool:
    return step.matter.kind == Matter.Kind.APPOINTMENT


def blockers(step: MatterStep) -> list[str]:
    gates = missing_gates(step.matter) + attendance_gate(step.meeting) if _appointment(step) else []
    return gates + voting.blockers(step)


def check_hold(step: MatterStep) -> None:
    missing = missing_gates(step.matter) if _appointment(step) else []
    if missing:
        raise STEPS.refuse(_("“五个不研究”：") + " ".join(missing), "gates")


KIND = voting.kind("committee_decision", gettext_lazy("党组织委员会票决"), blockers=blockers, check_hold=check_hold)
