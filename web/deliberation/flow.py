"""How a matter's steps move (``web.procedures.machine``): started in order; a voting step passes,
fails (ending the matter, waiting while an earlier step is held again, or held again itself) as
its settings say; a disclosure step passes by being posted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.deliberation.errors import DeliberationError
from web.deliberation.models import Matter, MatterStep, StepEvent
from web.procedures.machine import Machine, Move

_State = MatterStep.State

STEPS: Machine[Matter, MatterStep] = Machine(
    parent=Matter,
    step=MatterStep,
    parent_field="matter",
    error=DeliberationError,
    moves={
        "start": Move(
            leaves=frozenset({_State.PENDING}),
            arrives=_State.ACTIVE,
            event=StepEvent.Kind.STARTED,
            starts=True,
            clears=("meeting", "poll"),
        ),
        # an earlier voting step held again after a later one failed: its history says why
        "resume": Move(
            leaves=frozenset({_State.PASSED}),
            arrives=_State.ACTIVE,
            event=StepEvent.Kind.STARTED,
            starts=True,
            clears=("meeting", "poll"),
        ),
        "pass": Move(
            leaves=frozenset({_State.ACTIVE}), arrives=_State.PASSED, event=StepEvent.Kind.PASSED, finishes=True
        ),
        "disclose": Move(
            leaves=frozenset({_State.ACTIVE}), arrives=_State.PASSED, event=StepEvent.Kind.DISCLOSED, finishes=True
        ),
        # a failed vote ends the matter here …
        "end": Move(leaves=frozenset({_State.ACTIVE}), arrives=_State.FAILED, finishes=True),
        # … or the step waits while an earlier one is held again
        "wait": Move(leaves=frozenset({_State.ACTIVE}), arrives=_State.PENDING, clears=("meeting", "poll")),
    },
    not_active=gettext_lazy("只能办理当前进行中的环节，不能跳过或重复办理。"),
)


def active_step(step: MatterStep) -> MatterStep:
    """The step, locked with its matter, if it is the active step of a matter still under way."""
    return STEPS.active(
        step,
        "matter__unit",
        "poll",
        "meeting",
        allowed=lambda s: s.matter.state in (Matter.State.IN_PROGRESS, Matter.State.DECIDED),
    )
