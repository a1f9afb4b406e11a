"""Reading what a stage's polls decided. Every number comes from the engine's result
(``Poll.result``); nothing is counted here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from web.meetings.models import Poll


def chain(poll: Poll) -> list[Poll]:
    """The poll and the rounds that follow it in its meeting (run-offs, supplementary rounds).
    Each round's next is read from ``followups`` (in ``Poll``'s order, by id), so that polls read
    with their followups prefetched (``stages.current_polls``) take no query for the first step."""
    polls = [poll]
    while (nxt := next(iter(polls[-1].followups.all()), None)) is not None:
        polls.append(nxt)
    return polls


@dataclass
class Outcome:
    """What a chain of rounds decided: the elected in order, with their for-votes."""

    closed: bool
    status: str
    #: the chain's last round (the poll itself when it had no further round)
    last: Poll
    elected: list[dict[str, Any]] = field(default_factory=list)
    runoff: dict[str, Any] | None = None
    unfilled: int = 0


def outcome(poll: Poll) -> Outcome:
    polls = chain(poll)
    last = polls[-1]
    elected: list[dict[str, Any]] = []
    for p in polls:
        if p.state != Poll.State.CLOSED:
            continue
        by_key = {c.key: c for c in p.candidates.all()}
        votes = {e["id"]: e["for"] for e in (p.result or {}).get("tally", [])}
        for key in (p.result or {}).get("elected", []):
            cand = by_key.get(key)
            elected.append(
                {
                    "key": key,
                    "name": cand.name if cand else key,
                    "person": cand.person_id if cand else None,
                    "votes": votes.get(key, 0),
                    "poll": p.pk,
                }
            )
    result = last.result or {}
    return Outcome(
        closed=last.state == Poll.State.CLOSED,
        status=str(result.get("status", "")),
        elected=elected,
        runoff=result.get("runoff"),
        unfilled=int(result.get("unfilled_seats") or 0),
        last=last,
    )
