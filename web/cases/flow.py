"""How a case moves (``web.procedures.machine``, a case that is its own parent): received, then
dispatched to an office, signed for or returned, replied, visited, closed; a dissatisfied visit
sends it back to its office to be redone, an escalation to the office a level up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.cases.errors import CaseError
from web.cases.models import Case, CaseEvent
from web.procedures.machine import Machine, Move

_S = Case.State
_E = CaseEvent.Kind

CASES: Machine[Case, Case] = Machine(
    parent=Case,
    step=Case,
    parent_field="",
    error=CaseError,
    moves={
        "dispatch": Move(
            leaves=frozenset({_S.RECEIVED, _S.RETURNED}),
            arrives=_S.DISPATCHED,
            event=_E.DISPATCHED,
            refusal=gettext_lazy("只有待派单或已退单的诉求可以派单。"),
        ),
        "sign": Move(
            leaves=frozenset({_S.DISPATCHED}),
            arrives=_S.SIGNED,
            event=_E.SIGNED,
            refusal=gettext_lazy("这件诉求不在待签收状态。"),
        ),
        "return": Move(
            leaves=frozenset({_S.DISPATCHED, _S.SIGNED}),
            arrives=_S.RETURNED,
            event=_E.RETURNED,
            refusal=gettext_lazy("只有派给本单位、尚未答复的诉求可以退单。"),
            needs_reason=gettext_lazy("退单要写明理由和依据。"),
        ),
        # the dispatcher does not accept a return: the case goes back to the office that returned it
        "send_back": Move(
            leaves=frozenset({_S.RETURNED}),
            arrives=_S.DISPATCHED,
            event=_E.SENT_BACK,
            refusal=gettext_lazy("只有已退单的诉求可以退回原单位。"),
            needs_reason=gettext_lazy("退回原单位要写明为什么不认可退单。"),
        ),
        "extend": Move(
            leaves=frozenset({_S.SIGNED}),
            arrives=_S.SIGNED,
            event=_E.EXTENDED,
            refusal=gettext_lazy("只有办理中的诉求可以申请延期。"),
            needs_reason=gettext_lazy("延期要写明理由，诉求人会看到它。"),
        ),
        "reply": Move(
            leaves=frozenset({_S.SIGNED}),
            arrives=_S.REPLIED,
            event=_E.REPLIED,
            refusal=gettext_lazy("只有已签收、办理中的诉求可以答复。"),
        ),
        "visit": Move(
            leaves=frozenset({_S.REPLIED}),
            arrives=_S.VISITED,
            event=_E.VISITED,
            refusal=gettext_lazy("只有已答复的诉求可以回访。"),
        ),
        # a dissatisfied visit: the same office redoes it
        "redo": Move(
            leaves=frozenset({_S.REPLIED}),
            arrives=_S.SIGNED,
            event=_E.REDO,
            refusal=gettext_lazy("只有已答复的诉求可以重办。"),
        ),
        "close": Move(
            leaves=frozenset({_S.VISITED}),
            arrives=_S.CLOSED,
            event=_E.CLOSED,
            finishes=True,
            refusal=gettext_lazy("回访之后才能办结。"),
        ),
        # no visit reached the requester: closed without a satisfaction, with the reason
        "close_unvisited": Move(
            leaves=frozenset({_S.REPLIED}),
            arrives=_S.CLOSED,
            event=_E.CLOSED,
            finishes=True,
            refusal=gettext_lazy("只有已答复、待回访的诉求可以这样办结。"),
            needs_reason=gettext_lazy("未回访就办结，要写明为什么没能回访。"),
        ),
        "merge": Move(
            leaves=frozenset({_S.RECEIVED, _S.DISPATCHED, _S.RETURNED}),
            arrives=_S.MERGED,
            event=_E.MERGED,
            finishes=True,
            refusal=gettext_lazy("已经签收办理的诉求不能再合并。"),
        ),
        # up a level: the office above takes it and must sign for it
        "escalate": Move(
            leaves=frozenset({_S.RECEIVED, _S.DISPATCHED, _S.RETURNED, _S.SIGNED}),
            arrives=_S.DISPATCHED,
            event=_E.ESCALATED,
            refusal=gettext_lazy("已答复或已办结的诉求不能提级。"),
        ),
    },
    active_state=_S.SIGNED,
    not_active=gettext_lazy("这件诉求不在办理中。"),
    not_active_code="wrong_state",
)
