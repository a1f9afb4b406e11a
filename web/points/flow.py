"""How the points workflows move (``web.procedures.machine``, each step its own parent): a
claim is confirmed or refused, a self-created project approved or refused, an objection upheld
or dismissed. Every decision leaves ``pending`` once, with a reason where it refuses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from web.points.errors import PointsError
from web.points.models import Claim, ClaimEvent, Decision, Objection, ObjectionEvent, SelfProject, SelfProjectEvent
from web.procedures.machine import Machine, Move

_PENDING = frozenset({Decision.PENDING})


def _decided(step: type[Any], approve: str, events: Any, done: Any, reason: Any) -> Machine[Any, Any]:
    """A pending step that liaison staff approve (``approve``) or refuse with a reason."""
    return Machine(
        parent=step,
        step=step,
        parent_field="",
        error=PointsError,
        moves={
            approve: Move(
                leaves=_PENDING, arrives=Decision.APPROVED, event=events.APPROVED, finishes=True, refusal=done
            ),
            "refuse": Move(
                leaves=_PENDING,
                arrives=Decision.REFUSED,
                event=events.REFUSED,
                finishes=True,
                refusal=done,
                needs_reason=reason,
            ),
        },
        active_state=Decision.PENDING,
    )


CLAIMS: Machine[Claim, Claim] = _decided(
    Claim,
    "confirm",
    ClaimEvent.Kind,
    gettext_lazy("这条申报已经审核过了。"),
    gettext_lazy("不予确认要写明理由，代表会看到它。"),
)
SELF_PROJECTS: Machine[SelfProject, SelfProject] = _decided(
    SelfProject,
    "approve",
    SelfProjectEvent.Kind,
    gettext_lazy("这个自创项目已经审核过了。"),
    gettext_lazy("不同意要写明理由，代表会看到它。"),
)

_OPEN = frozenset({Objection.State.PENDING})

OBJECTIONS: Machine[Objection, Objection] = Machine(
    parent=Objection,
    step=Objection,
    parent_field="",
    error=PointsError,
    moves={
        "uphold": Move(
            leaves=_OPEN,
            arrives=Objection.State.UPHELD,
            event=ObjectionEvent.Kind.UPHELD,
            finishes=True,
            refusal=gettext_lazy("这条异议已经答复过了。"),
            needs_reason=gettext_lazy("答复异议要写明理由。"),
        ),
        "dismiss": Move(
            leaves=_OPEN,
            arrives=Objection.State.DISMISSED,
            event=ObjectionEvent.Kind.DISMISSED,
            finishes=True,
            refusal=gettext_lazy("这条异议已经答复过了。"),
            needs_reason=gettext_lazy("异议不成立要写明理由，代表会看到它。"),
        ),
    },
    active_state=Objection.State.PENDING,
)
