"""How an election's stages move (``web.procedures.machine``): started in order, finished only
while active and with nothing blocking, reopened only with a reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.elections.errors import ElectionError
from web.elections.models import Election, Stage, StageEvent
from web.procedures.machine import Machine, Move

STAGES: Machine[Election, Stage] = Machine(
    parent=Election,
    step=Stage,
    parent_field="election",
    error=ElectionError,
    moves={
        "start": Move(
            leaves=frozenset({Stage.State.PENDING}),
            arrives=Stage.State.ACTIVE,
            event=StageEvent.Kind.STARTED,
            starts=True,
        ),
        "finish": Move(
            leaves=frozenset({Stage.State.ACTIVE}),
            arrives=Stage.State.DONE,
            event=StageEvent.Kind.FINISHED,
            finishes=True,
            refusal=gettext_lazy("只能完成当前进行中的阶段，不能跳过阶段。"),
            code="skip_refused",
        ),
        "reopen": Move(
            leaves=frozenset({Stage.State.DONE}),
            arrives=Stage.State.ACTIVE,
            event=StageEvent.Kind.REOPENED,
            starts=True,
            needs_reason=gettext_lazy("重新打开阶段必须写明理由。"),
            refusal=gettext_lazy("只能重新打开已完成的阶段（选举结束后不能再打开）。"),
        ),
    },
)
