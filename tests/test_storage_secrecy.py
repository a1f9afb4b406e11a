"""Ballot secrecy at the storage layer (issue 9 §2, instance 1): a realistic hall — check-in, the
desk handing out phone slips while voters cast, interleaved, each voter casting soon after
taking a slip — run against a database in real files, then the files read raw as an operator
with a copy of them could (``tests/forensic``), trying every pairing method: the log's frame
order, rowid order, check-in times, and each receipt's place in the page images of the main
file and of the log.

After the poll closes no method may pair more voters with their own ballot than chance allows.
On the design before slips were printed in batches (a code made for each person at the desk, no
truncated log) the log's frame order paired all 20 (``bench/reliability.py``, WAL forensic).

What still holds the order, pinned here so that docs/meetings.md stays true: a copy of SQLite's
files taken *while the poll is open*. PostgreSQL's WAL, which no connection can cut, sees ballots
only in sealed batches (web/meetings/sealing.py).

Every hunt runs twice: on a motion's ballots, and on an appraisal's forms (30 subjects graded on
each form, web/meetings/appraisal.py), which are stored as ballots are and must pair no better;
and on one class's democratic recommendation forms (web/meetings/recommendation.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forensic import pairing
from tests.forensic.hunt import hunt_postgresql, hunt_sqlite

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["motion", "appraisal", "recommendation"])
def sqlite_hunt(request, tmp_path_factory):
    return hunt_sqlite(ROOT, tmp_path_factory.mktemp("hall"), kind=request.param)


def test_the_reader_finds_every_hand_over_and_every_ballot_in_the_files(sqlite_hunt):
    assert sqlite_hunt.found == {"hand-overs": sqlite_hunt.voters, "ballots": sqlite_hunt.voters}


def test_after_closing_no_method_pairs_voters_with_ballots_better_than_chance(sqlite_hunt):
    better = {m: n for m, n in sqlite_hunt.after_close.items() if n > pairing.CHANCE_LIMIT}
    assert better == {}, f"{sqlite_hunt.voters} voters; paired right: {sqlite_hunt.after_close}"


def test_while_the_poll_is_open_the_log_still_tells_the_order_of_arrival(sqlite_hunt):
    """The residual risk docs/meetings.md states, and the proof that the methods work: before the
    sealing at closing, some method pairs every voter with their ballot, where chance pairs about
    one. (An appraisal's 30-grade forms fill the log past SQLite's automatic checkpoint; the reader
    takes only the log's current generation as the database, tests.forensic.sqlite_files.)"""
    assert max(sqlite_hunt.while_open.values()) == sqlite_hunt.voters, sqlite_hunt.while_open


@pytest.mark.parametrize("kind", ["motion", "appraisal", "recommendation"])
def test_postgresql_wal_pairs_no_better_than_chance_within_the_sealed_batches(monkeypatch, kind):
    """PostgreSQL writes every committed row to its WAL in commit order and keeps the segments
    until it recycles them (an archive keeps them for ever); no connection can cut them. On the
    design before sealing, ``pg_waldump`` and the raw segments paired all 20 voters of this
    hall. Now a cast writes nothing but its commit to the WAL (the ballot waits in an UNLOGGED
    table) and ballots enter it in shuffled batches (web/meetings/sealing.py): the WAL tells
    which batch a voter's ballot came in, no more. Read before and after closing, with every
    slip handed out while others vote, no method pairs better than chance within batches."""
    from django.conf import settings

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    monkeypatch.syspath_prepend(str(ROOT / "bench" / "reliability"))
    from cluster import PrivateCluster

    with PrivateCluster() as cluster:
        hunt = hunt_postgresql(ROOT, cluster, kind=kind)
    assert hunt.found == {"hand-overs": hunt.voters, "ballots": hunt.voters}
    assert hunt.after_close["transactions writing a person's ballot issue and a code together"] == 0
    limit = pairing.chance_limit(hunt.voters, settings.MEETINGS_SEAL_BATCH)
    for when, paired in (("while open", hunt.while_open), ("after closing", hunt.after_close)):
        better = {m: n for m, n in paired.items() if n > limit and not m.startswith("transactions")}
        assert better == {}, f"{when}: {hunt.voters} voters, batches of {settings.MEETINGS_SEAL_BATCH}; {paired}"
