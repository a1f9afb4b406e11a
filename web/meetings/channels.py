"""No channel total beside the few who took that channel (issue 9 §2, "lone paper voter").

When the hall counts its paper ballots by hand, the record would carry them as a separate
``hand_count`` beside the phone ballots. Who took paper and who took a phone code is on the
desk's list, so a channel taken by one voter (or a handful) publishes that voter's vote. If
either channel was taken by fewer than ``MEETINGS_MIN_CHANNEL_VOTERS`` voters (and both were
used), the record merges the phone ballots into the hand count: one total for the hall, the
record says so (``channels_merged``), and the phone receipts are not listed (a receipt found
among three phone ballots would tell as much as the channel total)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from web.meetings.ballots import MARKS, VOTES
from web.meetings.models import BallotIssue, Poll


def min_channel_voters() -> int:
    return max(1, int(settings.MEETINGS_MIN_CHANNEL_VOTERS))


def voters_per_channel(poll: Poll) -> dict[str, int]:
    sizes = dict.fromkeys(BallotIssue.Channel.values, 0)
    for channel in poll.issues.values_list("channel", flat=True):
        sizes[channel] += 1
    return sizes


def must_merge(poll: Poll) -> bool:
    """Paper counted by hand (totals) beside phone ballots, one channel below the minimum."""
    if poll.paper_totals is None:
        return False  # ballot by ballot: paper ballots stand among the phone ones, unmarked
    sizes = voters_per_channel(poll).values()
    return all(n > 0 for n in sizes) and any(n < min_channel_voters() for n in sizes)


def merged_hand_count(poll: Poll, contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The tellers' totals plus the phone ballots, as one hand count the engine reads."""
    hand = poll.paper_totals or {}
    if poll.kind == Poll.Kind.MOTION:
        totals = {key: int(hand.get(key, 0)) for key in (*VOTES, "invalid")}
        for content in contents:
            vote = content.get("vote", "abstain") if not content.get("spoiled") else "invalid"
            totals[vote if vote in VOTES else "invalid"] += 1
        return totals
    keys = list(poll.candidates.values_list("key", flat=True))
    raw = hand.get("candidates", {})
    candidates = {k: {m: int(raw.get(k, {}).get(m, 0)) for m in MARKS} for k in keys}
    write_ins = {name: int(n) for name, n in hand.get("write_ins", {}).items()}
    returned, invalid = int(hand.get("returned", 0)), int(hand.get("invalid", 0))
    for content in contents:
        returned += 1
        marks = _valid_marks(content, keys, poll.seats)
        if marks is None:
            invalid += 1
            continue
        for key in keys:
            candidates[key][marks.get(key, "abstain")] += 1
        for item in content.get("write_ins", []):
            name = " ".join(item["name"].split())
            write_ins[name] = write_ins.get(name, 0) + 1
    merged: dict[str, Any] = {"returned": returned, "invalid": invalid, "candidates": candidates}
    if write_ins:
        merged["write_ins"] = dict(sorted(write_ins.items()))
    return merged


def _valid_marks(content: dict[str, Any], keys: list[str], seats: int) -> dict[str, str] | None:
    """The marks of a ballot the engine would count as valid; None for one it would not (the
    phone page refuses such ballots, so this is a safeguard, judged as the engine judges)."""
    marks = content.get("marks", {})
    if (
        content.get("spoiled")
        or not isinstance(marks, dict)
        or any(k not in keys or m not in MARKS for k, m in marks.items())
    ):
        return None
    write_ins = content.get("write_ins", [])
    places = [w.get("replaces") for w in write_ins]
    names = [" ".join(str(w.get("name", "")).split()) for w in write_ins]
    if len(set(places)) != len(places) or len(set(names)) != len(names):
        return None
    if any(marks.get(p, "abstain") != "against" for p in places):
        return None
    if sum(1 for m in marks.values() if m == "for") + len(names) > seats:
        return None
    return marks


def merged_count_holds(poll: Poll, record: dict[str, Any]) -> bool:
    """For ``verify_polls``: the stored ballots and the tellers' totals still add up to the
    record's merged hand count."""
    contents = list(poll.ballots.values_list("content", flat=True))
    if poll.kind == Poll.Kind.APPRAISAL:  # the hall's one total in the engine's counts form
        from web.meetings.handcount import merged_appraisal_counts

        merged = merged_appraisal_counts(poll, contents)
        return merged == {"forms": record.get("forms"), "counts": record.get("counts")}
    return merged_hand_count(poll, contents) == record.get("hand_count")
