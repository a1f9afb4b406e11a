"""Races the database must win: one code submitted many times at once; a close during casting."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import OperationalError, connection

from web.meetings import actions
from web.meetings.actions import hand_out_codes
from web.meetings.batches import do_issue_code_batch
from web.meetings.errors import MeetingError
from web.meetings.testing import make_meeting, received

THREADS = 40
ATTEMPTS_PER_THREAD = 5  # 200 submissions of the same code


def _run_in_threads(n: int, work) -> list:
    barrier = threading.Barrier(n)
    results: list = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            out = work(i)
        except BaseException as exc:
            out = exc
        finally:
            connection.close()
        with lock:
            results.append(out)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _open_poll(world):
    meeting = make_meeting(world, voters=3, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="并发",
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    return meeting, actions.do_open_poll(poll=poll, acting_user=world.organiser)


def test_200_submissions_of_one_code_store_exactly_one_ballot(transactional_db, world):
    meeting, poll = _open_poll(world)
    code = hand_out_codes(poll, [meeting.attendees.first()])[0]

    def work(i: int) -> list[str]:
        outcomes = []
        for _ in range(ATTEMPTS_PER_THREAD):
            try:
                actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes"})
                outcomes.append("stored")
            except MeetingError as exc:
                outcomes.append(exc.code)
            except OperationalError:
                # SQLite's in-memory test database refuses a concurrent writer outright
                # instead of waiting; the refusal stores nothing, which is what matters here.
                outcomes.append("busy")
        return outcomes

    results = _run_in_threads(THREADS, work)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    outcomes = Counter(o for r in results for o in r)
    assert outcomes["stored"] == 1
    assert set(outcomes) <= {"stored", "code_used", "busy"}
    assert sum(outcomes.values()) == THREADS * ATTEMPTS_PER_THREAD
    assert len(received(poll)) == 1


@pytest.mark.parametrize("channel", ["phone", "paper"])
def test_one_voter_issued_twice_at_once_gets_one_ballot(transactional_db, world, channel):
    meeting, poll = _open_poll(world)
    attendee = meeting.attendees.first()
    do_issue_code_batch(poll=poll, size=10, acting_user=world.organiser)  # the desk's pile of slips

    def work(i: int) -> str:
        try:
            if channel == "phone" and i % 2:
                actions.do_issue_phone_slip(poll=poll, attendee=attendee)
            else:
                actions.do_issue_paper(poll=poll, attendee=attendee)
            return "issued"
        except MeetingError as exc:
            return exc.code
        except OperationalError:
            return "busy"

    results = Counter(_run_in_threads(10, work))
    assert results["issued"] == 1
    assert poll.issues.count() == 1


def test_closing_while_ballots_arrive_counts_exactly_what_was_acknowledged(transactional_db, world):
    meeting = make_meeting(world, voters=12, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title="边投边结束",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )
    codes = hand_out_codes(poll, list(meeting.attendees.all()))

    def work(i: int):
        if i == len(codes):  # the closer
            try:
                return ("closed", actions.do_close_poll(poll=poll, acting_user=world.organiser).pk)
            except OperationalError:
                return ("close-busy", None)
        try:
            return ("ack", actions.cast_ballot(poll_id=poll.pk, code=codes[i], content={"vote": "yes"}))
        except MeetingError as exc:
            return ("refused", exc.code)
        except OperationalError:
            return ("busy", None)

    results = _run_in_threads(len(codes) + 1, work)
    assert not [r for r in results if isinstance(r, BaseException)]
    poll.refresh_from_db()
    if poll.state != "closed":  # SQLite refused the close outright: close now, nothing more arrives
        actions.do_close_poll(poll=poll, acting_user=world.organiser)
        poll.refresh_from_db()
    acknowledged = {receipt for kind, receipt in results if kind == "ack"}
    counted = {b["receipt"] for b in poll.record["ballots"]}
    assert counted == acknowledged
    assert poll.result["counts"]["yes"] == len(acknowledged)
    assert all(code in {"wrong_state"} for kind, code in results if kind == "refused")
