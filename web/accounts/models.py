from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from web.accounts.usernames import normalise


class NormalisingUserManager(UserManager["User"]):
    """Finds an account by its normalised username, so sign-in accepts ``ＳＴＲＥＥＴ `` for
    ``street`` (``web.accounts.usernames``)."""

    def get_by_natural_key(self, username: str | None) -> User:
        return super().get_by_natural_key(normalise(username or ""))


class User(AbstractUser):
    """A person who signs in. Linked to a person on the roster where there is one."""

    display_name = models.CharField(_("显示名称"), max_length=50, blank=True)
    person = models.OneToOneField(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="user", verbose_name=_("人员")
    )

    objects: ClassVar[NormalisingUserManager] = NormalisingUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @classmethod
    def normalize_username(cls, username: Any) -> str:
        return normalise(str(username or ""))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username = normalise(self.username)
        super().save(*args, **kwargs)


class SetupLink(models.Model):
    """A one-time link with which a person sets their own password: given to a new account
    instead of a password anyone else saw, and issued again by a manager when someone forgot
    theirs. Only the token's SHA-256 is stored; it works once, until ``expires_at``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="setup_links")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("密码设置链接")
        verbose_name_plural = _("密码设置链接")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=50)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> str:
        return "jc_" + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class LoginAttempt(models.Model):
    """A failed sign-in, kept for rate limiting across all server processes."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    def __str__(self) -> str:
        return f"{self.username}@{self.address} {self.at}"
