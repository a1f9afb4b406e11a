"""How a month's draw moves (``web.procedures.machine``; the draw is its own parent):

open → frozen (the pool and its hash published) → entered (one spoken seed entry) or committed
(the commitment's hash published) → drawn (the seed fixed, the engine drew, all published).
A first entry may be withdrawn with a reason (entered → frozen). Any draw not yet superseded
may be superseded by a re-run of its month, with a reason shown publicly beside both."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.inspections.errors import InspectionError
from web.inspections.models import Draw, DrawEvent
from web.procedures.machine import Machine, Move

S = Draw.State
E = DrawEvent.Kind

DRAWS: Machine[Draw, Draw] = Machine(
    parent=Draw,
    step=Draw,
    parent_field="",
    error=InspectionError,
    moves={
        "freeze": Move(
            leaves=frozenset({S.OPEN}),
            arrives=S.FROZEN,
            event=E.FROZEN,
            refusal=gettext_lazy("名单已经冻结，不能再次冻结。"),
        ),
        "enter": Move(
            leaves=frozenset({S.FROZEN}),
            arrives=S.ENTERED,
            event=E.ENTERED,
            refusal=gettext_lazy("只有名单冻结并公布散列值之后、种子确定之前，才能录入种子。"),
            code="seed_refused",
        ),
        "clear": Move(
            leaves=frozenset({S.ENTERED}),
            arrives=S.FROZEN,
            event=E.CLEARED,
            refusal=gettext_lazy("没有可以撤回的种子录入。"),
            needs_reason=gettext_lazy("撤回第一次录入要写明理由。"),
        ),
        "commit": Move(
            leaves=frozenset({S.FROZEN}),
            arrives=S.COMMITTED,
            event=E.COMMITTED,
            refusal=gettext_lazy("只有名单冻结并公布散列值之后、种子确定之前，才能公布种子承诺。"),
            code="seed_refused",
        ),
        "draw": Move(
            leaves=frozenset({S.ENTERED, S.COMMITTED}),
            arrives=S.DRAWN,
            event=E.DRAWN,
            finishes=True,
            refusal=gettext_lazy("种子还没有在公开场合确定，不能抽取。"),
            code="seed_refused",
        ),
        "supersede": Move(
            leaves=frozenset({S.OPEN, S.FROZEN, S.ENTERED, S.COMMITTED, S.DRAWN}),
            arrives=S.SUPERSEDED,
            event=E.SUPERSEDED,
            finishes=True,
            refusal=gettext_lazy("这次抽取已经作废。"),
            needs_reason=gettext_lazy("本月已经有一次抽取，重新抽取必须写明理由，理由将公开。"),
        ),
    },
    active_state=S.OPEN,
)
