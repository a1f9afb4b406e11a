"""Recording the chain's head as a checkpoint (``manage.py record_checkpoint``).

A checkpoint is published on the public board the moment it is written; once someone has
downloaded the list, the history up to it cannot be rewritten without their copy showing it
(``verify_audit --anchor``). Jiceng records one at every publication of a result; the daily
scheduler, once there is one, runs the command.

Recording a checkpoint writes no audit entry of its own: the row is itself a statement about
the log, and an entry for it would move the head past the checkpoint the moment it was taken.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from web.audit.actions import lock_chain
from web.audit.models import AuditCheckpoint, AuditEntry
from web.common import clock


def do_record_checkpoint(
    *, reason: str, acting_user: AbstractBaseUser | None = None, now: datetime | None = None
) -> AuditCheckpoint | None:
    """Record the current head, unless the latest checkpoint already names it for the same
    reason (or the log is empty): returns the checkpoint that names the head, or None. ``acting_user`` is not
    stored: a checkpoint says what the chain was, not who looked."""
    with transaction.atomic():
        lock_chain()  # no entry can be appended between reading the head and writing it down
        head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        if head is None:
            return None
        latest = AuditCheckpoint.objects.order_by("-id").first()
        if latest is not None and latest.entry_id == head[0] and latest.reason == reason[:200]:
            return latest
        return AuditCheckpoint.objects.create(
            at=now or clock.now(), entry_id=head[0], entry_hash=head[1], reason=reason[:200]
        )
