"""Elections run as procedures: an ordered list of stages, each of a known type with its
settings (copied from a template, adjustable until the election starts), and what each
stage produced: nominations, eligibility checks, objections, proxies, research reports.

Meetings and polls of a stage are ordinary ``web.meetings`` objects, linked from the stage."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting, Poll
from web.org.models import Body, Person
from web.procedures.models import Event, Step


class Election(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("筹备中（可调整设置）")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="elections", verbose_name=_("选举单位"))
    title = models.CharField(_("名称"), max_length=200)
    template = models.CharField(_("程序模板"), max_length=32)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("选举")
        verbose_name_plural = _("选举")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:election", kwargs={"election_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.body.unit_id

    @property
    def current_stage(self) -> Stage | None:
        return self.stages.filter(state=Stage.State.ACTIVE).first()


def stage_kinds() -> list[tuple[str, Any]]:
    """``Stage.kind``'s choices: the registry of stage kinds (``web.elections.kinds``)."""
    return _registry().choices()


def _registry() -> Any:
    # the registry's modules import these models, so it is reached when first used, not loaded
    from web.elections.kinds import KINDS

    return KINDS


class Stage(Step):
    class State(models.TextChoices):
        PENDING = "pending", _("未开始")
        ACTIVE = "active", _("进行中")
        DONE = "done", _("已完成")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("阶段类型"), max_length=24, choices=stage_kinds)
    settings = models.JSONField(_("设置"), default=dict)
    #: what the stage produced (formal list, counts, published register…), fixed when it ends
    data = models.JSONField(default=dict)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["election", "position"], name="stage_position_unique")]
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")

    @property
    def spec(self) -> Any:
        """Everything about this stage's kind: its module's ``Kind`` in the registry."""
        return _registry()[self.kind]

    def __str__(self) -> str:
        return f"{self.election} · {self.position + 1}"

    @property
    def audit_unit_id(self) -> int:
        return self.election.body.unit_id


class StagePoll(models.Model):
    """A poll a stage holds: the primary's one poll (``post`` empty), or the election's or a
    supplementary round's poll for a post. A vote held again after it failed as a whole (not
    quorate, void) keeps the earlier poll here with ``current`` false."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="stage_polls")
    post = models.CharField(max_length=24, blank=True)
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="+")
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "post"], condition=models.Q(current=True), name="one_current_poll_per_stage_post"
            )
        ]
        verbose_name = _("阶段投票")
        verbose_name_plural = _("阶段投票")

    def __str__(self) -> str:
        return f"{self.stage} · {self.post or '-'}"


class StageEvent(Event):
    """The history of a stage: started, finished, reopened (with the reason), in order."""

    class Kind(models.TextChoices):
        STARTED = "started", _("开始")
        FINISHED = "finished", _("完成")
        REOPENED = "reopened", _("重新打开")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.stage} {self.kind}"


class Nomination(models.Model):
    class Channel(models.TextChoices):
        SELF = "self", _("个人自荐")
        JOINT = "joint", _("联名推荐")
        ORGANISATION = "organisation", _("组织推荐")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("已报名")
        ELIGIBLE = "eligible", _("资格审查通过")
        INELIGIBLE = "ineligible", _("资格审查未通过")
        WITHDRAWN = "withdrawn", _("经异议核实取消")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("人选"))
    channel = models.CharField(_("推荐方式"), max_length=16, choices=Channel.choices)
    organisation = models.CharField(_("推荐组织"), max_length=100, blank=True)
    statement = models.CharField(_("简介"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    #: set by the candidate-recommendation vote (primary): on the formal list, with its votes
    formal = models.BooleanField(_("正式候选人"), default=False)
    primary_votes = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="one_nomination_per_person")]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")

    def __str__(self) -> str:
        return self.person.name

    @property
    def audit_unit_id(self) -> int:
        return self.election.body.unit_id


class Cosigner(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="cosigners")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["nomination", "person"], name="cosigner_once")]

    def __str__(self) -> str:
        return self.person.name


class ConditionCheck(models.Model):
    """One published condition checked for one nomination, by whom and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="checks")
    condition = models.CharField(max_length=32)
    passed = models.BooleanField()
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "condition"], name="one_check_per_condition")]

    def __str__(self) -> str:
        return f"{self.nomination} {self.condition}"


class Objection(models.Model):
    """An objection raised during a public notice (or against the voter register), and its answer."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="objections")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    raised_by = models.CharField(_("提出人"), max_length=100)
    text = models.CharField(_("异议内容"), max_length=1000)
    raised_at = models.DateTimeField()
    answer = models.CharField(_("答复"), max_length=1000, blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def audit_unit_id(self) -> int:
        return self.stage.election.body.unit_id


class Proxy(models.Model):
    """A written proxy in a village election: ``voter`` lets ``holder`` vote (DOMAIN.md §5.2)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="proxies")
    voter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["election", "voter"], name="one_proxy_per_voter")]

    def __str__(self) -> str:
        return f"{self.voter} → {self.holder}"


def report_path(instance: ResearchReport, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"elections/{instance.nomination.election_id}/report-{instance.nomination_id}.{ext}"


class ResearchReport(models.Model):
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="report")
    file = models.FileField(upload_to=report_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.original_name
