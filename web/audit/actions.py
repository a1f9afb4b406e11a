"""Writing audit entries. Only actions call :func:`record`, inside their own transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from web.audit.models import GENESIS_HASH, AuditEntry
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


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are already serialised.


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_label: str = "",
    unit_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the action's transaction")
    _lock_chain()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        object_label = object_label or str(obj)[:200]
        if unit_id is None:
            unit_id = getattr(obj, "audit_unit_id", None)
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        at=at or clock.now(),
        actor=actor_user,
        actor_label=(actor_user.get_username() if actor_user else str(actor or "system"))[:150],
        action=action,
        object_type=object_type or "",
        object_id=str(object_id if object_id is not None else ""),
        object_label=object_label[:200],
        unit_id=unit_id,
        changes=_jsonable(changes or {}),
        reason=reason,
        prev_hash=last or GENESIS_HASH,
        hash="",
    )
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry
