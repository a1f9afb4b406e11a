"""The open record of a closed poll, and its count by the engine (``jiceng``).

The record holds everything needed to recompute the result and nothing about who voted:
the rules, the electorate counts, the candidates, and every ballot with its receipt code,
in receipt order (random, so it says nothing about when a ballot was cast). Paper ballots
counted by hand in the hall appear only as their totals (``hand_count``), merged with the phone
ballots when a channel had too few voters to stand alone (``web.meetings.channels``); the
phone codes printed and left unused are counted (``codes``)."""

from __future__ import annotations

from typing import Any

from web.meetings.batches import code_counts
from web.meetings.channels import merged_hand_count, must_merge
from web.meetings.models import Poll
from web.meetings.queries import attendance

FORMAT = "jiceng.tally/1"


def build_record(poll: Poll) -> dict[str, Any]:
    if poll.kind == Poll.Kind.APPRAISAL:
        return build_appraisal_record(poll)
    if poll.kind == Poll.Kind.RECOMMENDATION:
        return build_recommendation_record(poll)
    counts = attendance(poll.meeting)
    ballots = [
        {"receipt": receipt, **content}
        for receipt, content in poll.ballots.order_by("receipt").values_list("receipt", "content")
    ]
    merge = must_merge(poll)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "kind": poll.kind,
        "title": poll.title,
        **_meeting(poll),
        "electorate": _electorate(poll, counts),
        "ballots_issued": poll.issues.count(),
        "rules": poll.rules,
        "ballots": [] if merge else ballots,
        **_codes(poll),
    }
    if poll.kind == Poll.Kind.ELECTION:
        doc["seats"] = poll.seats
        doc["candidates"] = [{"id": c.key, "name": c.name} for c in poll.candidates.all()]
    if merge:
        # one channel had too few voters to stand alone: one total for the hall (channels.py)
        doc["hand_count"] = merged_hand_count(poll, [content for _r, content in _contents(ballots)])
        doc["channels_merged"] = True
    elif poll.paper_totals is not None:
        # the paper ballots the hall counted by hand, as two tellers' entries agreed on them
        doc["hand_count"] = poll.paper_totals
    return doc


def build_appraisal_record(poll: Poll) -> dict[str, Any]:
    """An appraisal poll's open record: the engine's ``appraisal`` kind (scale, settings, flags,
    subjects, every form with its receipt in receipt order), with the meeting, the electorate,
    the forms issued and the codes beside it for the reader (the engine reads none of them).

    When the tellers entered the paper forms by totals, the record is in the engine's counts
    form: the hall's one total, the phone forms added in (``channels_merged``), and no form
    listed one by one (a phone form standing beside the hand count would tell the few who
    voted by phone apart, as ``web.meetings.channels`` says for ballots)."""
    from web.meetings.appraisal import engine_record
    from web.meetings.handcount import merged_appraisal_counts

    counts = attendance(poll.meeting)
    forms = [
        {"receipt": receipt, **content}
        for receipt, content in poll.ballots.order_by("receipt").values_list("receipt", "content")
    ]
    doc: dict[str, Any] = {
        **engine_record(poll.rules, [{"id": c.key, "name": c.name} for c in poll.candidates.all()]),
        "title": poll.title,
        **_meeting(poll),
        "electorate": {"expected": counts["expected"], "present": counts["present"]},
        "ballots_issued": poll.issues.count(),
        **_codes(poll),
    }
    if poll.paper_totals is None:
        doc["forms"] = forms
        return doc
    totals = merged_appraisal_counts(poll, [content for _r, content in _contents(forms)])
    doc["forms"], doc["counts"] = totals["forms"], totals["counts"]
    if forms:
        doc["channels_merged"] = True
    return doc


def build_recommendation_record(poll: Poll) -> dict[str, Any]:
    """One class's open record: the engine's ``recommendation`` kind (the post, the places, the
    class, the names, every form with its receipt and class in receipt order), with the meeting,
    the electorate, the forms issued and the codes beside it for the reader."""
    from web.meetings.recommendation import engine_record

    counts = attendance(poll.meeting)
    cls = str((poll.rules.get("class") or {}).get("id", "A"))
    forms = [
        {"receipt": receipt, "class": cls, **content}
        for receipt, content in poll.ballots.order_by("receipt").values_list("receipt", "content")
    ]
    return {
        **engine_record(poll),
        "title": poll.title,
        **_meeting(poll),
        "electorate": {"expected": counts["expected"], "present": counts["present"]},
        "ballots_issued": poll.issues.count(),
        **_codes(poll),
        "forms": forms,
    }


def _meeting(poll: Poll) -> dict[str, Any]:
    meeting = poll.meeting
    return {
        "meeting": {"title": meeting.title, "body": meeting.body.name, "date": meeting.starts_at.date().isoformat()}
    }


def _codes(poll: Poll) -> dict[str, Any]:
    """Phone codes printed and never used: the room an insider would have to stuff
    (docs/meetings.md); nothing when no code was printed."""
    codes = code_counts(poll)
    return {"codes": {"issued": codes["issued"], "unused": codes["unused"]}} if codes["issued"] else {}


def _contents(ballots: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(b["receipt"], {k: v for k, v in b.items() if k != "receipt"}) for b in ballots]


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
