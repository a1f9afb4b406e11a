"""How an inquiry moves (``web.procedures.machine``, an inquiry that is its own parent): filed,
answered on the spot, then in writing; the written answer's deadline passing first makes it
overdue (the scheduled job, ``web.congress.jobs``), and a written answer still ends it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.congress.errors import CongressError
from web.congress.models import Inquiry, InquiryEvent
from web.procedures.machine import Machine, Move

_S = Inquiry.State
_E = InquiryEvent.Kind

INQUIRIES: Machine[Inquiry, Inquiry] = Machine(
    parent=Inquiry,
    step=Inquiry,
    parent_field="",
    error=CongressError,
    moves={
        "answer_spot": Move(
            leaves=frozenset({_S.FILED}),
            arrives=_S.SPOT,
            event=_E.SPOT,
            refusal=gettext_lazy("这条询问已经现场答复或已书面答复。"),
        ),
        "overdue": Move(
            leaves=frozenset({_S.FILED, _S.SPOT}),
            arrives=_S.OVERDUE,
            event=_E.OVERDUE,
            refusal=gettext_lazy("只有等待书面答复的询问才会逾期。"),
        ),
        "answer_writing": Move(
            leaves=frozenset({_S.FILED, _S.SPOT, _S.OVERDUE}),
            arrives=_S.WRITTEN,
            event=_E.WRITTEN,
            finishes=True,
            refusal=gettext_lazy("这条询问已经书面答复。"),
        ),
    },
    active_state=_S.FILED,
    not_active=gettext_lazy("这条询问已经答复。"),
    not_active_code="wrong_state",
)
