"""The representatives' duty points (履职积分, seed 003): a versioned points standard, an
append-only ledger where every entry names its evidence, the representatives' claims and
self-created projects that staff decide, quarterly publications with their open record, and
objections to a published quarter's entries.

``Standard`` and ``Project``: one published version of the congress's 《党代表履职记分标准》 and its
projects. A version is never changed: a new one is published beside it and entries keep the one
they were made under.

``Entry``: one line of the ledger. Never updated or deleted (no path in the code, and a trigger in
the database refuses it: migration 0002); a correction is a new entry reversing it.

``Claim``, ``SelfProject`` and ``Objection`` are small workflows on ``web.procedures``: pending,
then decided by liaison staff with a reason.

``Publication``: a quarter's (or the year's) points, published as an open record with the
engine's result and the record's SHA-256; a correction after it is a new revision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from web.cases.models import Case
from web.meetings.models import Attendee
from web.org.models import Body, BodySeat
from web.procedures.models import Event
from web.studios.models import Duty


class Difficulty(models.TextChoices):
    GENERAL = "general", _("一般")
    HARDER = "harder", _("较难")
    HARD = "hard", _("难")


class Evidence(models.TextChoices):
    CASE = "case", _("解决诉求")
    ATTENDANCE = "attendance", _("参会签到")
    RECEPTION = "reception", pgettext_lazy("evidence", "接待签到")
    TALK = "talk", _("宣讲")
    VOLUNTEER = "volunteer", _("志愿活动")
    STAFF = "staff", _("工作人员确认")
    REVERSAL = "reversal", _("更正冲销")


class Standard(models.Model):
    """One published version of a congress's points standard; immutable once written."""

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="points_standards")
    version = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("名称"), max_length=100)
    #: what changed from the version before (the first: 首版)
    changes = models.TextField(_("修订说明"), max_length=2000)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["congress", "-version"]
        constraints = [models.UniqueConstraint(fields=["congress", "version"], name="one_points_standard_version")]
        verbose_name = _("履职记分标准")
        verbose_name_plural = _("履职记分标准")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def audit_unit_id(self) -> int:
        return self.congress.unit_id


class Project(models.Model):
    """A duty project of a standard's version: its type, its points per difficulty (none where a
    difficulty is not offered), its caps per quarter and per year, and the evidence it takes."""

    class Type(models.TextChoices):
        REQUIRED = "required", _("必选项目")
        OPTIONAL = "optional", _("自选项目")
        SELF = "self", _("自创项目")

    class Item(models.TextChoices):
        """The required "三个一": one talk, one volunteer activity, one request solved."""

        TALK = "talk", _("作一次宣讲")
        VOLUNTEER = "volunteer", _("开展一次志愿活动")
        REQUEST = "request", _("解决一个诉求")

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="projects")
    #: the project's identity across versions (caps count by it)
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("项目名称"), max_length=100)
    type = models.CharField(_("项目类型"), max_length=10, choices=Type.choices)
    item = models.CharField(_("三个一"), max_length=10, choices=Item.choices, blank=True)
    points_general = models.PositiveSmallIntegerField(_("一般"), null=True, blank=True)
    points_harder = models.PositiveSmallIntegerField(_("较难"), null=True, blank=True)
    points_hard = models.PositiveSmallIntegerField(_("难"), null=True, blank=True)
    cap_quarter = models.PositiveSmallIntegerField(_("每季度上限"), null=True, blank=True)
    cap_year = models.PositiveSmallIntegerField(_("每年上限"), null=True, blank=True)
    #: the kinds of evidence (``Evidence`` values) an entry of this project may rest on
    evidence = models.JSONField(_("凭据"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["standard", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="one_project_code_per_standard")]
        verbose_name = _("履职项目")
        verbose_name_plural = _("履职项目")

    def __str__(self) -> str:
        return self.name

    def points_for(self, difficulty: str) -> int | None:
        return {
            Difficulty.GENERAL: self.points_general,
            Difficulty.HARDER: self.points_harder,
            Difficulty.HARD: self.points_hard,
        }.get(difficulty)  # type: ignore[call-overload]

    def difficulties(self) -> list[tuple[str, str, int]]:
        """(value, name, points) of each difficulty offered."""
        return [(d.value, str(d.label), p) for d in Difficulty if (p := self.points_for(d)) is not None]


class Decision(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class SelfProject(models.Model):
    """A representative's own project (自创项目), approved or refused by liaison staff with a
    reason; its entries count under the standard's self-created project and its caps."""

    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="self_projects")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="self_projects")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("项目内容"), max_length=1000)
    difficulty = models.CharField(_("难度"), max_length=8, choices=Difficulty.choices)
    state = models.CharField(_("状态"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    proposed_at = models.DateTimeField(_("提出时间"))
    finished_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("审核意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        # what waits for liaison staff (their home page): the few pending rows, not every seat
        indexes = [models.Index(fields=["state", "proposed_at"], name="points_selfproject_waiting")]
        verbose_name = _("自创项目")
        verbose_name_plural = _("自创项目")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_unit_id(self) -> int:
        return self.seat.person.unit_id


class SelfProjectEvent(Event):
    class Kind(models.TextChoices):
        APPROVED = "approved", _("同意")
        REFUSED = "refused", _("不同意")

    step = models.ForeignKey(SelfProject, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)


class EvidenceFields(models.Model):
    """What an entry or a claim rests on; which fields must be filled depends on ``evidence``."""

    evidence = models.CharField(_("凭据"), max_length=12, choices=Evidence.choices)
    #: the day it happened: a request's closing, a check-in, a talk, an activity
    happened_on = models.DateField(_("日期"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: a studio reception's check-in (``web.studios``)
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    place = models.CharField(_("地点"), max_length=100, blank=True)
    #: a talk's audience
    attendance = models.PositiveIntegerField(_("听众人数"), null=True, blank=True)
    #: a volunteer activity or a talk's subject
    what = models.CharField(_("内容"), max_length=200, blank=True)
    #: staff confirmation's or a correction's reason
    reason = models.CharField(_("理由"), max_length=300, blank=True)

    class Meta:
        abstract = True


def _evidence_complete(prefix: str) -> list[models.BaseConstraint]:
    """Each kind of evidence has its fields: the database refuses an entry without them."""
    E = Evidence
    rules = Q(evidence=E.CASE, case__isnull=False)
    rules |= Q(evidence=E.ATTENDANCE, attendee__isnull=False)
    rules |= Q(evidence=E.RECEPTION, duty__isnull=False)
    rules |= Q(evidence=E.TALK, attendance__gte=1) & ~Q(place="")
    rules |= Q(evidence=E.VOLUNTEER) & ~Q(place="") & ~Q(what="")
    rules |= Q(evidence=E.STAFF) & ~Q(reason="")
    if prefix == "entry":
        rules |= Q(evidence=E.REVERSAL, reverses__isnull=False) & ~Q(reason="")
    return [models.CheckConstraint(condition=rules, name=f"points_{prefix}_evidence_complete")]


class Claim(EvidenceFields):
    """A representative's talk or volunteer activity, waiting for liaison staff to confirm it
    (an entry is then written) or refuse it with a reason."""

    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="points_claims")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="claims")
    self_project = models.ForeignKey(SelfProject, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    difficulty = models.CharField(_("难度"), max_length=8, choices=Difficulty.choices)
    state = models.CharField(_("状态"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    claimed_at = models.DateTimeField(_("申报时间"))
    finished_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(_("审核意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = _evidence_complete("claim")
        indexes = [models.Index(fields=["state", "claimed_at"], name="points_claim_waiting")]
        verbose_name = _("积分申报")
        verbose_name_plural = _("积分申报")

    def __str__(self) -> str:
        return f"{self.seat.person.name} {self.project.name}"

    @property
    def audit_unit_id(self) -> int:
        return self.seat.person.unit_id


class ClaimEvent(Event):
    class Kind(models.TextChoices):
        APPROVED = "confirmed", _("确认")
        REFUSED = "refused", _("不予确认")

    step = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)


class Entry(EvidenceFields):
    """One line of the ledger: the representative's seat, the project of the standard's version
    in force, the points its difficulty gives (negative for a reversal), the quarter, and the
    evidence. Append-only: never updated, never deleted."""

    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="points_entries")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="entries")
    self_project = models.ForeignKey(
        SelfProject, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    difficulty = models.CharField(_("难度"), max_length=8, choices=Difficulty.choices)
    points = models.SmallIntegerField(_("积分"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="entry")
    #: the entry this one reverses (a correction); an entry is reversed at most once
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    #: the objection whose upholding wrote it
    objection = models.ForeignKey(
        "Objection", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    recorded_at = models.DateTimeField(_("记入时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            *_evidence_complete("entry"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="points_entry_quarter_1_to_4"),
        ]
        indexes = [
            models.Index(fields=["seat", "year", "quarter"], name="points_entry_seat_quarter"),
            models.Index(fields=["year", "quarter"], name="points_entry_quarter"),
        ]
        verbose_name = _("积分台账")
        verbose_name_plural = _("积分台账")

    def __str__(self) -> str:
        return f"{self.seat.person.name} {self.project.name} {self.points:+d}"

    @property
    def audit_unit_id(self) -> int:
        return self.seat.person.unit_id


class Publication(models.Model):
    """A quarter's points (``quarter`` 1–4) or the year's total (``quarter`` 0) of a congress's
    representatives, as published: the open record, the engine's result, the record's digest.
    A correction after publishing is published as the next ``revision``; none is changed."""

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="points_publications")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    revision = models.PositiveSmallIntegerField(_("版次"), default=1)
    #: the standard's version in force when it was published
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="publications")
    record = models.JSONField()
    result = models.JSONField()
    record_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["congress", "-year", "-quarter", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "quarter", "revision"], name="one_points_revision"),
            models.CheckConstraint(condition=Q(quarter__gte=0, quarter__lte=4), name="points_publication_quarter"),
        ]
        verbose_name = _("积分公布")
        verbose_name_plural = _("积分公布")

    def __str__(self) -> str:
        return f"{self.congress} {self.year}Q{self.quarter} r{self.revision}"

    @property
    def audit_unit_id(self) -> int:
        return self.congress.unit_id

    @property
    def is_year(self) -> bool:
        return self.quarter == 0


class Objection(models.Model):
    """A representative's objection to an entry of a published quarter, answered by liaison
    staff: upheld (a reversing entry, and a replacement where the points were wrong) or
    dismissed with the reason. Shown with the publication."""

    class State(models.TextChoices):
        PENDING = "pending", _("待答复")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="objections")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    text = models.TextField(_("异议内容"), max_length=1000)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    filed_at = models.DateTimeField(_("提出时间"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(_("答复"), max_length=300, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["state", "filed_at"], name="points_objection_waiting")]
        verbose_name = _("积分异议")
        verbose_name_plural = _("积分异议")

    def __str__(self) -> str:
        return f"{self.entry} ({self.get_state_display()})"

    @property
    def audit_unit_id(self) -> int:
        return self.entry.seat.person.unit_id


class ObjectionEvent(Event):
    class Kind(models.TextChoices):
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    step = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
