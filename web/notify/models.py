"""The outbox: a ``Notice`` per person and occasion, written in the transaction of the action
that causes it, and a ``Delivery`` per external channel (SMS, email) that the worker sends and
records; the in-app inbox is the notices themselves. ``Preferences`` are a person's own
channels, quiet hours and SMS rate, set on their settings page (docs/notifications.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from web.notify.kinds import KINDS, Channel, kind_choices


class Notice(models.Model):
    """One notice to one person. ``key`` names the occasion and the recipient, so the job that
    causes it, run again, notifies nobody twice (unique)."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=40, choices=kind_choices)
    #: the account that reads it in the inbox, and the roster person it is for (either may be
    #: missing: a person with no account still gets SMS; an account with no person still reads)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    #: a bare mobile number, for someone with neither (a resident who asked without an account):
    #: SMS only, no inbox (``outbox.Phone``)
    phone = models.CharField(max_length=20, blank=True)
    context = models.JSONField(default=dict)
    #: a page of Jiceng (a path, never a link with a token) the inbox opens
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    #: its cause was done (``outbox.resolve``): read from then on, and not sent by SMS or email any more
    resolved_at = models.DateTimeField(_("已办结"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notice_user_unread"),
            models.Index(fields=["person", "read_at"], name="notice_person_unread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(person__isnull=False) | ~Q(phone=""), name="notice_has_a_recipient"
            ),
        ]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def kind_name(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.name) if kind else self.kind


class Delivery(models.Model):
    """A notice's delivery by one external channel. At most one per notice and channel, and it
    is sent at most once: a worker claims it with a conditional update before sending
    (``web.notify.delivery``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        SKIPPED = "skipped", _("未发送")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.PENDING)
    #: the phone number or email address it went to (when it went)
    address = models.CharField(max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["channel", "address", "sent_at"], name="delivery_rate"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="one_delivery_per_channel"),
        ]
        verbose_name = _("通知发送")
        verbose_name_plural = _("通知发送")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.channel} {self.state}"


class Preferences(models.Model):
    """A person's own notification settings. No row: the defaults (``defaults()``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences")
    #: ``{kind: [channel, …]}``: the external channels on per kind (a kind not listed: its defaults)
    channels = models.JSONField(default=dict)
    quiet_hours = models.BooleanField(_("免打扰时段"), default=True)
    quiet_start = models.TimeField(_("开始"), default=dt.time(22, 0))
    quiet_end = models.TimeField(_("结束"), default=dt.time(7, 0))
    sms_per_hour = models.PositiveSmallIntegerField(_("每小时最多短信条数"), default=5)
    language = models.CharField(_("短信和邮件的语言"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user} · {_('通知设置')}"

    @property
    def audit_unit_id(self) -> None:
        return None

    def wants(self, kind: str, channel: str) -> bool:
        """Whether ``channel`` is on for ``kind`` (in-app always is: the inbox is the record)."""
        if channel == Channel.IN_APP:
            return True
        chosen = self.channels.get(kind)
        return channel in (chosen if chosen is not None else KINDS[kind].channels)
