"""After the count: run-off and supplementary rounds, approval by the upper level, the board."""

from __future__ import annotations

import re

import pytest

from web.audit.models import AuditEntry
from web.meetings import actions, results
from web.meetings.actions import hand_out_codes
from web.meetings.errors import MeetingError
from web.meetings.models import Poll
from web.meetings.testing import make_meeting, received

ELECTED = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}


def _election(world, *, seats, candidates, needs_approval=False, voters=4):
    meeting = make_meeting(world, voters=voters, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="委员选举",
        kind="election",
        seats=seats,
        rules=ELECTED,
        candidates=[(n, None) for n in candidates],
        needs_approval=needs_approval,
        acting_user=world.organiser,
    )
    return actions.do_open_poll(poll=poll, acting_user=world.organiser)


def _vote(poll, ballots):
    keys = {c.name: c.key for c in poll.candidates.all()}
    receipts = []
    voters = list(poll.meeting.attendees.filter(kind="voter"))[: len(ballots)]
    for code, marks in zip(hand_out_codes(poll, voters), ballots, strict=False):
        content = {"marks": {keys[n]: m for n, m in marks.items()}}
        receipts.append(actions.cast_ballot(poll_id=poll.pk, code=code, content=content))
    return receipts


def test_a_tie_at_the_cut_off_starts_a_runoff_among_the_tied(world, client_for):
    poll = _election(world, seats=2, candidates=["王芳", "李强", "丁一"], voters=6)
    # each clears "more than half of 6 present" with 4 votes: three qualify for two seats, tied
    _vote(
        poll,
        [{"王芳": "for", "李强": "for"}] * 2
        + [{"王芳": "for", "丁一": "for"}] * 2
        + [{"李强": "for", "丁一": "for"}] * 2,
    )
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert closed.result["status"] == "runoff_needed"
    client_for(world.organiser).post(f"/staff/polls/{poll.pk}/next-round/")
    runoff = Poll.objects.get(follows=poll)
    assert runoff.round == Poll.Round.RUNOFF and runoff.seats == closed.result["runoff"]["seats"]
    assert sorted(c.name for c in runoff.candidates.all()) == sorted(
        c.name for c in poll.candidates.all() if c.key in closed.result["runoff"]["candidates"]
    )
    assert runoff.title.startswith("委员选举")


def test_a_clear_result_needs_no_next_round(world):
    poll = _election(world, seats=1, candidates=["赵一", "钱二"])
    _vote(poll, [{"赵一": "for"}] * 4)
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert closed.result["status"] == "complete"
    assert results.next_round(closed) is None
    with pytest.raises(MeetingError):
        results.do_start_next_round(poll=closed, acting_user=world.organiser)


def test_seats_unfilled_start_a_supplementary_round_among_the_unelected(world, client_for):
    poll = _election(world, seats=2, candidates=["王芳", "李强", "丁一"])
    _vote(poll, [{"王芳": "for", "李强": "for"}, {"王芳": "for", "丁一": "for"}, {"王芳": "for"}, {"李强": "for"}])
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert closed.result["status"] == "seats_unfilled" and closed.result["unfilled_seats"] == 1
    response = client_for(world.organiser).post(f"/staff/polls/{poll.pk}/next-round/")
    followup = Poll.objects.get(follows=poll)
    assert response["Location"] == followup.get_absolute_url()
    assert followup.round == Poll.Round.SUPPLEMENTARY and followup.seats == 1
    assert sorted(c.name for c in followup.candidates.all()) == sorted(["李强", "丁一"])
    with pytest.raises(MeetingError):
        results.do_start_next_round(poll=closed, acting_user=world.organiser)


def test_equal_votes_for_the_last_seat_go_to_a_runoff(world):
    poll = _election(world, seats=1, candidates=["王芳", "李强"], voters=4)
    _vote(
        poll,
        [{"王芳": "for", "李强": "for"}] * 0 + [{"王芳": "for"}, {"王芳": "for"}, {"李强": "for"}, {"李强": "for"}],
    )
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    # 2 of 4 present is exactly half: neither clears "more than half", so the seat is unfilled
    assert closed.result["status"] == "seats_unfilled"
    round_kind, keys, seats = results.next_round(closed)
    assert round_kind == Poll.Round.SUPPLEMENTARY and seats == 1 and len(keys) == 2


def test_approval_then_publication_then_the_board_and_the_receipt(world, client_for, client):
    poll = _election(world, seats=1, candidates=["王芳", "李强"], needs_approval=True)
    receipts = _vote(poll, [{"王芳": "for"}, {"王芳": "for"}, {"王芳": "for"}, {"李强": "for"}])
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert closed.approval == Poll.Approval.PENDING
    staff = client_for(world.organiser)
    staff.post(f"/staff/polls/{poll.pk}/publish/")
    assert Poll.objects.get(pk=poll.pk).published_at is None  # not before approval
    # the community cannot approve its own result; the street (the upper level) can
    assert staff.post(f"/staff/polls/{poll.pk}/approval", {"decision": "approve"}).status_code == 403
    assert client_for(world.member).post(f"/staff/polls/{poll.pk}/approval", {"decision": "approve"}).status_code == 403
    street = client_for(world.street_staff)
    street.post(f"/staff/polls/{poll.pk}/approval", {"decision": "reject", "note": ""})
    assert Poll.objects.get(pk=poll.pk).approval == Poll.Approval.PENDING  # a refusal needs a reason
    street.post(f"/staff/polls/{poll.pk}/approval", {"decision": "approve", "note": "同意"})
    assert Poll.objects.get(pk=poll.pk).approval == Poll.Approval.APPROVED
    staff.post(f"/staff/polls/{poll.pk}/publish/")
    published = Poll.objects.get(pk=poll.pk)
    assert published.published_at is not None
    assert list(
        AuditEntry.objects.filter(object_id=str(poll.pk), object_type="meetings.poll")
        .values_list("action", flat=True)
        .order_by("id")
    )[-3:] == ["poll.close", "poll.approve", "poll.publish"]
    code = world.community_a.code
    board = client.get(f"/u/{code}/").content.decode()
    assert "委员选举" in board
    page = client.get(f"/u/{code}/results/{poll.pk}/").content.decode()
    assert published.record_sha256 in page
    record = client.get(f"/u/{code}/results/{poll.pk}/record.json").json()
    assert {b["receipt"] for b in record["ballots"]} == set(receipts)
    check = client.post("/check/", {"receipt": "-".join(re.findall(".{1,4}", receipts[0].lower()))})
    assert "已计入结果" in check.content.decode()
    missing = client.post("/check/", {"receipt": "ZZZZZZZZZZ"})
    assert "没有找到" in missing.content.decode()


def test_unpublished_results_are_not_public(world, client):
    poll = _election(world, seats=1, candidates=["王芳", "李强"])
    _vote(poll, [{"王芳": "for"}] * 4)
    receipts = [b["receipt"] for b in received(poll)]
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    code = world.community_a.code
    assert client.get(f"/u/{code}/results/{poll.pk}/").status_code == 404
    assert client.get(f"/u/{code}/results/{poll.pk}/record.json").status_code == 404
    assert "没有找到" in client.post("/check/", {"receipt": receipts[0]}).content.decode()


def test_speaking_order_is_drawn_once_and_anyone_can_repeat_it(world, client_for):
    from jiceng.draw import draw_record

    poll = _election(world, seats=1, candidates=["王芳", "李强", "丁一"])
    c = client_for(world.organiser)
    c.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": ""})
    assert Poll.objects.get(pk=poll.pk).speaking_draw is None
    c.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "2026-11-24 掷骰 3-5-1"})
    drawn = Poll.objects.get(pk=poll.pk).speaking_draw
    again = draw_record(drawn["record"])
    expected = [p["name"] for p in sorted(again["strata"][0]["people"], key=lambda p: p["rank"])]
    assert [p["name"] for p in drawn["order"]] == expected
    assert sorted(expected) == sorted(["王芳", "李强", "丁一"])
    c.post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "another"})
    assert Poll.objects.get(pk=poll.pk).speaking_draw == drawn  # never redrawn
    assert AuditEntry.objects.filter(action="poll.speaking_order").count() == 1
    assert client_for(world.member).post(f"/staff/polls/{poll.pk}/speaking-order/", {"seed": "x"}).status_code == 403
    assert "2026-11-24 掷骰 3-5-1" in c.get(f"/staff/polls/{poll.pk}/").content.decode()


def test_a_motion_result_names_its_counts_in_the_meetings_words(world, client_for):
    meeting = make_meeting(world, voters=3, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title="是否同意",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser) for a in meeting.attendees.all()
    ]
    for code, vote in zip(hand_out_codes(poll, present), ["yes", "yes", "no"], strict=True):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": vote})
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    page = client_for(world.organiser).get(f"/staff/polls/{poll.pk}/").content.decode()
    assert "<dt>赞成</dt><dd>2</dd>" in page and "<dt>反对</dt><dd>1</dd>" in page
    assert "<dt>yes</dt>" not in page
