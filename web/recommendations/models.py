"""Democratic recommendation (民主推荐) before a cadre selection (DOMAIN.md §4.3, §5.4; seed 000,
seed 002).

- ``Recommendation``: held by an organising unit's staff for a post (职位) with its places (职数):
  the names on the form (the candidates, or in an open recommendation every eligible name), the
  classes of recommenders (“ABCD”), the meeting where the forms are filled. Its own step of
  ``web.procedures.machine`` (``web.recommendations.flow``); history in ``RecommendationEvent``.
  A second round (第二次推荐, in the same scope among the leading names) ``follows`` the first.
- ``RecommenderClass``: one class of recommenders (A 领导班子成员, B 中层干部…), who is in it, and
  its forms: a ``recommendation`` poll of the meeting (``web.meetings.recommendation``), so the
  forms are secret ballots with everything the meetings app gives them (phone code slips in
  batches, paper forms and double entry, the open record, the secrecy tests).

The classes' records are put together into one engine record (``jiceng.recommendation``) and
counted only by the engine; the result is kept beside it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting, Poll
from web.org.models import Unit
from web.procedures.models import Event


class Recommendation(models.Model):
    class State(models.TextChoices):
        FORMS = "forms", _("填写推荐表")
        COUNTED = "counted", _("已汇总计票")
        PUBLISHED = "published", _("已公布")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("组织单位"))
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    title = models.CharField(_("名称"), max_length=200)
    post = models.CharField(_("推荐职位"), max_length=100)
    places = models.PositiveSmallIntegerField(_("职数"), default=1)
    #: an open recommendation: the form lists every eligible name, not a short list
    open = models.BooleanField(_("不设人选范围（列出全部符合条件的人员）"), default=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐会议"))
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_rounds",
        verbose_name=_("第一次推荐"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.FORMS)
    #: the classes' records put together (``jiceng.tally/1``, kind ``recommendation``) and the
    #: engine's result, fixed at the count
    record = models.JSONField(null=True, blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    counted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "unit_path"], name="recommendation_state_path")]
        verbose_name = _("民主推荐")
        verbose_name_plural = _("民主推荐")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recommendations:recommendation", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_second_round(self) -> bool:
        return self.follows_id is not None


class RecommenderClass(models.Model):
    """One class of recommenders and the poll that holds its forms."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="classes")
    key = models.CharField(_("类别"), max_length=1)
    name = models.CharField(_("类别名称"), max_length=40)
    #: who is in the class (e.g. 街道党工委、办事处领导班子成员), as the organising unit sets it
    members = models.CharField(_("包括哪些人员"), max_length=300, blank=True)
    expected = models.PositiveIntegerField(_("应参加人数"), default=0)
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="recommender_class")

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "key"], name="one_class_per_letter")]
        verbose_name = _("推荐人类别")
        verbose_name_plural = _("推荐人类别")

    def __str__(self) -> str:
        return f"{self.key} {self.name}"


class RecommendationEvent(Event):
    class Kind(models.TextChoices):
        CREATED = "created", _("发起民主推荐")
        COUNTED = "counted", _("汇总计票")
        PUBLISHED = "published", _("公布结果")
        SECOND = "second", _("发起第二次推荐")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.kind}"
