"""Meetings of a body, their frozen roster, polls, and secret ballots (DOMAIN.md §5.1, §6).

Secrecy by design — who voted and what was voted live in tables with no link between them:
- ``BallotIssue`` records that an attendee received a ballot for a poll (paper or a phone
  code). ``unique(poll, attendee)`` is one person, one ballot, held by the database.
- A phone voting code is random (80 bits) and is never stored. Codes are made in batches of
  unnamed slips (``web.meetings.batches``), so no row says which code went to whom; only
  ``VotingCode.valid_hash = SHA-256("valid" ‖ poll ‖ code)`` is stored; at cast time the ballot
  stores ``spent_hash = SHA-256("spent" ‖ poll ‖ code)`` under a unique constraint, so a code
  works once (also under concurrent submissions). Without the code nobody — not the operator
  with full database access — can tell which valid hash became which spent hash.
- ``Ballot`` has a random UUID key, no timestamp, no user, no attendee; its receipt code is
  random. Nothing is logged per ballot (the audit log records opening, closing and counting).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.org.models import Body, Person


class Meeting(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("机构"))
    title = models.CharField(_("会议名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("召开时间"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    #: the rule the engine reads (``jiceng.rules``), never shown as written: pages show its
    #: sentence; a new meeting takes its body's statutory rule (``jiceng.presets``)
    quorum_rule = models.CharField(_("法定人数规则"), max_length=200, default="present >= 4/5 of expected")
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: a joint meeting of two bodies (the party members and the villager representatives, DOMAIN.md
    #: §4.5): the second body's roster joins, each attendee in a group its quorum rule names
    joint_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="joint_meetings", verbose_name=_("联席机构")
    )
    #: the speech timer's default lengths in minutes (web/meetings/timer.py)
    speech_minutes = models.PositiveSmallIntegerField(
        _("发言时长（分钟）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    question_minutes = models.PositiveSmallIntegerField(
        _("提问时长（分钟）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(speech_minutes__range=(1, 60), question_minutes__range=(1, 60)),
                name="timer_defaults_1_to_60_minutes",
            )
        ]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"meeting_id": self.pk})

    @property
    def quorum(self) -> str | dict[str, object]:
        """The quorum as the engine reads it: a rule text, or (a joint meeting's several
        quorums) ``{"all": [...]}`` stored as JSON text."""
        import json

        text = self.quorum_rule.strip()
        return json.loads(text) if text.startswith("{") else text

    @property
    def audit_unit_id(self) -> int:
        return self.body.unit_id


class Attendee(models.Model):
    """A person on the meeting's roster, frozen when the meeting opens."""

    class Kind(models.TextChoices):
        VOTER = "voter", _("有表决权")
        OBSERVER = "observer", _("列席")

    class Method(models.TextChoices):
        CARD = "card", _("扫描党员卡")
        SEARCH = "search", _("名册查找")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    kind = models.CharField(_("身份"), max_length=10, choices=Kind.choices, default=Kind.VOTER)
    #: excluded from "expected" (DOMAIN.md §5.1: long illness, abroad, in prison…), with the
    #: upper-level consent and the members' meeting vote that allowed it
    excluded = models.BooleanField(_("不计入应到"), default=False)
    exclusion_reason = models.CharField(_("不计入应到的原因"), max_length=200, blank=True)
    exclusion_approval = models.CharField(_("批准情况"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    check_in_method = models.CharField(_("签到方式"), max_length=10, choices=Method.choices, blank=True)
    #: in a joint meeting, the group this person is counted in (``members``, ``reps``); a person
    #: on both rosters sits once, in the first body's group
    group = models.CharField(_("组别"), max_length=16, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_roster_line_per_person")]
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"

    @property
    def is_expected(self) -> bool:
        return self.kind == self.Kind.VOTER and not self.excluded


class Poll(models.Model):
    class Kind(models.TextChoices):
        ELECTION = "election", _("选举")
        MOTION = "motion", _("表决事项")
        #: many subjects rated on one grade scale (``web.meetings.appraisal``): the subjects are
        #: the poll's ``Candidate`` rows, the scale and flags are in ``rules``
        APPRAISAL = "appraisal", _("测评")
        #: one class of recommenders' forms in a democratic recommendation
        #: (``web.meetings.recommendation``): the names are the poll's ``Candidate`` rows
        RECOMMENDATION = "recommendation", _("民主推荐")

    class State(models.TextChoices):
        DRAFT = "draft", _("未开始")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已计票")

    class Approval(models.TextChoices):
        NOT_NEEDED = "not_needed", _("无需报批")
        PENDING = "pending", _("待上级批准")
        APPROVED = "approved", _("上级已批准")
        REJECTED = "rejected", _("上级未批准")

    class Round(models.TextChoices):
        FIRST = "first", _("第一轮")
        RUNOFF = "runoff", _("再次投票（票数相等）")
        SUPPLEMENTARY = "supplementary", _("另行选举")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="polls")
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="followups")
    round = models.CharField(_("轮次"), max_length=16, choices=Round.choices, default=Round.FIRST)
    #: secretaries and deputies need the upper level's approval (DOMAIN.md §5.1 result states)
    needs_approval = models.BooleanField(_("需上级批准"), default=False)
    approval = models.CharField(_("批准"), max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED)
    approval_note = models.CharField(_("批准说明"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    #: the speaking order of the candidates, drawn by lot with a seed the meeting sees
    #: (the engine's SHA-256 draw: anyone can repeat it with ``jiceng draw``)
    speaking_draw = models.JSONField(_("发言顺序抽签"), null=True, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=1)
    rules = models.JSONField(_("计票规则"), default=dict)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: the open record (no voter identities) and the engine's result, fixed at closing
    record = models.JSONField(null=True, blank=True)
    #: the two tellers' entries of the paper ballots agreed and were added to the ballots
    #: polls among which a person receives one ballot in all (the classes of one democratic
    #: recommendation: each recommender fills the form of one class): held by the database
    #: through ``BallotIssue.group``; blank for a poll on its own
    issue_group = models.CharField(max_length=40, blank=True, default="")
    paper_accepted = models.BooleanField(default=False)
    #: the totals of the paper ballots counted by hand, as the two tellers' agreeing entries gave
    #: them (the engine's ``hand_count``); empty when the paper ballots were entered one by one
    paper_totals = models.JSONField(null=True, blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("投票")
        verbose_name_plural = _("投票")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:poll", kwargs={"poll_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.meeting.body.unit_id


class Candidate(models.Model):
    """A candidate (election) on the ballot, in the order the rules set (stroke order); in an
    appraisal, a subject rated on the form (a person, a leadership group, a department, a work
    report), in the order given or in stroke order."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    key = models.CharField(max_length=16)
    name = models.CharField(_("姓名"), max_length=100)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "key"], name="candidate_key_unique_in_poll")]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")

    def __str__(self) -> str:
        return self.name


class BallotIssue(models.Model):
    """That an attendee received a ballot for a poll. Says nothing about the ballot."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("手机")
        PAPER = "paper", _("纸质")

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="issues")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="ballot_issues")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    #: the poll's ``issue_group``, copied so that the database refuses a second ballot in it
    group = models.CharField(max_length=40, blank=True, default="")
    #: the proxy holder who collected this ballot for ``attendee`` (a written proxy, DOMAIN.md
    #: §5.2); empty when the attendee collected it in person
    proxy_holder = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="proxy_ballots_collected"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "attendee"], name="one_ballot_per_person_per_poll"),
            models.UniqueConstraint(
                fields=["group", "attendee"], condition=~Q(group=""), name="one_ballot_per_person_per_group"
            ),
        ]
        verbose_name = _("发票记录")
        verbose_name_plural = _("发票记录")

    def __str__(self) -> str:
        return f"{self.attendee} · {self.poll}"


class PollElector(models.Model):
    """A person who may receive a form of this poll, when the poll names its electors (a class of
    recommenders: ``web.recommendations``). A poll without any receives the whole roster's. Who
    may receive a form is not who filled one: nothing here is about the ballots."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="electors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_elector_line_per_person")]
        verbose_name = _("领票名单")
        verbose_name_plural = _("领票名单")

    def __str__(self) -> str:
        return f"{self.person} · {self.poll}"


class MeetingProxy(models.Model):
    """A written proxy carried into the meeting: ``holder`` may collect ``grantor``'s ballot
    for each poll the grantor does not vote in person (village elections, DOMAIN.md §5.2).
    Set before the meeting opens by whoever created it (the elections app's election stage);
    the meeting knows nothing about elections, only these pairs of its own roster lines."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    grantor = models.OneToOneField(Attendee, on_delete=models.CASCADE, related_name="proxy_given")
    holder = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="proxies_held")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(grantor=models.F("holder")), name="proxy_not_to_self"),
        ]
        verbose_name = _("委托投票")
        verbose_name_plural = _("委托投票")

    def __str__(self) -> str:
        return f"{self.grantor.person} → {self.holder.person}"


class VotingCode(models.Model):
    """A valid phone voting code of a poll, stored only as a hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="codes")
    valid_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "valid_hash"], name="voting_code_unique")]
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")

    def __str__(self) -> str:
        return self.valid_hash[:8]


class Ballot(models.Model):
    """One cast ballot: marks only. No voter, no time, no order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    #: hash of the spent phone code; NULL for paper ballots entered by tellers (NULLs do not
    #: collide under the unique constraint, empty strings would)
    spent_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULLs never collide
    receipt = models.CharField(max_length=16, unique=True)
    content = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "spent_hash"], name="voting_code_spent_once")]
        verbose_name = _("选票")
        verbose_name_plural = _("选票")

    def __str__(self) -> str:
        return self.receipt


class PendingBallot(models.Model):
    """A phone ballot received but not yet sealed among the poll's ``Ballot`` rows (PostgreSQL
    only; ``web.meetings.sealing``). An UNLOGGED table: nothing in it reaches the write-ahead
    log, so the moment a ballot arrived is not kept beside the moment its voter took a slip.
    Rows move to ``Ballot`` in shuffled batches; a database crash (not a restart) empties the
    table, which leaves those codes unspent (the voter may cast again)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: no constraint in the database: a deferred check would keep TRUNCATE from emptying the
    #: table inside a transaction that also added to it (the cast checks that the poll exists)
    poll = models.ForeignKey(Poll, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    spent_hash = models.CharField(max_length=64)
    receipt = models.CharField(max_length=16, unique=True)
    content = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "spent_hash"], name="pending_code_spent_once")]
        verbose_name = _("待封存选票")
        verbose_name_plural = _("待封存选票")

    def __str__(self) -> str:
        return self.receipt


class PaperEntry(models.Model):
    """One appointed teller's entry of the returned paper ballots of a poll. Two entries by two
    different tellers must agree — ballot by ballot, or total by total when the hall counted
    by hand — before the paper ballots are accepted. Both entries of a poll use one ``mode``.
    ``slot`` (1 or 2) under a unique constraint means two tellers entering at the same moment
    cannot both become the same entry."""

    class Mode(models.TextChoices):
        BALLOTS = "ballots", _("逐张录入")
        TOTALS = "totals", _("按合计录入")

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="paper_entries")
    slot = models.PositiveSmallIntegerField()
    #: the appointed teller whose entry this is (one entry per teller and poll: two entries are
    #: two persons); see ``web.meetings.tellers``
    teller = models.ForeignKey("Officer", on_delete=models.PROTECT, related_name="paper_entries")
    submitted = models.BooleanField(default=False)
    mode = models.CharField(_("录入方式"), max_length=8, choices=Mode.choices, default=Mode.BALLOTS)
    #: in ``totals`` mode, the totals this teller read off the hall's tally (the engine's ``hand_count``)
    totals = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["slot"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "slot"], name="two_paper_entries_per_poll"),
            models.UniqueConstraint(fields=["poll", "teller"], name="one_paper_entry_per_teller"),
            models.CheckConstraint(condition=models.Q(slot__in=[1, 2]), name="paper_entry_slot_1_or_2"),
        ]
        verbose_name = _("纸质选票录入")
        verbose_name_plural = _("纸质选票录入")

    def __str__(self) -> str:
        return f"{self.poll} #{self.slot} ({self.teller})"


class PaperBallot(models.Model):
    """A paper ballot as one teller read it: its number on the pile and what it says."""

    entry = models.ForeignKey(PaperEntry, on_delete=models.CASCADE, related_name="ballots")
    number = models.PositiveIntegerField()
    content = models.JSONField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="paper_ballot_number_unique")]
        verbose_name = _("纸质选票")
        verbose_name_plural = _("纸质选票")

    def __str__(self) -> str:
        return f"{self.entry} · {self.number}"


class Officer(models.Model):
    """A scrutineer or teller of the meeting, chosen from people who are not candidates."""

    class Role(models.TextChoices):
        SCRUTINEER = "scrutineer", _("监票人")
        TELLER = "teller", _("计票人")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职责"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_duty_per_person")]
        verbose_name = _("监票计票人员")
        verbose_name_plural = _("监票计票人员")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"


class SpeechTimer(models.Model):
    """The speech or question timer on the hall display: one per meeting, replaced by each start.

    Running: ``started_at`` is when it last started or resumed and ``remaining_ms`` what was left
    at that moment, so the deadline is their sum and every screen counts down to the same instant.
    Paused: ``started_at`` is empty and ``remaining_ms`` is what was left (negative over time)."""

    class Kind(models.TextChoices):
        SPEECH = "speech", _("发言")
        QUESTION = "question", _("提问")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="timer")
    label = models.CharField(_("发言人"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    duration = models.PositiveIntegerField(_("时长（秒）"))
    started_at = models.DateTimeField(null=True, blank=True)
    remaining_ms = models.BigIntegerField()

    class Meta:
        verbose_name = _("发言计时")
        verbose_name_plural = _("发言计时")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"

    @property
    def is_running(self) -> bool:
        return self.started_at is not None

    def remaining_ms_at(self, now: datetime) -> int:
        """Milliseconds left at ``now``; negative once over time."""
        if self.started_at is None:
            return self.remaining_ms
        return self.remaining_ms - (now - self.started_at) // timedelta(milliseconds=1)
