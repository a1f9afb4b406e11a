"""The open record of a closed poll, and its count by the engine (``jiceng``).

The record holds everything needed to recompute the result and nothing about who voted:
the rules, the electorate counts, the candidates, and every ballot with its receipt code,
in receipt order (random, so it says nothing about when a ballot was cast). Paper ballots
counted by hand in the hall appear only as their totals (``hand_count``)."""

from __future__ import annotations

from typing import Any

from web.meetings.models import Poll

FORMAT = "jiceng.tally/1"


def build_record(poll: Poll) -> dict[str, Any]:
    from web.meetings.actions import attendance

    counts = attendance(poll.meeting)
    ballots = [
        {"receipt": receipt, **content}
        for receipt, content in poll.ballots.order_by("receipt").values_list("receipt", "content")
    ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "kind": poll.kind,
        "title": poll.title,
        "meeting": {
            "title": poll.meeting.title,
            "body": poll.meeting.body.name,
            "date": poll.meeting.starts_at.date().isoformat(),
        },
        "electorate": _electorate(poll, counts),
        "ballots_issued": poll.issues.count(),
        "rules": poll.rules,
        "ballots": ballots,
    }
    if poll.kind == Poll.Kind.ELECTION:
        doc["seats"] = poll.seats
        doc["candidates"] = [{"id": c.key, "name": c.name} for c in poll.candidates.all()]
    if poll.paper_totals is not None:
        # the paper ballots the hall counted by hand, as two tellers' entries agreed on them
        doc["hand_count"] = poll.paper_totals
    return doc


def _electorate(poll: Poll, counts: dict[str, int]) -> dict[str, Any]:
    """Flat, or per group in a joint meeting's motion (the engine sums the groups)."""
    groups = sorted({key.split(".")[0] for key in counts if "." in key})
    if not groups or poll.kind != Poll.Kind.MOTION:
        return {"expected": counts["expected"], "present": counts["present"]}
    return {"groups": {g: {"expected": counts[f"{g}.expected"], "present": counts[f"{g}.present"]} for g in groups}}


def count_record(doc: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Count with the engine; returns the result and the SHA-256 of the canonical record."""
    from jiceng.record import tally

    result = tally(doc)
    return result, str(result["record_sha256"])
