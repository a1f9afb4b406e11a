"""A document asked for by one person and made by a background job (``web.downloads.jobs``)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.downloads.errors import Refused
from web.downloads.kinds import KINDS, Kind, kind_choices


def _token() -> str:
    return secrets.token_hex(8)


class Download(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未能生成")
        EXPIRED = "expired", _("已过期")

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="downloads")
    kind = models.CharField(_("类型"), max_length=40, choices=kind_choices)
    #: what the renderer reads again: ids and plain values (the site's address), never a name
    #: or a secret; the queue's rows carry only the download's id
    parameters = models.JSONField(default=dict)
    #: the page's language when it was asked for: the document, its title, its file name and any
    #: sentence of failure are in it
    language = models.CharField(max_length=10)
    title = models.CharField(_("名称"), max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)
    #: the unit whose document it is (its audit entry is filed under it), when there is one
    unit_id = models.BigIntegerField(null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: names the file on disk with the id (``17-3f9a….pdf``), so a file left by a row whose id is
    #: used again (SQLite reuses the highest id once deleted) is never taken for this one's
    token = models.CharField(max_length=32, default=_token, editable=False)
    #: the file, relative to JICENG_VAR_DIR, once made
    stored = models.CharField(max_length=200, blank=True)
    error = models.CharField(_("原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["expires_at", "state"]),
        ]
        verbose_name = _("下载")
        verbose_name_plural = _("下载")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("downloads:detail", kwargs={"download_id": self.pk})

    @property
    def kind_info(self) -> Kind:
        return KINDS[self.kind]

    @property
    def is_active(self) -> bool:
        """Still to be made: the page keeps asking how far it got."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def audit_unit_id(self) -> int | None:
        return self.unit_id

    def id_parameter(self, name: str) -> int:
        """The positive whole number ``parameters[name]``, or a refusal that says the request was
        not valid (a row written by hand, an older version's)."""
        value = self._parameter(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _bad_parameters()
        return value

    def text_parameter(self, name: str) -> str:
        value = self._parameter(name)
        if not isinstance(value, str):
            raise _bad_parameters()
        return value

    def _parameter(self, name: str) -> object:
        return self.parameters.get(name) if isinstance(self.parameters, dict) else None


def _bad_parameters() -> Refused:
    from django.utils.translation import gettext

    return Refused(gettext("下载请求的参数无效，请回到原页面重新生成。"))
