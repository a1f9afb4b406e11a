"""How an appraisal session moves (``web.procedures.machine``; a session is its own parent):
prepared, opened (the poll opens; for a survey its window), counted by the engine, published on
the board when its setting says public. A flag raised is a ``Review`` that moves once: the
organisation records what it decided."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.appraisals.errors import AppraisalError
from web.appraisals.models import Review, ReviewEvent, Session, SessionEvent
from web.procedures.machine import Machine, Move

_S = Session.State
_E = SessionEvent.Kind

SESSIONS: Machine[Session, Session] = Machine(
    parent=Session,
    step=Session,
    parent_field="",
    error=AppraisalError,
    moves={
        "open": Move(
            leaves=frozenset({_S.DRAFT}),
            arrives=_S.OPEN,
            event=_E.OPENED,
            refusal=gettext_lazy("这次测评已经开始过。"),
        ),
        "count": Move(
            leaves=frozenset({_S.OPEN}),
            arrives=_S.COUNTED,
            event=_E.COUNTED,
            finishes=True,
            refusal=gettext_lazy("只有测评中的测评可以结束计票。"),
        ),
        "publish": Move(
            leaves=frozenset({_S.COUNTED}),
            arrives=_S.PUBLISHED,
            event=_E.PUBLISHED,
            refusal=gettext_lazy("只有已计票、尚未公布的测评可以公布。"),
        ),
    },
    active_state=_S.OPEN,
    not_active=gettext_lazy("这次测评不在测评中。"),
    not_active_code="wrong_state",
)

REVIEWS: Machine[Review, Review] = Machine(
    parent=Review,
    step=Review,
    parent_field="",
    error=AppraisalError,
    moves={
        "decide": Move(
            leaves=frozenset({Review.State.OPEN}),
            arrives=Review.State.DONE,
            event=ReviewEvent.Kind.DECIDED,
            finishes=True,
            refusal=gettext_lazy("这项提示已经记录过研究意见。"),
            needs_reason=gettext_lazy("请写明组织研究的意见。"),
        ),
    },
    active_state=Review.State.OPEN,
)
