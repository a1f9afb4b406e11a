"""Who hears of a proposal's moves, through the outbox (``web.notify``), in the move's transaction.

- a representative invited to second a proposal;
- the proposers of two proposals merged (both), and the proposer when it is reviewed and answered;
- the main unit's desks when it is assigned, reopened after a 不满意, and, from the jobs
  (``web.proposals.jobs``), reminded before the answer is due and told when it is overdue.

Keys name the occasion (the round, the deadline), so nothing is said twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from web.cases.notices import desks_of
from web.notify.outbox import notify, resolve
from web.proposals.models import Proposal


def link(proposal: Proposal) -> str:
    return f"/staff/proposals/{proposal.pk}/"


def _base(proposal: Proposal, **extra: Any) -> dict[str, Any]:
    return {"number": str(proposal.number), "title": proposal.title, **extra}


def invited(proposal: Proposal, seat: Any, due: dt.date) -> None:
    notify(
        seat.person,
        "proposal.cosign",
        _base(proposal, proposer=proposal.proposer.person.name, due=due.isoformat()),
        key=f"proposals.{proposal.pk}.cosign.{seat.pk}",
        link=link(proposal),
    )


def merged(proposal: Proposal, into: Proposal) -> None:
    for p in (proposal, into):
        notify(
            p.proposer.person,
            "proposal.merged",
            {"title": proposal.title, "number": str(into.number), "kept": into.title},
            key=f"proposals.{proposal.pk}.merged",
            link=link(into),
        )


def reviewed(proposal: Proposal) -> None:
    kind = "proposal.accepted" if proposal.state == Proposal.State.ACCEPTED else "proposal.declined"
    notify(
        proposal.proposer.person, kind, _base(proposal), key=f"proposals.{proposal.pk}.reviewed", link=link(proposal)
    )


def _to_office(proposal: Proposal, kind: str, key: str) -> int:
    assert proposal.office is not None and proposal.answer_by is not None
    context = _base(proposal, office=proposal.office.name, due=proposal.answer_by.isoformat())
    for user in desks_of(proposal.office):
        notify(user, kind, context, key=key, link=link(proposal))
    return 1


def assigned(proposal: Proposal) -> None:
    _to_office(proposal, "proposal.assigned", f"proposals.{proposal.pk}.assigned.{proposal.reopened}")


def reopened(proposal: Proposal) -> None:
    _to_office(proposal, "proposal.reopened", f"proposals.{proposal.pk}.reopened")


def due_key(proposal: Proposal, what: str) -> str:
    assert proposal.answer_by is not None
    return f"proposals.{proposal.pk}.{what}.{proposal.answer_by.isoformat()}"


def answer_soon(proposal: Proposal) -> int:
    return _to_office(proposal, "proposal.answer_soon", due_key(proposal, "answer_soon"))


def overdue(proposal: Proposal) -> int:
    return _to_office(proposal, "proposal.overdue", due_key(proposal, "overdue"))


def answered(proposal: Proposal, rate_by: dt.date) -> None:
    assert proposal.office is not None
    for what in ("answer_soon", "overdue"):
        if proposal.answer_by is not None:
            resolve(due_key(proposal, what))
    notify(
        proposal.proposer.person,
        "proposal.answered",
        _base(proposal, office=proposal.office.name, due=rate_by.isoformat()),
        key=f"proposals.{proposal.pk}.answered.{proposal.reopened}",
        link=link(proposal),
    )
