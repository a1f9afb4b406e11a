"""Phone ballots are sealed in batches on PostgreSQL (web/meetings/sealing.py): a ballot waits,
out of the write-ahead log, until the poll has a batch of them or closes; then they all move
to the poll's ballots together. On SQLite a ballot is written at once. Either way a code
works once, the hall counter counts every ballot received, and the count has them all."""

from __future__ import annotations

import pytest
from django.db import connection

from web.meetings import actions, sealing
from web.meetings.actions import hand_out_codes
from web.meetings.batches import code_counts
from web.meetings.errors import MeetingError
from web.meetings.models import Ballot, PendingBallot
from web.meetings.secrecy import spent_hash
from web.meetings.testing import make_meeting, received

BATCH = 4
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _batch(settings):
    settings.MEETINGS_SEAL_BATCH = BATCH


def _open_motion(world, voters: int, title: str = "是否同意", meeting=None):
    if meeting is None:
        meeting = make_meeting(world, voters=voters, probationary=0)
        actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
        for a in meeting.attendees.all():
            actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title=title,
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    return poll, hand_out_codes(poll, list(meeting.attendees.all()[:voters]))


def _sealed(poll) -> int:
    return Ballot.objects.filter(poll=poll).count()


def test_ballots_wait_until_a_batch_is_full_then_move_together(world):
    poll, codes = _open_motion(world, voters=BATCH * 2 + 1)
    for n, code in enumerate(codes[: BATCH - 1], start=1):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes"})
        assert _sealed(poll) == (0 if POSTGRES else n)
        assert code_counts(poll)["used"] == n  # the hall counter counts a waiting ballot
    actions.cast_ballot(poll_id=poll.pk, code=codes[BATCH - 1], content={"vote": "no"})
    assert _sealed(poll) == BATCH and PendingBallot.objects.count() == 0
    actions.cast_ballot(poll_id=poll.pk, code=codes[BATCH], content={"vote": "no"})
    assert _sealed(poll) == (BATCH if POSTGRES else BATCH + 1)
    assert len(received(poll)) == BATCH + 1


def test_a_code_works_once_while_its_ballot_waits_and_after_it_is_sealed(world):
    poll, codes = _open_motion(world, voters=BATCH + 1)
    actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "yes"})
    with pytest.raises(MeetingError) as waiting:
        actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "no"})
    for code in codes[1:BATCH]:
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes"})
    with pytest.raises(MeetingError) as sealed:
        actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "no"})
    assert waiting.value.code == sealed.value.code == "code_used"
    assert sealing.is_spent(poll.pk, spent_hash(poll.pk, codes[0]))
    assert not sealing.is_spent(poll.pk, spent_hash(poll.pk, codes[BATCH]))
    assert len(received(poll)) == BATCH


def test_a_full_batch_of_one_poll_leaves_another_polls_ballots_waiting(world):
    first, first_codes = _open_motion(world, voters=BATCH, title="第一项")
    second, second_codes = _open_motion(world, voters=2, title="第二项", meeting=first.meeting)
    actions.cast_ballot(poll_id=second.pk, code=second_codes[0], content={"vote": "no"})
    for code in first_codes:
        actions.cast_ballot(poll_id=first.pk, code=code, content={"vote": "yes"})
    assert _sealed(first) == BATCH
    assert _sealed(second) == (0 if POSTGRES else 1)  # one ballot is never sealed on its own
    assert len(received(second)) == 1


def test_closing_seals_what_waits_and_counts_every_ballot(world):
    poll, codes = _open_motion(world, voters=BATCH + 2)
    votes = ["yes", "yes", "no", "yes", "abstain"]
    for code, vote in zip(codes, votes, strict=False):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": vote})
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert _sealed(poll) == len(votes) and not PendingBallot.objects.filter(poll_id=poll.pk).exists()
    stored = Ballot.objects.filter(poll=poll).values_list("content", flat=True)
    assert sorted(b["vote"] for b in stored) == sorted(votes)
    assert poll.record["ballots"] and len(poll.record["ballots"]) == len(votes)


def test_the_waiting_table_is_unlogged_and_a_crash_leaves_the_codes_unspent(world, client):
    """On SQLite nothing waits (its log is cut at closing); on PostgreSQL the waiting table is
    UNLOGGED, which a crash empties: the codes of the lost ballots work again."""
    if not POSTGRES:
        poll, codes = _open_motion(world, voters=1)
        actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "yes"})
        assert _sealed(poll) == 1 and not PendingBallot.objects.exists()
        return
    with connection.cursor() as cur:
        cur.execute("SELECT relpersistence FROM pg_class WHERE relname = 'meetings_pendingballot'")
        assert cur.fetchone()[0] == "u"  # UNLOGGED: no row of it reaches the write-ahead log
    poll, codes = _open_motion(world, voters=BATCH)
    actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "yes"})
    assert code_counts(poll)["used"] == 1
    with connection.cursor() as cur:  # what crash recovery does to an unlogged table
        cur.execute("TRUNCATE meetings_pendingballot")
    assert code_counts(poll)["used"] == 0  # the hall counter shows the ballot gone
    again = client.post("/vote/", {"code": codes[0]})
    assert again.status_code == 200 and f'value="{poll.pk}"' in again.content.decode()  # given the ballot again
    actions.cast_ballot(poll_id=poll.pk, code=codes[0], content={"vote": "no"})
    assert [b["content"] for b in received(poll)] == [{"vote": "no"}]
