"""A village's or community's year of public commitments (DOMAIN.md §4.5, §4.7; seed 001 part 3).

At the start of the year opinions are collected per village group and sorted; the joint
meeting adopts the year's commitments (item, owner, deadline, budget, category); owners post
progress every quarter; at year end the same meeting reviews them and a satisfaction survey of
the committees and each cadre is counted by the engine (``kind: survey``).

A commitment's state (on track / overdue / done / dropped) is derived from its dates, never
stored, so it cannot go stale: overdue means the deadline has passed and it is not done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting
from web.org.models import Person, Unit


class CommitmentYear(models.Model):
    class State(models.TextChoices):
        COLLECTING = "collecting", _("征集意见")
        ADOPTED = "adopted", _("承诺已通过，推进中")
        REVIEWED = "reviewed", _("年终已评议")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="commitment_years", verbose_name=_("单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.COLLECTING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    adopted_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("通过承诺的会议")
    )
    reviewed_at = models.DateTimeField(_("评议时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("年终评议会议")
    )
    review_note = models.CharField(_("评议情况"), max_length=2000, blank=True)

    class Meta:
        ordering = ["unit__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_commitment_year_per_unit")]
        verbose_name = _("年度承诺")
        verbose_name_plural = _("年度承诺")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:year", kwargs={"year_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Opinion(models.Model):
    """An opinion collected from a village group at the start of the year, sorted into a category."""

    class Category(models.TextChoices):
        HOT_ISSUE = "hot_issue", _("焦点难点问题")
        COMMITTEES = "committees", _("对“两委”班子的意见")
        MEMBER = "member", _("对班子成员的意见")

    year = models.ForeignKey(CommitmentYear, on_delete=models.CASCADE, related_name="opinions")
    group_name = models.CharField(_("村民小组"), max_length=100, blank=True)
    grid = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("网格")
    )
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    member = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("班子成员")
    )
    text = models.CharField(_("意见内容"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="member") | models.Q(member__isnull=False),
                name="opinion_on_a_member_names_the_member",
            ),
        ]
        verbose_name = _("意见")
        verbose_name_plural = _("意见")

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def audit_unit_id(self) -> int:
        return self.year.unit_id

    @property
    def group_label(self) -> str:
        return self.grid.name if self.grid is not None else self.group_name


class Commitment(models.Model):
    class Category(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", _("基础设施")
        WELFARE = "welfare", _("公益事业")
        ECONOMY = "economy", _("集体经济")
        LIVELIHOOD = "livelihood", _("民生服务")
        GOVERNANCE = "governance", _("党建和治理")
        OTHER = "other", _("其他")

    class State(models.TextChoices):
        ON_TRACK = "on_track", _("推进中")
        OVERDUE = "overdue", _("已逾期")
        DONE = "done", _("已完成")
        DROPPED = "dropped", _("已撤销")

    year = models.ForeignKey(CommitmentYear, on_delete=models.CASCADE, related_name="commitments")
    item = models.CharField(_("承诺事项"), max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("责任人"))
    deadline = models.DateField(_("完成时限"))
    budget = models.DecimalField(_("计划投入（元）"), max_digits=14, decimal_places=2)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    #: the day a progress report of 100% was posted
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    drop_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="commitment_budget_not_negative"),
        ]
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")

    def __str__(self) -> str:
        return self.item

    def get_absolute_url(self) -> str:
        return reverse("commitments:item", kwargs={"commitment_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.year.unit_id

    def state_on(self, today: dt.date) -> str:
        if self.dropped_at is not None:
            return self.State.DROPPED
        if self.done_on is not None:
            return self.State.DONE
        if self.deadline < today:
            return self.State.OVERDUE
        return self.State.ON_TRACK

    def state_label(self, today: dt.date) -> Any:
        return self.State(self.state_on(today)).label

    @property
    def done_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.deadline


class Progress(models.Model):
    """A progress report of one commitment, by the owner or the unit's staff.

    Each quarter has one quarterly report; the report of completion (100%) may come at any
    time, also after its quarter's report, so that an item finished late can still be marked
    done (both held by the database: one report under 100% per quarter, one of 100% per item).
    ``late`` says the report came after the item's deadline (stored as it was when posted)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    quarter = models.PositiveSmallIntegerField(_("季度"))
    text = models.CharField(_("进展情况"), max_length=2000)
    percent = models.PositiveSmallIntegerField(_("完成比例（%）"))
    #: posted after the commitment's deadline had passed (逾期报送)
    late = models.BooleanField(_("逾期报送"), default=False)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["quarter", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "quarter"], condition=models.Q(percent__lt=100), name="one_progress_per_quarter"
            ),
            models.UniqueConstraint(
                fields=["commitment"], condition=models.Q(percent=100), name="one_completion_per_commitment"
            ),
            models.CheckConstraint(condition=models.Q(quarter__range=(1, 4)), name="progress_quarter_1_to_4"),
            models.CheckConstraint(condition=models.Q(percent__range=(0, 100)), name="progress_percent_0_to_100"),
        ]
        verbose_name = _("季度进展")
        verbose_name_plural = _("季度进展")

    def __str__(self) -> str:
        return f"{self.commitment} Q{self.quarter}"

    @property
    def audit_unit_id(self) -> int:
        return self.commitment.year.unit_id


class Survey(models.Model):
    """The year-end satisfaction survey: counts entered by staff, counted by the engine.

    ``subjects`` says who each subject of the record is (``{"id", "person_id", "post"}``);
    ``record`` is the open record (``kind: survey``) and ``result`` the engine's result."""

    class Post(models.TextChoices):
        COMMITTEES = "committees", _("“两委”班子")
        SECRETARY = "secretary", _("党组织书记")
        DIRECTOR = "director", _("村（居）委会主任")
        MEMBER = "member", _("“两委”成员")

    year = models.OneToOneField(CommitmentYear, on_delete=models.CASCADE, related_name="survey")
    subjects = models.JSONField(default=list)
    record = models.JSONField()
    record_sha256 = models.CharField(max_length=64)
    result = models.JSONField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def audit_unit_id(self) -> int:
        return self.year.unit_id

    @property
    def committees_below_60(self) -> bool:
        """The engine raised seed 001's flag on the committees: the secretary and the director are
        barred from next year's awards (a flag for the organisation, never an automatic sanction)."""
        # the committees' subject: "committees" when entered as counts, the poll's key when the
        # survey was held as an appraisal session (web.appraisals.commitments)
        key = next((s["id"] for s in self.subjects if s.get("post") == self.Post.COMMITTEES), "committees")
        return {"subject": key, "flag": "satisfaction_below_60"} in self.result.get("flagged", [])


class Reminder(models.Model):
    """A reminder recorded by ``manage.py commitment_reminders``; unique per item, reason and period,
    so running the job twice sends nothing twice.

    It is resolved (never deleted) when its cause is done: the quarter's progress posted, the
    item completed or dropped, the year reviewed; its notices are resolved with it."""

    class Reason(models.TextChoices):
        PROGRESS_DUE = "progress_due", _("季度进展待报送")
        OVERDUE = "overdue", _("已过完成时限")

    class Resolution(models.TextChoices):
        PROGRESS = "progress", _("已报送进展")
        DONE = "done", _("事项已完成")
        DROPPED = "dropped", _("事项已撤销")
        REVIEWED = "reviewed", _("年度已评议")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    reason = models.CharField(_("原因"), max_length=16, choices=Reason.choices)
    #: ``2026-Q1`` for a quarter's progress; ``2026-04`` (the month) for an overdue item
    period = models.CharField(_("期间"), max_length=10)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.CharField(_("处理结果"), max_length=10, choices=Resolution.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "reason", "period"], name="one_reminder_per_period"),
        ]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")

    def __str__(self) -> str:
        return f"{self.commitment} {self.reason} {self.period}"

    @property
    def notice_key(self) -> str:
        """The occasion its notices are keyed by (``web.notify.outbox.notify``)."""
        return f"commitments.reminder.{self.pk}"
