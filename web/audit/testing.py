"""An insider with the database in hand, for tests: around the triggers, as ``DROP TRIGGER``
(SQLite) or with triggers switched off for the session (PostgreSQL) would let them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from web.audit.models import AuditEntry


@contextmanager
def triggers_off() -> Iterator[Any]:
    """A cursor that writes past every guard on the audit tables (inside the test's transaction,
    so the test database gets its triggers back when the test ends)."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'")
            for (name,) in cur.fetchall():
                cur.execute(f'DROP TRIGGER "{name}"')
        else:
            cur.execute("SET LOCAL session_replication_role = replica")
        yield cur


def rehash_from(entry_id: int) -> None:
    """Recompute the hash of ``entry_id`` and of every entry after it, so the chain is whole again."""
    before = AuditEntry.objects.filter(id__lt=entry_id).order_by("-id").values_list("hash", flat=True).first()
    prev = before or "0" * 64
    with triggers_off() as cur:
        for entry in AuditEntry.objects.filter(id__gte=entry_id).order_by("id"):
            entry.prev_hash = prev
            entry.hash = entry.compute_hash()
            cur.execute(
                "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk],
            )
            prev = entry.hash


def edit_entry(entry_id: int, *, rehash: bool, **fields: Any) -> None:
    """Change stored columns of one entry (JSON as text), then re-hash the chain after it if asked."""
    with triggers_off() as cur:
        for column, value in fields.items():
            cur.execute(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, entry_id])
    if rehash:
        rehash_from(entry_id)


def cut_tail(from_id: int) -> None:
    with triggers_off() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE id >= %s", [from_id])


def rewrite_checkpoints() -> None:
    """Make the database's own checkpoint list agree with the (rewritten) chain."""
    with triggers_off() as cur:
        for entry_id, digest in list(AuditEntry.objects.values_list("id", "hash")):
            cur.execute("UPDATE audit_auditcheckpoint SET entry_hash = %s WHERE entry_id = %s", [digest, entry_id])
