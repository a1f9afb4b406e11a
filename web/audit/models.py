"""The append-only, hash-chained audit log.

Every write in Jiceng goes through an action (``do_<verb>``) that records one entry here in
the same transaction. Entries are chained: each stores the SHA-256 of the previous entry's
hash and its own canonical content, so changing or deleting any row breaks the chain from
that row on (``manage.py verify_audit`` names the first broken entry). The database refuses
UPDATE and DELETE on the table (triggers in migration 0002), so the log is append-only by
design, not by good intentions.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from web.audit.names import action_choices, action_label

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150)
    action = models.CharField(_("操作"), max_length=80, choices=action_choices)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(_("所属单位"), null=True, blank=True)
    changes = models.JSONField(_("变更"), default=dict)
    reason = models.TextField(_("理由"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    @property
    def label(self) -> str:
        """The words for the entry's action (its stored name, for one this version does not know)."""
        return action_label(self.action)

    @property
    def change_rows(self) -> list[tuple[str, str, str, bool]]:
        """Each recorded field as ``(field, before, after, is_change)`` in plain words: a ``[before,
        after]`` pair is a change; any other value (a count, a digest, a seed) was recorded on its
        own and has no before. Nested values are spelled out, never shown as a Python repr."""
        rows = []
        for field, value in (self.changes or {}).items():
            name = self._field_name(str(field))
            if isinstance(value, list) and len(value) == 2:
                rows.append((name, _words(value[0]), _words(value[1]), True))
            else:
                rows.append((name, "", _words(value), False))
        return rows

    def _field_name(self, field: str) -> str:
        """A field of the entry's object by its name on the page (``名称``, not ``name``); a key
        that is no field of it (a seed, a digest, a sheet) as it was recorded."""
        try:
            model = apps.get_model(self.object_type)
            return str(model._meta.get_field(field).verbose_name)
        except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
            return field

    def canonical(self) -> bytes:
        """The content the hash covers, in a form that does not depend on the database."""
        body: dict[str, Any] = {
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "unit_id": self.unit_id,
            "changes": self.changes,
            "reason": self.reason,
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.prev_hash.encode() + self.canonical()).hexdigest()


class AuditCheckpoint(models.Model):
    """The chain's head at one moment, kept so that history written before it cannot be
    rewritten unnoticed: its list is published on the public board (``/checkpoints/``), where
    anyone can download and keep it, and ``verify_audit --anchor FILE`` checks the chain
    against a kept copy. The table is append-only like the log (migration 0003), and the
    database accepts only a checkpoint that names an entry as it stands in the chain."""

    at = models.DateTimeField(_("时间"))
    entry_id = models.BigIntegerField(_("记录编号"))
    entry_hash = models.CharField(_("哈希"), max_length=64)
    reason = models.CharField(_("缘由"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("审计链检查点")
        verbose_name_plural = _("审计链检查点")

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.entry_hash}"


def _words(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, dict):
        return " · ".join(f"{k} {_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value)
    return str(value)
