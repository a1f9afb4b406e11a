"""Ways to pair voters with ballots from an order the files keep, and how well each did.

Each method sees two orders — the order in which the desk's records of people (who took a
ballot, who checked in) appear, and the order in which ballots (known by their receipts, which
the open record publishes) appear — and pairs them. Scored against the truth, a method that
pairs at random gets one voter right on average, whatever the number of voters (the expected
number of fixed points of a random permutation); ``CHANCE_LIMIT`` is far above that."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

#: more right than this is not chance: a random pairing of 20 gets more than 5 right about 6
#: times in 10,000 (Poisson(1) tail)
CHANCE_LIMIT = 5


def chance_limit(voters: int, batch: int) -> int:
    """The same bound when ballots are sealed in batches of ``batch`` (PostgreSQL,
    web/meetings/sealing.py): the log tells which batch a ballot came in, so a method may know
    each voter's batch, and within a batch the order is random. Random pairing inside batches
    gets about ``voters / batch`` right (Poisson); more than the returned figure happens less
    than about once in 1,000."""
    mean = max(1.0, voters / batch)
    limit, tail = 0, 1.0
    while tail >= 1e-3:
        tail -= math.exp(-mean) * mean**limit / math.factorial(limit)
        limit += 1
    return limit - 1


def by_rank(people: Sequence[object], ballots: Sequence[str]) -> dict[object, str]:
    """The k-th person with the k-th ballot (each order counted from its first appearance)."""
    return dict(zip(_first_seen(people), _first_seen(ballots), strict=False))


def by_latest_before(events: Iterable[tuple[str, object]]) -> dict[object, str]:
    """Events ``("person", id)`` and ``("ballot", receipt)`` in the order a log kept them: each
    ballot goes with the latest person seen before it who has no ballot yet (a voter casts soon
    after taking their slip)."""
    waiting: list[object] = []
    seen: set[object] = set()
    pairs: dict[object, str] = {}
    for kind, key in events:
        if key in seen:
            continue
        seen.add(key)
        if kind == "person":
            waiting.append(key)
        elif waiting:
            pairs[waiting.pop()] = str(key)
    return pairs


def correct(pairs: dict[object, str], truth: dict[object, str]) -> int:
    return sum(1 for person, receipt in pairs.items() if truth.get(person) == receipt)


def _first_seen(keys: Sequence[object]) -> list[object]:
    seen: set[object] = set()
    out = []
    for key in keys:
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out
