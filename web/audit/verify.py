"""Walking the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from web.audit.models import GENESIS_HASH, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str
    head_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(*, batch: int = 2000) -> ChainReport:
    """Recompute every hash in id order; stop at the first entry that does not fit.

    A changed row fails its own hash; a deleted row makes its successor's ``prev_hash``
    point at nothing it follows; an inserted row does the same to the row after it.
    """
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return ChainReport(checked=checked, first_broken_id=None, problem="", head_hash=prev)
        for entry in rows:
            if entry.prev_hash != prev:
                return ChainReport(checked, entry.pk, "prev_hash does not match the entry before it")
            if entry.compute_hash() != entry.hash:
                return ChainReport(checked, entry.pk, "content does not match its hash")
            prev = entry.hash
            checked += 1
            last_id = entry.pk
