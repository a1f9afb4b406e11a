"""Matters a unit deliberates, the chain of steps each follows, and what is disclosed.

A voting step is held as an ordinary ``web.meetings`` meeting of the right body with one
motion poll (the matter as the agenda item); attendance, observers, phone and paper votes
and the count are the meetings app's. The step links its current meeting and poll; earlier
attempts stay in the step's history (``StepEvent``) with their meeting and poll."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting, Poll
from web.org.models import Unit
from web.procedures.models import Event, Step

if TYPE_CHECKING:
    from web.deliberation.kinds.base import StepKind
    from web.procedures.kinds import Registry


def step_kinds() -> Registry[MatterStep]:
    """The registry of step kinds (``web.deliberation.kinds``), imported when first read: the
    kinds' modules import these models."""
    from web.deliberation.kinds import KINDS

    return KINDS


def step_kind_choices() -> list[tuple[str, Any]]:
    return step_kinds().choices()


class Matter(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("项目建设")
        INCOME = "collective_income", _("集体收益使用")
        LAND = "land", _("土地事项")
        APPOINTMENT = "appointment", _("干部任用")
        OTHER = "other", _("其他事项")

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("议事中")
        DECIDED = "decided", _("已决议")
        REJECTED = "rejected", _("未通过")
        ENDED = "ended", _("已终止")
        IMPLEMENTED = "implemented", _("已公开实施结果")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="matters", verbose_name=_("单位"))
    title = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("事项说明"), max_length=5000, blank=True)
    chain = models.CharField(_("议事程序"), max_length=40)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("提出时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("议事事项")
        verbose_name_plural = _("议事事项")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:matter", kwargs={"matter_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def current_step(self) -> MatterStep | None:
        return self.steps.filter(state=MatterStep.State.ACTIVE).first()


class MatterStep(Step):
    class State(models.TextChoices):
        PENDING = "pending", _("未开始")
        ACTIVE = "active", _("进行中")
        PASSED = "passed", _("已通过")
        FAILED = "failed", _("未通过")
        NEVER = "never", _("不再进行")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=32, choices=step_kind_choices)
    settings = models.JSONField(_("设置"), default=dict)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    minutes = models.TextField(_("会议记录"), max_length=20000, blank=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["matter", "position"], name="matter_step_position_unique")]
        verbose_name = _("议事环节")
        verbose_name_plural = _("议事环节")

    def __str__(self) -> str:
        return f"{self.matter} · {self.position + 1}"

    @property
    def audit_unit_id(self) -> int:
        return self.matter.unit_id

    @property
    def spec(self) -> StepKind:
        """The step's kind from the registry: its name, whether it votes, its forms and panel."""
        return cast("StepKind", step_kinds()[self.kind])

    @property
    def state_label(self) -> str:
        """A disclosure step that is done was posted, not voted: it reads 已公开."""
        if self.state == self.State.PASSED and self.spec.disclosure:
            return str(_("已公开"))
        return str(self.get_state_display())


class StepEvent(Event):
    """The history of a step: started, held, passed, failed, sent back, deferred, in order."""

    class Kind(models.TextChoices):
        STARTED = "started", _("开始")
        HELD = "held", _("召开会议")
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")
        RETURNED = "returned", _("退回重议")
        DEFERRED = "deferred", _("暂缓表决")
        DISCLOSED = "disclosed", _("公开")

    step = models.ForeignKey(MatterStep, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.step} {self.kind}"


def attachment_path(instance: MinutesAttachment, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"deliberation/{instance.step.matter_id}/step-{instance.step_id}-{instance.uploaded_at:%Y%m%d%H%M%S}.{ext}"


class MinutesAttachment(models.Model):
    """A scan or file of the minutes: PDF, DOCX, JPG or PNG (opened by its parser on upload)."""

    step = models.ForeignKey(MatterStep, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class GateCheck(models.Model):
    """One of the five gates recorded as met for a cadre appointment (seed 002), by whom, when."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="gates")
    gate = models.CharField(max_length=20)
    note = models.CharField(_("说明"), max_length=300)
    #: the gate "recommendation" (已经过民主推荐) pointing at the real, published recommendation
    #: (``web.recommendations``) instead of, or beside, the free-text basis
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gate_checks",
        verbose_name=_("民主推荐"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["matter", "gate"], name="one_check_per_gate")]

    def __str__(self) -> str:
        return f"{self.matter} {self.gate}"


class Disclosure(models.Model):
    """A posting on the unit's public board: a decision (at least 15 days), an implementation
    result, or the village's finances (monthly; no matter)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("决议公开")
        IMPLEMENTATION = "implementation", _("实施结果公开")
        FINANCE = "finance", _("财务公开")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="disclosures")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("公开内容"), max_length=10000)
    posted_at = models.DateTimeField(_("公开时间"))
    until = models.DateField(_("公开截止日期"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("公开")
        verbose_name_plural = _("公开")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id
