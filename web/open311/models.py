"""Open311 API keys: a jurisdiction's staff member's key for posting requests (GeoReport v2's
``api_key``). Only the key's SHA-256 is stored; the key is shown once, when it is issued."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from web.org.models import Unit

KEY_PREFIX = "o311_"


class ApiKey(models.Model):
    """A key posting requests into one jurisdiction (a street, township or district keeping a
    dispatch catalogue) as the staff member it was issued to, while they manage it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open311_keys")
    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    name = models.CharField(_("名称"), max_length=50)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("开放接口密钥")
        verbose_name_plural = _("开放接口密钥")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_unit_id(self) -> int:
        return self.jurisdiction_id

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_secret() -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()
