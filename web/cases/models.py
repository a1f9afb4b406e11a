"""Residents' requests (诉求) from intake to evaluation (DOMAIN.md §4.4, §4.6, §7; seeds 001 and 003).

- ``Office``: who handles cases: a grid, a community or village, a street's office, or a
  department (街道科室, 区直部门). People sit at an office (``Desk``) as handlers or dispatchers.
- ``Catalogue`` and ``Entry``: the dispatch catalogue (派单目录) of a street or district, as data:
  per category the level and duty in charge, the deadlines, whether it may stay in the grid, and
  its Open311 ``service_code``. A catalogue is never changed in place: an edit publishes the next
  version, and a case keeps the entry (so the version) it was dispatched under.
- ``Case``: one request. It is its own step of ``web.procedures.machine`` (``web.cases.flow``):
  its state moves only there, and its history is ``CaseEvent``. The clock starts at the first
  dispatch and keeps running through returns, so a case bounced between offices is not
  unclocked; each office's sign-for window starts when the case reaches it.
- ``Visit``: a return visit (回访) with the five-level national scale; only a verified visit's
  satisfaction counts. ``Rating``: a representative's rating of an office's handling.
- ``EscalationRule``: when a case goes up a level (overdue, returned, redone, dissatisfied), as
  data a street or district keeps.

The requester's name and phone number are kept on the case for the reply and the visit; the
public board and Open311 never show them (``web.cases.public``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.org.models import Person, Unit
from web.procedures.models import Event


class Office(models.Model):
    class Level(models.IntegerChoices):
        GRID = 0, _("网格")
        COMMUNITY = 1, _("社区（村）")
        STREET = 2, _("街道（乡镇）")
        DISTRICT = 3, _("区级部门")

    #: the unit kinds whose own office sits at each level
    UNIT_LEVELS = {
        Unit.Kind.GRID: Level.GRID,
        Unit.Kind.COMMUNITY: Level.COMMUNITY,
        Unit.Kind.VILLAGE: Level.COMMUNITY,
        Unit.Kind.STREET: Level.STREET,
        Unit.Kind.TOWNSHIP: Level.STREET,
        Unit.Kind.DISTRICT: Level.DISTRICT,
    }

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("编码"), max_length=32, unique=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    #: where it sits: the grid, community or street itself; a department's street or district
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offices", verbose_name=_("所在单位"))
    #: a department's duty (the catalogue's ``duty``); empty for a unit's own office
    duty = models.CharField(_("职责"), max_length=32, blank=True)
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["-level", "unit__path", "duty"]
        constraints = [models.UniqueConstraint(fields=["unit", "duty"], name="one_office_per_duty")]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Desk(models.Model):
    """A person's seat at an office: a handler works its cases; a dispatcher also dispatches the
    cases located under the office's unit and decides on returns."""

    class Post(models.TextChoices):
        HANDLER = "handler", _("承办人")
        DISPATCHER = "dispatcher", _("派单员")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="desks", verbose_name=_("承办单位"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desks")
    post = models.CharField(_("岗位"), max_length=12, choices=Post.choices, default=Post.HANDLER)

    class Meta:
        ordering = ["office", "post"]
        constraints = [models.UniqueConstraint(fields=["office", "user"], name="one_desk_per_office")]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.user} @ {self.office}"

    @property
    def audit_unit_id(self) -> int:
        return self.office.unit_id


class Catalogue(models.Model):
    """One published version of a street's or district's dispatch catalogue."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="catalogues", verbose_name=_("单位"))
    version = models.PositiveIntegerField(_("版本"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("修订说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "version"], name="one_catalogue_version")]
        verbose_name = _("派单目录")
        verbose_name_plural = _("派单目录")

    def __str__(self) -> str:
        return f"{self.unit.name} v{self.version}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Entry(models.Model):
    """A category of the catalogue: who is in charge and in what time."""

    class Group(models.TextChoices):
        CONSULT = "consult", _("咨询")
        HELP = "help", _("求助")
        COMPLAINT = "complaint", _("投诉")
        REPORT = "report", _("举报")
        SUGGESTION = "suggestion", _("建议")

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="entries")
    service_code = models.SlugField(_("服务编码"), max_length=32)
    name = models.CharField(_("类别"), max_length=60)
    group = models.CharField(_("分类"), max_length=12, choices=Group.choices)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    #: the level in charge, and at that level the department's duty (empty: the unit's own office)
    level = models.PositiveSmallIntegerField(_("主管层级"), choices=Office.Level.choices)
    duty = models.CharField(_("主管部门职责"), max_length=32, blank=True)
    #: "small matters stay in the grid" (seed 001 part 2): the grid may settle it itself
    grid_ok = models.BooleanField(_("可在网格内解决"), default=False)
    #: urgent categories count their deadlines in hours; the others in working days
    urgent = models.BooleanField(_("紧急"), default=False)
    sign_within = models.PositiveSmallIntegerField(_("签收时限"))
    reply_within = models.PositiveSmallIntegerField(_("办理时限"))

    class Meta:
        ordering = ["catalogue", "group", "service_code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "service_code"], name="one_entry_per_code"),
            models.CheckConstraint(
                condition=models.Q(reply_within__gte=models.F("sign_within")), name="reply_after_sign"
            ),
        ]
        verbose_name = _("派单目录条目")
        verbose_name_plural = _("派单目录条目")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_unit_id(self) -> int:
        return self.catalogue.unit_id


class EscalationRule(models.Model):
    """Raise a case one level when its count of ``trigger`` reaches ``threshold`` (overdue: once
    its reply deadline has passed)."""

    class Trigger(models.TextChoices):
        OVERDUE = "overdue", _("逾期未办结")
        RETURNED = "returned", _("退单")
        REDONE = "redone", _("重办")
        DISSATISFIED = "dissatisfied", _("回访不满意")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="escalation_rules")
    trigger = models.CharField(_("触发条件"), max_length=12, choices=Trigger.choices)
    threshold = models.PositiveSmallIntegerField(_("次数"), default=1)

    class Meta:
        ordering = ["unit", "trigger"]
        constraints = [models.UniqueConstraint(fields=["unit", "trigger"], name="one_rule_per_trigger")]
        verbose_name = _("提级规则")
        verbose_name_plural = _("提级规则")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} × {self.threshold}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Case(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("已受理，待派单")
        DISPATCHED = "dispatched", _("已派单，待签收")
        RETURNED = "returned", _("已退单，待审核")
        SIGNED = "signed", _("办理中")
        REPLIED = "replied", _("已答复，待回访")
        VISITED = "visited", _("已回访，待办结")
        CLOSED = "closed", _("已办结")
        MERGED = "merged", _("已合并")

    #: the states in which the case is still being handled (Open311 ``open``)
    OPEN = frozenset({State.RECEIVED, State.DISPATCHED, State.RETURNED, State.SIGNED, State.REPLIED, State.VISITED})
    #: the states in which an office holds it and its handling clock runs
    HANDLING = frozenset({State.DISPATCHED, State.SIGNED})
    #: ``state IN OPEN`` as SQL with its values written out, for ``QuerySet.extra(where=…)``:
    #: SQLite uses a partial index (``case_open``, ``case_desk_tabs``) only for a query whose WHERE
    #: repeats the index's condition with the same constants, and a bound parameter (all the ORM
    #: writes) never matches one
    OPEN_SQL = '"cases_case"."state" IN (' + ", ".join(f"'{state}'" for state in sorted(OPEN)) + ")"

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上（未登录）")
        ACCOUNT = "account", _("网上（已登录）")
        REPRESENTATIVE = "representative", _("代表代录")
        GRID = "grid", _("网格员走访")
        PHONE = "phone", _("电话")
        CARD = "card", _("服务卡")
        PAPER = "paper", _("纸质登记表")
        OPEN311 = "open311", _("开放接口")

    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="cases", verbose_name=_("类别"))
    #: the service code, copied so lists and the API filter without a join
    service_code = models.SlugField(max_length=32, db_index=True)
    description = models.TextField(_("诉求内容"), max_length=4000)
    #: where: a community or village, a grid or a building
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("地点"))
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)

    # who raised it (never shown publicly)
    requester = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("诉求人")
    )
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="own_cases"
    )
    requester_name = models.CharField(_("诉求人姓名"), max_length=50, blank=True)
    requester_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    #: for a case entered on someone's behalf (代录): the requester agreed
    consent = models.BooleanField(_("本人同意代为登记"), default=False)
    #: the keyed hash of the tracking code given to the requester (the code itself is not kept)
    code_hash = models.CharField(max_length=64, unique=True)
    #: the public token Open311 answers a POST with (``tokens/{token}``)
    token = models.CharField(max_length=32, unique=True)

    # who took it
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the representative it stays linked to (taken by them, or referred to them)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_cases",
        verbose_name=_("联系代表"),
    )
    #: 首接负责: the office that first received it leads it, and dispatches it
    lead = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="led_cases", verbose_name=_("首接单位"))

    # where it is now
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.RECEIVED)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("主办单位")
    )
    level = models.PositiveSmallIntegerField(_("督办层级"), choices=Office.Level.choices, default=Office.Level.GRID)
    escalated = models.PositiveSmallIntegerField(_("提级次数"), default=0)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    sign_by = models.DateTimeField(_("签收时限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    reply_by = models.DateTimeField(_("办理时限"), null=True, blank=True)
    #: the handling deadline the case had when it was first escalated (the office above gets a
    #: fresh one: ``do_escalate_case``); kept, and counted against ``late_office``
    first_reply_by = models.DateTimeField(_("原办理时限"), null=True, blank=True)
    #: the office that held the case when it was escalated after its handling deadline had passed:
    #: the scorecards count the case for it as not answered on time
    late_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("逾期后被提级的单位")
    )
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), max_length=2000, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    returns = models.PositiveSmallIntegerField(_("退单次数"), default=0)
    transfers = models.PositiveSmallIntegerField(_("转派次数"), default=0)
    redos = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    dissatisfied = models.PositiveSmallIntegerField(_("不满意次数"), default=0)
    #: the last verified return visit
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    solved = models.BooleanField(_("问题已解决"), null=True, blank=True)
    #: the first verified return visit: what the requester made of the office's first answer, which
    #: the scorecards count (a redo after it does not wipe it out)
    first_satisfaction = models.PositiveSmallIntegerField(_("首次回访满意度"), null=True, blank=True)
    first_solved = models.BooleanField(_("首次回访问题已解决"), null=True, blank=True)
    #: excluded from the scorecards (to litigation, 信访, judged unreasonable by review), and why
    excluded = models.CharField(_("不计入考核的理由"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("合并到")
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["office", "state", "reply_by"], name="case_queue"),
            models.Index(fields=["lead", "state", "received_at"], name="case_desk"),
            models.Index(fields=["representative", "received_at"], name="case_representative"),
            models.Index(fields=["requester_user", "received_at"], name="case_requester"),
            models.Index(fields=["state", "reply_by"], name="case_deadline"),
            models.Index(fields=["dispatched_at"], name="case_dispatched"),
            # a dispatcher's desk (each tab one state, by date), the public list by state
            models.Index(fields=["state", "received_at"], name="case_state_received"),
            # the desk's tabs counted in one grouped query from the index alone: the open cases
            # with what narrows them to a dispatcher's place and to the escalated tab. The count
            # repeats its condition in literal SQL (``OPEN_SQL``, ``queries.DESK_COUNTED``);
            # ``escalated >= 0`` holds of every row and is there so that no other query picks this
            # index (the public list of open requests reads ``case_open``, in its order)
            models.Index(
                fields=["state", "escalated", "lead", "unit_path"],
                name="case_desk_tabs",
                condition=models.Q(
                    state__in=["dispatched", "received", "replied", "returned", "signed", "visited"], escalated__gte=0
                ),
            ),
            # the public list of open requests, newest first: the open ones are few among a million
            # (the states as the list writes them, sorted(Case.OPEN): SQLite uses a partial index
            # only for a query that repeats its condition)
            models.Index(
                fields=["-received_at"],
                name="case_open",
                condition=models.Q(state__in=["dispatched", "received", "replied", "returned", "signed", "visited"]),
            ),
            # the requests merged into a case (most are merged into none)
            models.Index(fields=["merged_into"], name="case_merged", condition=models.Q(merged_into__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="satisfaction_1_to_5"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="merged") | models.Q(merged_into__isnull=False), name="merged_names_its_case"
            ),
        ]
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")

    def __str__(self) -> str:
        return _("诉求 %(number)s") % {"number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.unit_path:
            self.unit_path = self.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:case", kwargs={"case_id": self.pk})

    @property
    def number(self) -> str:
        """The case's public number (Open311's ``service_request_id``)."""
        return str(self.pk)

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class CaseEvent(Event):
    """A case's history, in order: received, dispatched, signed, returned, replied, visited…"""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("受理")
        DISPATCHED = "dispatch", _("派单")
        SIGNED = "signed", _("签收")
        RETURNED = "returned", _("退单")
        SENT_BACK = "sentback", _("退单不予认可，退回原单位")
        ASSIST = "assist", _("增加协办单位")
        NOTE = "note", _("办理记录")
        EXTENDED = "extended", _("延期")
        REPLIED = "replied", _("答复")
        VISITED = "visited", _("回访")
        REDO = "redo", _("重办")
        CLOSED = "closed", _("办结")
        MERGED = "merged", _("合并")
        ESCALATED = "escalated", _("提级督办")
        REMINDED = "reminded", _("催办")
        OVERDUE = "overdue", _("逾期")
        REFERRED = "referred", _("转交其他代表")
        EXCLUDED = "excluded", _("不计入考核")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    #: nobody for a resident online without an account, and for the scheduler's own moves
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")  # type: ignore[assignment]
    #: the office the event concerns (dispatched to, returned by, added as assisting…)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: a reason code where the event has one (a return's, a visit's method)
    code = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["office", "kind", "at"], name="case_event_office"),
            # one kind of a case's events (a quarter's returns for the scorecard: a seek per case
            # instead of reading each case's whole history)
            models.Index(fields=["case", "kind"], name="case_event_kind"),
            # the requests a representative referred on (they keep following them): a seek per
            # person, not every event they ever wrote
            models.Index(fields=["by", "kind"], name="case_event_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Assist(models.Model):
    """An assisting office (协办) beside the case's main office (主办)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assists")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="assisted_cases")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "office"], name="one_assist_per_office")]

    def __str__(self) -> str:
        return f"{self.case_id} + {self.office}"


class Visit(models.Model):
    """A return visit (回访) after the reply, on the national five-level scale (好差评)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话回访")
        SMS = "sms", _("短信回访")
        IN_PERSON = "in_person", _("上门回访")

    class Satisfaction(models.IntegerChoices):
        VERY_SATISFIED = 5, _("非常满意")
        SATISFIED = 4, _("满意")
        BASIC = 3, _("基本满意")
        DISSATISFIED = 2, _("不满意")
        VERY_DISSATISFIED = 1, _("非常不满意")

    #: at or below this the case is redone
    DISSATISFIED_AT = 2

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    method = models.CharField(_("回访方式"), max_length=12, choices=Method.choices)
    #: the requester was reached (by the staff on the phone or in person, or by their SMS link)
    verified = models.BooleanField(_("已核实"), default=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices)
    solved = models.BooleanField(_("问题已解决"))
    note = models.CharField(_("回访记录"), max_length=500, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="visit_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_satisfaction_display()}"


class Rating(models.Model):
    """A representative's rating of an office's handling of a case they raised (seed 003): attitude,
    speed, style and the requester's satisfaction, each 1–5."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="ratings")
    representative = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attitude = models.PositiveSmallIntegerField(_("态度"))
    speed = models.PositiveSmallIntegerField(_("速度"))
    style = models.PositiveSmallIntegerField(_("作风"))
    satisfaction = models.PositiveSmallIntegerField(_("诉求人满意度"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "office", "representative"], name="one_rating_per_case_office"),
            models.CheckConstraint(
                condition=models.Q(
                    attitude__range=(1, 5), speed__range=(1, 5), style__range=(1, 5), satisfaction__range=(1, 5)
                ),
                name="rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.office}"


class Scorecard(models.Model):
    """A quarter's scorecard of a street or district, published: the open record (counts per
    office and category, the cases left out), the engine's result, and the record's SHA-256, so
    anyone can recount it (``jiceng tally``) and compare."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    record = models.JSONField()
    result = models.JSONField()
    record_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="one_scorecard_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="scorecard_quarter_1_to_4"),
        ]
        verbose_name = _("诉求办理考核")
        verbose_name_plural = _("诉求办理考核")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}Q{self.quarter}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


def photo_path(instance: CasePhoto, filename: str) -> str:
    """Where a photo is kept under MEDIA_ROOT (outside the web root: served only by
    ``case_intake:photo`` to those who may read the case); a random name, never the sender's."""
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"cases/{instance.case_id}/{instance.name}.{ext}"


class CasePhoto(models.Model):
    """A photo sent with a request (at most three): opened by Pillow and encoded afresh at intake,
    its EXIF location dropped unless the requester chose to keep it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    #: the random stem of the stored file's name
    name = models.CharField(max_length=32)
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    #: the requester ticked "keep the photo's location"
    kept_location = models.BooleanField(default=False)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.name}"


class IntakeAttempt(models.Model):
    """One request filed or one tracking code tried without an account, kept for the intake's
    rate limits (``web.cases.intake.limits``) across every server process."""

    class Kind(models.TextChoices):
        TAKE = "take", _("提交诉求")
        FOLLOW = "follow", _("查询码错误")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    #: the phone number (take) or the case number typed (follow)
    key = models.CharField(max_length=32)
    address = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "at"], name="intake_attempt_key"),
            models.Index(fields=["kind", "address", "at"], name="intake_attempt_address"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}@{self.address}"
