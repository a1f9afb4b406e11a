"""Voting codes and receipts: made at random, stored only as domain-separated hashes."""

from __future__ import annotations

import hashlib
import secrets

# Crockford-style alphabet without look-alikes; 16 characters ≈ 80 bits.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
RECEIPT_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def new_receipt() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise(code: str) -> str:
    """Forgive what people do when typing a code: spaces, dashes, lower case."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())[:64]


def _h(purpose: str, poll_id: int, code: str) -> str:
    return hashlib.sha256(f"jiceng/{purpose}/{poll_id}/{normalise(code)}".encode()).hexdigest()


def valid_hash(poll_id: int, code: str) -> str:
    return _h("valid", poll_id, code)


def spent_hash(poll_id: int, code: str) -> str:
    return _h("spent", poll_id, code)


def grouped(code: str) -> str:
    """``ABCD-EFGH-JKMN-PQRS`` for printing and reading aloud."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def shuffle_ballots(poll_id: int) -> None:
    """Rewrite a poll's ballots in a random order, in the closing transaction.

    While a poll is open, the database keeps, as any database does, traces of the order in
    which rows arrived: the physical row order (PostgreSQL ``ctid``, SQLite ``rowid``) and,
    on PostgreSQL, the transaction that wrote each row (``xmin``). Arrival order is close to
    the order in which people were given their ballots, so closing erases it: the ballots are
    read, deleted and written back shuffled, all in one transaction. Afterwards every ballot
    of the poll has the same ``xmin`` and a row position that says nothing
    (``tests/test_secrecy.py`` looks)."""
    from web.meetings.models import Ballot

    rows = list(Ballot.objects.filter(poll_id=poll_id).values_list("id", "spent_hash", "receipt", "content"))
    secrets.SystemRandom().shuffle(rows)
    Ballot.objects.filter(poll_id=poll_id).delete()
    Ballot.objects.bulk_create(
        [Ballot(id=i, poll_id=poll_id, spent_hash=h, receipt=r, content=c) for i, h, r, c in rows], batch_size=1000
    )


def forget_arrival_order() -> None:
    """After a poll's closing commits: on SQLite, copy the write-ahead log into the database and
    cut it to zero bytes. The log holds each commit's page images in commit order, so until then
    it tells who was handed a slip just before which ballot arrived; ``PRAGMA secure_delete``
    (settings) has zeroed the rows the shuffle deleted. PostgreSQL's WAL cannot be cut from a
    connection: docs/meetings.md says what it keeps."""
    from django.db import connection

    if connection.vendor == "sqlite":
        from web.common.sqlite.base import truncate_wal

        truncate_wal(connection)
