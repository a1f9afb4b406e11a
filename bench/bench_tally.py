"""Counting speed of the engine against a bare loop, measured in the same run.

    .venv/bin/python bench/bench_tally.py [--ballots 1000000] [--candidates 20] [--seats 7] [--sqlite]

Generates ``--ballots`` election ballots (seeded, so every run counts the same data):
every ballot marks every candidate for / against / abstain with at most ``--seats``
for-marks, about 1% spoiled, about 1% with one for-mark too many, about 0.5% with a
write-in beside an "against". The ballots are drawn from a pool of 20,000 distinct
ballots, so generation stays quick; counting still touches every one of them.

It then times, over the same list:

- ``engine``: ``jiceng.election.tally_record`` — validation of every mark, ballot
  validity, write-ins, the checks and the seat allocation;
- ``bare loop``: a plain ``for`` over the same ballots adding up for / against marks
  with no validation at all (the floor any counter in Python pays);
- ``sqlite`` (with ``--sqlite``): the same marks as rows ``(ballot, candidate, mark)``
  in an in-memory SQLite table and one ``GROUP BY`` (the load is not timed);
- ``digest``: the SHA-256 of the canonical record that ``jiceng tally`` also prints.

It prints ballots per second for each and the ratio engine / bare loop. Target: within 3×.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jiceng.election import tally_record
from jiceng.record import record_sha256

POOL = 20_000
SEED = 20260101


def make_pool(*, candidates: int, seats: int, rnd: random.Random) -> list[dict[str, Any]]:
    ids = [f"c{i:02d}" for i in range(candidates)]
    pool: list[dict[str, Any]] = []
    for n in range(POOL):
        roll = rnd.random()
        if roll < 0.01:
            pool.append({"spoiled": True})
            continue
        k = min(seats + 1, candidates) if roll < 0.02 else rnd.randint(0, min(seats, candidates))
        chosen = set(rnd.sample(ids, k))
        marks = {cid: ("for" if cid in chosen else rnd.choice(("against", "abstain", "abstain"))) for cid in ids}
        ballot: dict[str, Any] = {"marks": marks}
        against = [cid for cid, m in marks.items() if m == "against"]
        if against and roll > 0.995 and k < seats:
            ballot["write_ins"] = [{"replaces": against[0], "name": f"另选{n % 7}"}]
        pool.append(ballot)
    return pool


def make_record(*, ballots: int, candidates: int, seats: int) -> dict[str, Any]:
    rnd = random.Random(SEED)
    pool = make_pool(candidates=candidates, seats=seats, rnd=rnd)
    picks = [pool[rnd.randrange(POOL)] for _ in range(ballots)]
    return {
        "format": "jiceng.tally/1",
        "kind": "election",
        "title": "bench",
        "seats": seats,
        "electorate": {"expected": ballots, "present": ballots},
        "ballots_issued": ballots,
        "rules": {"quorum": "present >= 4/5 of expected", "elected": "for > 1/10 of present"},
        "candidates": [{"id": f"c{i:02d}", "name": f"候选人{i:02d}"} for i in range(candidates)],
        "ballots": picks,
    }


def bare_loop(ballots: list[dict[str, Any]]) -> dict[str, int]:
    fors: dict[str, int] = {}
    against: dict[str, int] = {}
    for ballot in ballots:
        if ballot.get("spoiled"):
            continue
        for cid, mark in ballot["marks"].items():
            if mark == "for":
                fors[cid] = fors.get(cid, 0) + 1
            elif mark == "against":
                against[cid] = against.get(cid, 0) + 1
    return fors


def sqlite_group_by(ballots: list[dict[str, Any]]) -> tuple[float, int]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE marks (ballot INTEGER, candidate TEXT, mark TEXT)")
    db.executemany(
        "INSERT INTO marks VALUES (?, ?, ?)",
        ((n, cid, m) for n, b in enumerate(ballots) if not b.get("spoiled") for cid, m in b["marks"].items()),
    )
    db.commit()
    start = time.perf_counter()
    rows = db.execute("SELECT candidate, mark, COUNT(*) FROM marks GROUP BY candidate, mark").fetchall()
    return time.perf_counter() - start, len(rows)


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seats", type=int, default=7)
    parser.add_argument("--sqlite", action="store_true", help="also time SQLite GROUP BY over the same marks")
    args = parser.parse_args()

    start = time.perf_counter()
    doc = make_record(ballots=args.ballots, candidates=args.candidates, seats=args.seats)
    gen_time = time.perf_counter() - start
    n = args.ballots
    print(f"{n:,} ballots, {args.candidates} candidates, {args.seats} seats (generated in {gen_time:.1f} s)")

    engine_time, result = timed(tally_record, doc)
    bare_time, bare = timed(bare_loop, doc["ballots"])
    rows = [("engine (tally_record)", engine_time), ("bare loop", bare_time)]
    if args.sqlite:
        sql_time, _ = sqlite_group_by(doc["ballots"])
        rows.append(("sqlite GROUP BY (query only)", sql_time))
    digest_time, digest = timed(record_sha256, doc)
    rows.append(("record SHA-256 (canonical JSON)", digest_time))

    engine_for = {e["id"]: e["for"] for e in result["tally"] if not e["write_in"]}
    assert all(engine_for[cid] <= bare.get(cid, 0) for cid in engine_for), "the engine counted more than the loop"
    for name, seconds in rows:
        print(f"  {name:<32} {seconds:8.3f} s  {n / seconds:>14,.0f} ballots/s")
    counted = result["ballots"]
    print(f"  status {result['status']}, valid {counted['valid']:,}, invalid {counted['invalid']:,}")
    print(f"  record SHA-256 {digest}")
    ratio = engine_time / bare_time
    print(f"ratio engine / bare loop: {ratio:.2f}× (target ≤ 3×) {'OK' if ratio <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
