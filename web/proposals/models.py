"""Representatives' proposals (党代表提案, DOMAIN.md §4.4, seed 003).

- ``Season``: a research season (每年 9、10 月的专题调研) of a party congress: its themes, the
  filing deadline, how many representatives must second a proposal, and the days the units
  have to answer and the proposer has to rate the answer. Set by the liaison staff.
- ``Delegation``: a congress's delegation (代表团), the representatives of one street.
- ``Proposal``: one proposal, filed by a representative (a ``BodySeat`` of the congress). It is
  its own step of ``web.procedures.machine`` (``web.proposals.flow``): its state moves only
  there, and its history is ``ProposalEvent``.
- ``Signature``: a co-signer (附议代表): invited by the proposer, joined from the near-duplicate
  suggestion, or brought by a merge; counts once confirmed.
- ``Discussion``: a delegation's discussion, recorded (who, when, a summary).
- ``Assist``: the assisting units (协办单位) beside the main unit (主办单位).
- ``Answer``: an answer (text, a document), one per round (a 不满意 opens the second), and the
  proposer's rating of it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.cases.models import Office
from web.meetings.models import Meeting, Poll
from web.org.models import Body, BodySeat, Unit
from web.procedures.models import Event


class Season(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposal_seasons", verbose_name=_("党代会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    #: 调研开始 and the filing deadline (the last day proposals may be sent for review)
    opens_on = models.DateField(_("调研开始日期"))
    files_by = models.DateField(_("提案截止日期"))
    #: how many other representatives must second a proposal before it goes to review
    min_supporters = models.PositiveSmallIntegerField(_("最少附议人数"), default=2)
    #: working days the main unit has to answer, from the assignment (and from a reopening)
    answer_within = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=40)
    #: working days the proposer has to rate an answer
    rate_within = models.PositiveSmallIntegerField(_("评价时限（工作日）"), default=10)
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_proposal_season_a_year")]
        verbose_name = _("提案调研季")
        verbose_name_plural = _("提案调研季")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit_path = self.body.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("proposals:season", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.body.unit_id


class Theme(models.Model):
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("调研主题"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["season", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["season", "name"], name="one_theme_name_a_season")]

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """A delegation of the congress: the representatives of one street (代表团)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("党代会"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("街道"))
    name = models.CharField(_("代表团"), max_length=60)
    seats = models.ManyToManyField(BodySeat, related_name="delegations", blank=True)

    class Meta:
        ordering = ["body", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["body", "unit"], name="one_delegation_a_street")]
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Proposal(models.Model):
    class State(models.TextChoices):
        SIGNING = "signing", _("征集附议")
        SUBMITTED = "submitted", _("待立案审查")
        ACCEPTED = "accepted", _("已立案，待表决")
        NOT_ACCEPTED = "declined", _("不予立案")
        MERGED = "merged", _("已合并")
        VOTING = "voting", _("大会表决中")
        ADOPTED = "adopted", _("大会通过，待交办")
        VOTED_DOWN = "voted_down", _("大会未通过")
        ASSIGNED = "assigned", _("办理中")
        ANSWERED = "answered", _("已答复，待评价")
        CLOSED = "closed", _("已办结")

    #: on the public board: everything sent for review (a draft collecting seconds is not public)
    PUBLIC = frozenset(set(State.values) - {State.SIGNING})
    #: the states in which a unit holds it and its answer clock runs
    HANDLING = frozenset({State.ASSIGNED})

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("调研季"))
    number = models.PositiveIntegerField(_("编号"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("主题"))
    title = models.CharField(_("案由"), max_length=100)
    situation = models.TextField(_("情况和问题"), max_length=4000)
    request = models.TextField(_("建议"), max_length=4000)
    proposer = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("提案人"))
    #: the proposer's delegation, when they sit on one (its street is where the proposal lives)
    delegation = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("代表团")
    )
    #: where it lives for the liaison staff: the delegation's street, else the congress's unit
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    filed_at = models.DateTimeField(_("提出时间"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.SIGNING)
    #: why it was accepted or not (shown publicly)
    review_reason = models.CharField(_("立案审查意见"), max_length=300, blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("并入")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name=_("主办单位")
    )
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    answer_by = models.DateField(_("答复时限"), null=True, blank=True)
    #: 0 before any 不满意; 1 once reopened for the second answer (never more)
    reopened = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-season__year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "number"], name="one_proposal_number_a_season"),
            models.CheckConstraint(
                condition=~models.Q(state="merged") | models.Q(merged_into__isnull=False),
                name="merged_names_its_proposal",
            ),
            models.CheckConstraint(condition=models.Q(reopened__lte=1), name="proposal_reopens_once"),
        ]
        indexes = [
            models.Index(fields=["season", "state", "number"], name="proposal_season_state"),
            models.Index(fields=["state", "answer_by"], name="proposal_answer_due"),
        ]
        verbose_name = _("提案")
        verbose_name_plural = _("提案")

    def __str__(self) -> str:
        return _("提案第 %(n)s 号") % {"n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.season.body.unit_id


class ProposalEvent(Event):
    """A proposal's history, in order."""

    class Kind(models.TextChoices):
        FILED = "filed", _("提出")
        EDITED = "edited", _("修改")
        SIGNED = "signed", _("附议")
        DECLINED = "declined", _("谢绝附议")
        SUBMITTED = "submitted", _("提交立案审查")
        ACCEPTED = "accepted", _("立案")
        NOT_ACCEPTED = "rejected", _("不予立案")
        MERGED = "merged", _("合并")
        DISCUSSED = "discussed", _("代表团讨论")
        VOTING = "voting", _("提交大会表决")
        ADOPTED = "adopted", _("大会通过")
        VOTED_DOWN = "voted_down", _("大会未通过")
        REVOTE = "revote", _("表决未成，重新提交表决")
        ASSIGNED = "assigned", _("交办")
        ANSWERED = "answered", _("答复")
        RATED = "rated", _("评价")
        REOPENED = "reopened", _("不满意，重新办理")
        REMINDED = "reminded", _("催办")
        OVERDUE = "overdue", _("逾期")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")  # type: ignore[assignment]

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["proposal", "kind"], name="proposal_event_kind")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind}"


class Signature(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", _("待确认")
        CONFIRMED = "confirmed", _("已附议")
        DECLINED = "declined", _("已谢绝")

    class Via(models.TextChoices):
        INVITED = "invited", _("提案人邀请")
        JOINED = "joined", _("主动附议")
        MERGED = "merged", _("合并带入")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="signatures")
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="proposal_signatures")
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.INVITED)
    at = models.DateTimeField()

    class Meta:
        ordering = ["proposal", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "seat"], name="one_signature_a_seat")]
        indexes = [models.Index(fields=["seat", "state"], name="signature_seat_state")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.seat_id} {self.state}"


class Discussion(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="discussions")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="discussions")
    held_on = models.DateField(_("讨论日期"))
    summary = models.TextField(_("讨论情况"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["proposal", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.delegation}"


class Assist(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assists")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="assisted_proposals")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "office"], name="one_proposal_assist_an_office")]

    def __str__(self) -> str:
        return f"{self.proposal_id} + {self.office}"


def answer_path(instance: Answer, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"proposals/{instance.proposal_id}/answer-{instance.round}.{ext}"


class Answer(models.Model):
    """The main unit's answer of one round (1, and 2 after a 不满意), and its rating."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField()
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("答复内容"), max_length=4000)
    document = models.FileField(upload_to=answer_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: the last day the proposer may rate it
    rate_by = models.DateField()
    rating = models.CharField(_("评价"), max_length=12, choices=Proposal.Rating.choices, blank=True)
    rating_note = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="one_answer_a_round"),
            models.CheckConstraint(condition=models.Q(round__gte=1, round__lte=2), name="answer_round_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.round}"
