"""How a proposal moves (``web.procedures.machine``, a proposal that is its own parent): filed and
seconded, sent for review, accepted (立案) or not, discussed by the delegations, put to the
congress, adopted and assigned, answered, rated; a first 不满意 sends it back to its unit once.
Merged into another proposal while it is not yet voted on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.procedures.machine import Machine, Move
from web.proposals.errors import ProposalError
from web.proposals.models import Proposal, ProposalEvent

_S = Proposal.State
_E = ProposalEvent.Kind

PROPOSALS: Machine[Proposal, Proposal] = Machine(
    parent=Proposal,
    step=Proposal,
    parent_field="",
    error=ProposalError,
    moves={
        "submit": Move(
            leaves=frozenset({_S.SIGNING}),
            arrives=_S.SUBMITTED,
            event=_E.SUBMITTED,
            refusal=gettext_lazy("这件提案已经提交过，不能再提交。"),
        ),
        "accept": Move(
            leaves=frozenset({_S.SUBMITTED}),
            arrives=_S.ACCEPTED,
            event=_E.ACCEPTED,
            refusal=gettext_lazy("只有待立案审查的提案可以立案。"),
        ),
        "decline": Move(
            leaves=frozenset({_S.SUBMITTED}),
            arrives=_S.NOT_ACCEPTED,
            event=_E.NOT_ACCEPTED,
            finishes=True,
            refusal=gettext_lazy("只有待立案审查的提案可以不予立案。"),
            needs_reason=gettext_lazy("不予立案要写明理由，理由会公开。"),
        ),
        "merge": Move(
            leaves=frozenset({_S.SIGNING, _S.SUBMITTED, _S.ACCEPTED}),
            arrives=_S.MERGED,
            event=_E.MERGED,
            finishes=True,
            refusal=gettext_lazy("已经提交大会表决的提案不能再合并。"),
        ),
        "vote": Move(
            leaves=frozenset({_S.ACCEPTED}),
            arrives=_S.VOTING,
            event=_E.VOTING,
            refusal=gettext_lazy("只有已立案、尚未表决的提案可以提交大会表决。"),
        ),
        "adopt": Move(
            leaves=frozenset({_S.VOTING}),
            arrives=_S.ADOPTED,
            event=_E.ADOPTED,
            refusal=gettext_lazy("这件提案不在大会表决中。"),
        ),
        "vote_down": Move(
            leaves=frozenset({_S.VOTING}),
            arrives=_S.VOTED_DOWN,
            event=_E.VOTED_DOWN,
            finishes=True,
            refusal=gettext_lazy("这件提案不在大会表决中。"),
        ),
        # the vote did not count (not quorate, void): the proposal waits for another vote
        "revote": Move(
            leaves=frozenset({_S.VOTING}),
            arrives=_S.ACCEPTED,
            event=_E.REVOTE,
            refusal=gettext_lazy("这件提案不在大会表决中。"),
            needs_reason=gettext_lazy("要写明表决为什么没有结果。"),
            clears=("meeting", "poll"),
        ),
        "assign": Move(
            leaves=frozenset({_S.ADOPTED}),
            arrives=_S.ASSIGNED,
            event=_E.ASSIGNED,
            refusal=gettext_lazy("只有大会通过、尚未交办的提案可以交办。"),
        ),
        "answer": Move(
            leaves=frozenset({_S.ASSIGNED}),
            arrives=_S.ANSWERED,
            event=_E.ANSWERED,
            refusal=gettext_lazy("只有办理中的提案可以答复。"),
        ),
        # the first 不满意: the same unit answers again, once
        "reopen": Move(
            leaves=frozenset({_S.ANSWERED}),
            arrives=_S.ASSIGNED,
            event=_E.REOPENED,
            refusal=gettext_lazy("只有已答复、待评价的提案可以评价。"),
        ),
        "close": Move(
            leaves=frozenset({_S.ANSWERED}),
            arrives=_S.CLOSED,
            event=_E.RATED,
            finishes=True,
            refusal=gettext_lazy("只有已答复、待评价的提案可以评价。"),
        ),
    },
    active_state=_S.ASSIGNED,
    not_active=gettext_lazy("这件提案不在办理中。"),
    not_active_code="wrong_state",
)
