"""The shape every procedure step shares: an ordered, typed step with its settings and state,
and its history of events. Abstract: each workflow keeps its own table (an election's
``Stage``, a matter's ``MatterStep``), with its own states and event kinds, and moves its steps
only through ``web.procedures.machine``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.Model):
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("类型"), max_length=32)
    settings = models.JSONField(_("设置"), default=dict)
    state = models.CharField(_("状态"), max_length=10, default="pending")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["position"]


class Event(models.Model):
    """One move of a step, in order: what happened, when, by whom, and why when it needs a reason."""

    kind = models.CharField(max_length=10)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]
