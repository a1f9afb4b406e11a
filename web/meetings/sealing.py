"""Phone ballots are sealed in shuffled batches on PostgreSQL, so its write-ahead log cannot pair
a voter with their ballot.

PostgreSQL writes every committed row to its WAL in commit order and keeps the segments (an
archive keeps them for ever); no connection can cut them. A ballot written the moment it
arrives would sit in that log just after the desk's record of the voter taking a slip. So a
cast writes the ballot to ``PendingBallot``, an UNLOGGED table that never reaches the WAL, and
only the commit itself is logged (no row, no receipt). When a poll has ``batch_size()`` ballots
waiting, or when it closes, they move to ``Ballot`` together in a random order, in one
transaction: what the WAL keeps is a batch, inside which the order of arrival is gone.

A batch sealed during the vote is deleted from the pending table; when a poll closes the table
is emptied with TRUNCATE (a new file; rows of other polls left waiting are written back in that
transaction), so after closing its file holds no row, live or deleted, of that vote.

What this costs: a database *crash* (not a restart) empties an unlogged table. Ballots still
waiting are lost, and their codes are unspent, so a voter who enters their code again is given
the ballot again; the hall counter shows the drop (docs/meetings.md). SQLite has no WAL an
operator cannot cut: there a ballot is written at once and the log is cut at closing
(``secrecy.forget_arrival_order``)."""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction

#: One statement, one transaction: lock the poll's row shared, check that it is open, that the
#: code is one of its valid codes and not spent by a sealed ballot, and add the ballot to the
#: waiting ones — or add nothing. Under READ COMMITTED a ``FOR SHARE`` that waited for a closing
#: transaction sees the row as that transaction left it, so a cast waiting behind a close finds
#: the poll closed. The unique constraint on (poll, spent hash) of the waiting ballots refuses a
#: code cast twice at the same moment; sealing holds the table exclusively, so a cast never
#: looks between a ballot leaving the waiting table and arriving among the sealed ones. Returns
#: how many ballots of the poll are waiting, this one included.
_CAST_SQL = """
WITH poll AS (SELECT id, state FROM meetings_poll WHERE id = %(poll)s FOR SHARE),
     allowed AS (
         SELECT poll.id FROM poll WHERE poll.state = 'open'
            AND EXISTS (SELECT 1 FROM meetings_votingcode v WHERE v.poll_id = poll.id AND v.valid_hash = %(valid)s)
            AND NOT EXISTS (SELECT 1 FROM meetings_ballot b WHERE b.poll_id = poll.id AND b.spent_hash = %(spent)s))
INSERT INTO meetings_pendingballot (id, poll_id, spent_hash, receipt, content)
SELECT %(id)s, allowed.id, %(spent)s, %(receipt)s, %(content)s::jsonb FROM allowed
RETURNING (SELECT count(*) FROM meetings_pendingballot w WHERE w.poll_id = %(poll)s) + 1
"""


#: Every full batch moved at once, holding the waiting table against casts (reads go on); each
#: batch enters ``meetings_ballot`` in an order drawn by ``gen_random_uuid()`` (a strong random
#: source), not the order of arrival. Two statements without parameters: one round trip.
_SEAL_BATCHES_SQL = """
LOCK TABLE meetings_pendingballot IN EXCLUSIVE MODE;
WITH moved AS (
    DELETE FROM meetings_pendingballot WHERE poll_id IN (
        SELECT poll_id FROM meetings_pendingballot GROUP BY poll_id HAVING count(*) >= %(batch)d)
    RETURNING poll_id, spent_hash, receipt, content)
INSERT INTO meetings_ballot (id, poll_id, spent_hash, receipt, content)
SELECT gen_random_uuid(), poll_id, spent_hash, receipt, content FROM moved ORDER BY gen_random_uuid()
"""


def in_use() -> bool:
    return connection.vendor == "postgresql"


def batch_size() -> int:
    return max(1, int(settings.MEETINGS_SEAL_BATCH))


def add(*, poll_id: int, valid: str, spent: str, receipt: str, content: dict[str, Any]) -> bool:
    """Add one ballot to the waiting ones (``_CAST_SQL``); seal the poll's batch when it is full.
    False when nothing was added: the poll is not open, or the code is unknown or spent."""
    params: dict[str, str | int | uuid.UUID] = {
        "poll": poll_id,
        "valid": valid,
        "id": uuid.uuid4(),
        "spent": spent,
        "receipt": receipt,
        "content": json.dumps(content, ensure_ascii=False),
    }
    with connection.cursor() as cur:
        cur.execute(_CAST_SQL, params)
        row = cur.fetchone()
    if row is None:
        return False
    if int(row[0]) >= batch_size():
        seal()
    return True


def lock() -> None:
    """Take the waiting table exclusively. Closing a poll does this before it locks the poll's
    row, the order in which a cast takes them, so a cast and a close never wait on each other."""
    if in_use():
        with connection.cursor() as cur:
            cur.execute("LOCK TABLE meetings_pendingballot IN ACCESS EXCLUSIVE MODE")


def seal(*, closing: int | None = None) -> int:
    """Move every poll's full batch (and, when a poll closes, all of it) into ``Ballot`` in a
    random order. Returns how many moved.

    A batch sealed during the vote is deleted from the waiting table (cheap; the table is held
    against casts meanwhile, so none looks between the tables). Closing empties the table with
    TRUNCATE — a new file, so no deleted row of the vote (with the transaction that cast it)
    is left in the old one — and writes the ballots of other polls still waiting back shuffled."""
    if not in_use():
        return 0
    with transaction.atomic(), connection.cursor() as cur:
        if closing is None:  # one round trip: the order of the batch is drawn by the database
            cur.execute(_SEAL_BATCHES_SQL % {"batch": int(batch_size())})
            return int(cur.rowcount)
        else:
            cur.execute("LOCK TABLE meetings_pendingballot IN ACCESS EXCLUSIVE MODE")
            cur.execute("SELECT poll_id, spent_hash, receipt, content::text FROM meetings_pendingballot")
            rows = cur.fetchall()
            cur.execute("TRUNCATE meetings_pendingballot")
            ready = [r for r in rows if r[0] == closing]
            waiting = [r for r in rows if r[0] != closing]
        shuffle = secrets.SystemRandom().shuffle
        shuffle(ready)
        shuffle(waiting)
        for table, chosen in (("meetings_ballot", ready), ("meetings_pendingballot", waiting)):
            if chosen:
                columns = "id, poll_id, spent_hash, receipt, content"
                cur.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s::jsonb)",
                    [(uuid.uuid4(), *r) for r in chosen],
                )
    return len(ready)


def waiting(poll_id: int) -> int:
    """Ballots of the poll received and not sealed yet (counted as received everywhere)."""
    if not in_use():
        return 0
    from web.meetings.models import PendingBallot

    return PendingBallot.objects.filter(poll_id=poll_id).count()


def is_spent(poll_id: int, spent_hash: str) -> bool:
    """Whether a ballot, sealed or waiting, was cast with this code."""
    from web.meetings.models import Ballot, PendingBallot

    if Ballot.objects.filter(poll_id=poll_id, spent_hash=spent_hash).exists():
        return True
    return in_use() and PendingBallot.objects.filter(poll_id=poll_id, spent_hash=spent_hash).exists()
