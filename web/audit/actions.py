"""Writing audit entries. Only actions call :func:`record`, inside their own transaction, with a
name from :class:`web.audit.names.Action` (any other name is refused before anything is written)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Required, TypedDict, Unpack

from django.db import connection, models, transaction
from django.utils import timezone

from web.audit.models import GENESIS_HASH, AuditEntry
from web.audit.names import Action, checked
from web.common import clock

# One advisory lock key for the chain on PostgreSQL: appends are serialised so two
# transactions never both extend the same predecessor (which would fork the chain).
_CHAIN_LOCK_KEY = 0x4A4943454E47  # "JICENG"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    keys = sorted(set(before) | set(after))
    return {
        k: [_jsonable(before.get(k)), _jsonable(after.get(k))]
        for k in keys
        if _jsonable(before.get(k)) != _jsonable(after.get(k))
    }


def lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are already serialised.


def _entry(
    *,
    actor: Any,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_label: str = "",
    unit_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """An unchained entry (no hashes yet) from :func:`record`'s arguments."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        object_label = object_label or str(obj)[:200]
        if unit_id is None:
            unit_id = getattr(obj, "audit_unit_id", None)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        at=at or clock.now(),
        actor=actor_user,
        actor_label=(actor_user.get_username() if actor_user else str(actor or "system"))[:150],
        action=checked(action),
        object_type=object_type or "",
        object_id=str(object_id if object_id is not None else ""),
        object_label=object_label[:200],
        unit_id=unit_id,
        changes=_jsonable(changes or {}),
        reason=reason,
        prev_hash="",
        hash="",
    )


def _check_in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the action's transaction")
    lock_chain()


def _last_hash() -> str:
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH


class EntryBody(TypedDict, total=False):
    """An entry but for its actor (``action`` required): what a caller gathers before it knows
    who acts (``web.org.transfer.apply``)."""

    action: Required[Action | str]
    obj: models.Model | None
    object_type: str | None
    object_id: str | int | None
    object_label: str
    unit_id: int | None
    changes: dict[str, Any] | None
    reason: str
    at: datetime | None


class EntryFields(EntryBody, total=False):
    """What an entry is made of: :func:`_entry`'s arguments (``actor`` and ``action`` required)."""

    actor: Required[Any]


def record(**fields: Unpack[EntryFields]) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction. ``action`` is an
    :class:`Action` (a plain string is accepted only if it is one of its values)."""
    checked(fields["action"])
    _check_in_transaction()
    entry = _entry(**fields)
    entry.prev_hash = _last_hash()
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


def record_many(entries: list[EntryFields], *, batch_size: int = 2000) -> int:
    """Append many entries, chained in the order given, in a few inserts: what a bulk write
    (the roster import) uses to audit every object it changes under that object's own unit.
    Each item takes :func:`record`'s arguments. Must run inside the caller's transaction."""
    if not entries:
        return 0
    for fields in entries:
        checked(fields["action"])
    _check_in_transaction()
    made, prev = [], _last_hash()
    for fields in entries:
        entry = _entry(**fields)
        entry.prev_hash = prev
        entry.hash = prev = entry.compute_hash()
        made.append(entry)
    AuditEntry.objects.bulk_create(made, batch_size=batch_size)
    return len(made)
