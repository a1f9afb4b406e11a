"""No channel total beside the few who took it (issue 9 §2, instance 2): every channel size at
the edge of the minimum (default 5) — 0, 1, 4, 5 and 6 voters on paper and on the phone — gives
a record that either keeps the channels apart (both large enough) or merges them into one hand
count, and the result is the same either way. Who took which channel shows only to the issuing
desk while the poll is open."""

from __future__ import annotations

import itertools

import pytest

from tests.engine.test_schemas import validate
from web.meetings import actions, verify
from web.meetings.actions import hand_out_codes
from web.meetings.models import Poll
from web.meetings.testing import make_meeting

SIZES = (0, 1, 4, 5, 6)
MOTION = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}
ELECTION = {"quorum": "present > 1/2 of expected", "elected": "for > 1/2 of present"}


def _hall(world, kind: str, paper: int, phone: int) -> Poll:
    """12 voters checked in; ``paper`` take paper (counted by hand: totals), ``phone`` a slip."""
    meeting = make_meeting(world, voters=12, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    voters = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.order_by("id")
    ]
    poll = actions.do_create_poll(
        meeting=meeting,
        title="表决",
        kind=kind,
        rules=MOTION if kind == "motion" else ELECTION,
        seats=1,
        candidates=[("王芳", None), ("李强", None)] if kind == "election" else None,
        acting_user=world.organiser,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    for a in voters[:paper]:
        actions.do_issue_paper(poll=poll, attendee=a)
    codes = hand_out_codes(poll, voters[paper : paper + phone]) if phone else []
    for n, code in enumerate(codes):
        actions.cast_ballot(poll_id=poll.pk, code=code, content=_phone_ballot(kind, n))
    if paper:
        Poll.objects.filter(pk=poll.pk).update(paper_accepted=True, paper_totals=_paper_totals(kind, paper))
    return poll


def _phone_ballot(kind: str, n: int) -> dict:
    if kind == "motion":
        return {"vote": ("yes", "no", "abstain")[n % 3]}
    if n % 4 == 3:  # against 王芳, writing in 赵六
        return {"marks": {"c1": "against", "c2": "abstain"}, "write_ins": [{"replaces": "c1", "name": "赵六"}]}
    return {"marks": {"c1": "for", "c2": ("against", "abstain")[n % 2]}}


def _paper_totals(kind: str, n: int) -> dict:
    if kind == "motion":
        return {"yes": n - n // 2, "no": n // 2, "abstain": 0, "invalid": 0}
    invalid = 1 if n > 1 else 0
    valid = n - invalid
    return {
        "returned": n,
        "invalid": invalid,
        "candidates": {
            "c1": {"for": valid, "against": 0, "abstain": 0},
            "c2": {"for": 0, "against": valid, "abstain": 0},
        },
    }


def _counts(result: dict) -> object:
    """What the count says, whichever way the record carried the ballots."""
    keep = ("returned", "valid", "invalid", "voted", "yes", "no", "abstain", "status", "elected", "tally", "passed")
    return {k: result[k] for k in keep if k in result}


@pytest.mark.parametrize(("paper", "phone"), list(itertools.product(SIZES, SIZES)))
@pytest.mark.parametrize("kind", ["motion", "election"])
def test_every_channel_size_publishes_no_small_channel_on_its_own(world, kind, paper, phone):
    poll = _hall(world, kind, paper, phone)
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    record = closed.record
    merged = paper > 0 and phone > 0 and min(paper, phone) < 5
    assert bool(record.get("channels_merged")) is merged
    if merged:  # one total for the hall, no phone ballot listed one by one
        assert record["ballots"] == [] and "hand_count" in record
    else:
        assert len(record["ballots"]) == phone
        assert ("hand_count" in record) is (paper > 0)
    # the same count either way: recount the unmerged record for comparison
    from jiceng.record import tally

    apart = {**record, "ballots": [{"receipt": r, **c} for r, c in closed.ballots.values_list("receipt", "content")]}
    apart.pop("channels_merged", None)
    if paper:
        apart["hand_count"] = _paper_totals(kind, paper)
    else:
        apart.pop("hand_count", None)
    assert _counts(closed.result) == _counts(tally(apart))
    if phone:  # a batch of at least 5 printed, the rest unused and counted in public
        assert record["codes"] == {"issued": max(phone, 5), "unused": max(phone, 5) - phone}
    else:
        assert "codes" not in record
    assert verify.verify_poll(closed).problems == []
    validate(record)  # the published schema describes what the record carries (codes, channels_merged)


def test_a_channel_below_a_configured_minimum_merges(world, settings):
    settings.MEETINGS_MIN_CHANNEL_VOTERS = 8
    closed = actions.do_close_poll(poll=_hall(world, "motion", 6, 6), acting_user=world.organiser)
    assert closed.record["channels_merged"] is True


def test_changing_a_stored_ballot_after_a_merged_close_is_found(world):
    closed = actions.do_close_poll(poll=_hall(world, "motion", 1, 6), acting_user=world.organiser)
    ballot = closed.ballots.first()
    ballot.content = {"vote": "no" if ballot.content["vote"] != "no" else "yes"}
    ballot.save()
    assert verify.verify_poll(closed).problems


def test_who_took_which_channel_shows_only_to_the_desk_while_open(world, client_for):
    poll = _hall(world, "motion", 1, 6)
    desk, member = client_for(world.organiser), client_for(world.member)
    cell = "<td>纸质</td>"
    assert cell in desk.get(f"/staff/polls/{poll.pk}/").content.decode()
    reader = member.get(f"/staff/polls/{poll.pk}/")
    assert reader.status_code == 200 and cell not in reader.content.decode()
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert cell not in desk.get(f"/staff/polls/{poll.pk}/").content.decode()
    assert "<td>手机</td>" not in desk.get(f"/staff/polls/{poll.pk}/").content.decode()


def test_the_board_and_the_poll_page_say_codes_printed_and_unused_and_that_channels_merged(world, client_for):
    from django.urls import reverse

    from web.meetings.results import do_publish

    closed = actions.do_close_poll(poll=_hall(world, "motion", 1, 4), acting_user=world.organiser)
    do_publish(poll=closed, acting_user=world.organiser)
    unit = closed.meeting.body.unit
    board = client_for(None).get(reverse("portal:result", args=[unit.code, closed.pk])).content.decode()
    page = client_for(world.member).get(f"/staff/polls/{closed.pk}/").content.decode()
    for html in (board, page):
        assert "已印 5 张，未使用 1 张" in html and 'id="channels-merged"' in html
