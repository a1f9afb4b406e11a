"""Run the hall (``tests.forensic.hall``) in a checkout against a database in real files, then
hunt its files for voter–ballot pairs: ``hunt_sqlite`` reads ``jiceng.sqlite3`` and its ``-wal``
raw, ``hunt_postgresql`` reads a private cluster's ``pg_wal`` with ``pg_waldump`` and raw.

Each returns the number of voters and, per method, how many voters it paired with their own
ballot. The checkout may be an older one (``bench/bench_voting.py --before`` style): the hall
script is run from this checkout's file with the other checkout first on the path."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.forensic import pairing
from tests.forensic.sqlite_files import Files, leaf_rows

HALL = Path(__file__).with_name("hall.py")


class Hall:
    """The hall process: ``truth`` once every ballot is cast (the poll still open), ``close()``
    closes the poll; the process keeps its connection open while the caller reads the files."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the hall failed:\n{proc.stderr.read() if proc.stderr else ''}")
        self.truth: dict[str, Any] = json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("close\n")
        self.proc.stdin.flush()
        if self.proc.stdout.readline().strip() != "closed":
            raise RuntimeError(f"closing failed:\n{self.proc.stderr.read() if self.proc.stderr else ''}")


@contextmanager
def hall_running(checkout: Path, database_url: str, *, seed: int = 0, kind: str = "motion") -> Iterator[Hall]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(checkout),
        "DJANGO_SETTINGS_MODULE": "web.settings",
        "JICENG_DB_CONN_MAX_AGE": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, str(HALL), str(seed), kind],
        cwd=checkout,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield Hall(proc)
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=120)


@dataclass
class Hunt:
    """How many voters; per method, how many it paired with their own ballot, with the poll
    still open and after it closed; and how many hand-overs and ballots the reader found."""

    voters: int
    while_open: dict[str, int]
    after_close: dict[str, int]
    found: dict[str, int]


def hunt_sqlite(checkout: Path, workdir: Path, *, seed: int = 0, kind: str = "motion") -> Hunt:
    """``kind`` is the hall's poll: a motion, or an appraisal of many subjects (tests.forensic.hall)."""
    path = workdir / "jiceng.sqlite3"
    with hall_running(checkout, f"sqlite:///{path}", seed=seed, kind=kind) as hall:
        truth = {v["attendee"]: v["receipt"] for v in hall.truth["voters"]}
        poll = hall.truth["poll"]
        while_open, _found = _sqlite_methods(Files.read(path), _schema(path), poll, truth)  # copied mid-vote
        hall.close()
        # the copy an operator takes from the running server afterwards
        after_close, found = _sqlite_methods(Files.read(path), _schema(path), poll, truth)
    return Hunt(len(truth), while_open, after_close, found)


def _schema(path: Path) -> dict[str, Any]:
    """Column positions (an operator knows the code) and the check-in times (a plain query)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cols = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in ("meetings_ballotissue",)}
        checked = [
            r[0]
            for r in db.execute(
                "SELECT id FROM meetings_attendee WHERE checked_in_at IS NOT NULL ORDER BY checked_in_at, id"
            )
        ]
    finally:
        db.close()
    return {"issue": cols["meetings_ballotissue"], "check_in_order": checked}


def _sqlite_methods(
    files: Files, schema: dict[str, Any], poll: int, truth: dict[Any, str]
) -> tuple[dict[str, int], dict[str, int]]:
    receipts = set(truth.values())
    issue_cols = schema["issue"]
    channel, attendee, poll_at = (issue_cols.index(c) for c in ("channel", "attendee_id", "poll_id"))

    def events(rows: list[tuple[int, list[object]]]) -> Iterator[tuple[str, object, int]]:
        for rowid, values in rows:
            if len(values) == len(issue_cols) and values[channel] in ("phone", "paper") and values[poll_at] == poll:
                yield "person", values[attendee], rowid
            for value in values:
                if isinstance(value, str) and value in receipts:
                    yield "ballot", value, rowid

    frames = files.wal_frames()
    wal = [(kind, key) for _i, page_no, image in frames for kind, key, _r in events(leaf_rows(image, page_no))]
    latest = [e for page_no, image in sorted(files.latest_pages().items()) for e in events(leaf_rows(image, page_no))]
    people_by_rowid = [k for kind, k, r in sorted(latest, key=lambda e: e[2]) if kind == "person"]
    ballots_by_rowid = [k for kind, k, r in sorted(latest, key=lambda e: e[2]) if kind == "ballot"]
    methods = {
        "WAL frame order (latest hand-over before each ballot)": pairing.by_latest_before(wal),
        "WAL frame order (k-th hand-over, k-th ballot)": pairing.by_rank(
            [k for kind, k in wal if kind == "person"], [k for kind, k in wal if kind == "ballot"]
        ),
        "rowid order": pairing.by_rank(people_by_rowid, ballots_by_rowid),
        "check-in times, ballots by rowid": pairing.by_rank(schema["check_in_order"], ballots_by_rowid),
        "check-in times, ballots by WAL order": pairing.by_rank(
            schema["check_in_order"], [k for kind, k in wal if kind == "ballot"]
        ),
        "page images: receipts by byte offset in the main file": pairing.by_rank(
            people_by_rowid, _by_offset(files.main, receipts)
        ),
        "page images: receipts by byte offset in the WAL": pairing.by_rank(
            people_by_rowid, _by_offset(files.wal, receipts)
        ),
    }
    found = {"hand-overs": len(set(people_by_rowid)), "ballots": len(set(ballots_by_rowid))}
    return {name: pairing.correct(pairs, truth) for name, pairs in methods.items()}, found


def _by_offset(raw: bytes, receipts: set[str]) -> list[str]:
    """Receipts in the order of their first byte in the file (stale copies in free space too)."""
    found = {r: raw.find(r.encode()) for r in receipts}
    return [r for r, at in sorted(found.items(), key=lambda x: x[1]) if at >= 0]


# ---- PostgreSQL ----------------------------------------------------------------------------------

_RECORD = re.compile(r"tx:\s+(\d+), lsn: ([0-9A-F]+/[0-9A-F]+).*desc: (\w+).*?rel \d+/\d+/(\d+) blk (\d+)")


def hunt_postgresql(checkout: Path, cluster: Any, *, seed: int = 0, kind: str = "motion") -> Hunt:
    """The hall on a fresh database of a private cluster (``bench/reliability/cluster.py``), then
    its WAL read two ways: ``pg_waldump``'s records (transaction, relation, block) in LSN order,
    and the segment files' raw bytes (each receipt's first byte)."""
    import psycopg

    url = cluster.create_database(f"forensic_{kind}_{seed}")
    with psycopg.connect(url, autocommit=True) as db:
        start = db.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with hall_running(checkout, url, seed=seed, kind=kind) as hall:
        truth = {v["attendee"]: v["receipt"] for v in hall.truth["voters"]}
        while_open = _pg_read(cluster, url, start, hall.truth["poll"], truth)
        hall.close()
        after_close = _pg_read(cluster, url, start, hall.truth["poll"], truth, checkpoint=True)
    found = {"hand-overs": after_close.pop("found: hand-overs"), "ballots": after_close.pop("found: ballots")}
    for key in ("found: hand-overs", "found: ballots"):
        while_open.pop(key)
    return Hunt(len(truth), while_open, after_close, found)


def _pg_read(
    cluster: Any, url: str, start: str, poll: int, truth: dict[Any, str], *, checkpoint: bool = False
) -> dict[str, int]:
    """One CHECKPOINT, after closing: a second could recycle the segment the hall began in."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        if checkpoint:  # what a server does every few minutes: nothing leaves the WAL by it
            db.execute("CHECKPOINT")
        end = db.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        rel = dict(
            db.execute(
                "SELECT relname::text, pg_relation_filenode(oid)::text FROM pg_class WHERE relname"
                " IN ('meetings_ballotissue', 'meetings_ballot', 'meetings_votingcode')"
            ).fetchall()
        )
        issues_by_ctid = {
            str(ctid): att
            for ctid, att in db.execute(
                "SELECT ctid::text, attendee_id FROM meetings_ballotissue WHERE poll_id = %s", [poll]
            )
        }
        checked = [
            r[0]
            for r in db.execute(
                "SELECT id FROM meetings_attendee WHERE checked_in_at IS NOT NULL ORDER BY checked_in_at, id"
            )
        ]
    done = subprocess.run(
        [str(cluster.bindir / "pg_waldump"), "-p", str(cluster.data / "pg_wal"), "-s", str(start), "-e", str(end)],
        capture_output=True,
        text=True,
        check=False,
    )
    dump = done.stdout
    if not dump:
        raise RuntimeError(f"pg_waldump read nothing: {done.stderr[-500:]}")
    raw = b"".join(p.read_bytes() for p in sorted((cluster.data / "pg_wal").glob("0*")))
    return _pg_methods(dump, raw, rel, issues_by_ctid, checked, truth)


def _pg_methods(
    dump: str,
    raw: bytes,
    rel: dict[str, str],
    issues_by_ctid: dict[str, Any],
    checked: list[Any],
    truth: dict[Any, str],
) -> dict[str, int]:
    """pg_waldump names the relation and block of each insert, not the row: a BallotIssue insert
    is matched to its row by block and order on the page (``(blk, n)`` is the row's ctid while
    nothing moved it); a ballot's receipt is found in the raw WAL."""
    inserts: list[tuple[str, str, str]] = []  # (tx, relation, ctid)
    per_block: dict[tuple[str, str], int] = {}
    for line in dump.splitlines():
        m = _RECORD.search(line)
        if not m or m.group(3) not in ("INSERT", "INSERT+INIT"):
            continue
        tx, _lsn, _desc, node, blk = m.groups()
        off = re.search(r"off (\d+)", line)
        n = int(off.group(1)) if off else per_block.get((node, blk), 0) + 1
        per_block[(node, blk)] = n
        inserts.append((tx, node, f"({blk},{n})"))
    issue_node, code_node = rel.get("meetings_ballotissue"), rel.get("meetings_votingcode")
    people = [issues_by_ctid[ctid] for _tx, node, ctid in inserts if node == issue_node and ctid in issues_by_ctid]
    by_offset = _by_offset(raw, set(truth.values()))
    # a code hash written in the same transaction as a person's ballot issue: the old per-person issue
    issue_tx = {tx: issues_by_ctid.get(ctid) for tx, node, ctid in inserts if node == issue_node}
    code_with_person = {tx for tx, node, _c in inserts if node == code_node and issue_tx.get(tx) is not None}
    return {
        "found: hand-overs": len(set(people)),
        "found: ballots": len(by_offset),
        "WAL order: hand-overs by LSN, ballots by their receipts' place in the WAL": pairing.correct(
            pairing.by_rank(people, by_offset), truth
        ),
        "check-in times, ballots by their receipts' place in the WAL": pairing.correct(
            pairing.by_rank(checked, by_offset), truth
        ),
        "transactions writing a person's ballot issue and a code together": len(code_with_person),
    }
