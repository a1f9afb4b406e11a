"""党组织委员会票决 — committee_decision: the party committee decides by vote. On a cadre
appointment, the five gates come first (seed 002, “五个不研究”): four are facts recorded on the
matter, and the fifth, two thirds of the committee present, is the vote's quorum."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.deliberation import steps as st
from web.deliberation.flow import STEPS
from web.deliberation.kinds import voting
from web.deliberation.models import Matter, MatterStep


def _appointment(step: MatterStep) -> bool:
    return step.matter.kind == Matter.Kind.APPOINTMENT


def blockers(step: MatterStep) -> list[str]:
    gates = st.missing_gates(step.matter) + st.attendance_gate(step.meeting) if _appointment(step) else []
    return gates + voting.blockers(step)


def check_hold(step: MatterStep) -> None:
    missing = st.missing_gates(step.matter) if _appointment(step) else []
    if missing:
        raise STEPS.refuse(_("“五个不研究”：") + " ".join(missing), "gates")


KIND = voting.kind("committee_decision", gettext_lazy("党组织委员会票决"), blockers=blockers, check_hold=check_hold)
