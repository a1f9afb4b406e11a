"""The organisation model (DOMAIN.md §3): units, households, people, party organisations,
party membership, bodies with rosters, and roles that grant access per unit and per body."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A node of the tree district → street/township → community/village → grid → building.

    ``path`` is the materialised path of ids (``/1/4/17/``) so a subtree is one indexed
    prefix match, whatever its depth.
    """

    class Kind(models.TextChoices):
        DISTRICT = "district", _("区")
        STREET = "street", _("街道")
        TOWNSHIP = "township", _("镇/乡")
        COMMUNITY = "community", _("社区")
        VILLAGE = "village", _("村")
        GRID = "grid", _("网格")
        BUILDING = "building", _("楼栋")

    #: which kinds may sit under which
    CHILD_KINDS = {
        Kind.DISTRICT: {Kind.STREET, Kind.TOWNSHIP},
        Kind.STREET: {Kind.COMMUNITY, Kind.VILLAGE},
        Kind.TOWNSHIP: {Kind.COMMUNITY, Kind.VILLAGE},
        Kind.COMMUNITY: {Kind.GRID},
        Kind.VILLAGE: {Kind.GRID},
        Kind.GRID: {Kind.BUILDING},
        Kind.BUILDING: set(),
    }

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit", kwargs={"unit_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.pk

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Household(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="households", verbose_name=_("所在单位"))
    number = models.CharField(_("户号"), max_length=32, unique=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("户")
        verbose_name_plural = _("户")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("org:household", kwargs={"household_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Person(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("居民")
        VILLAGER = "villager", _("村民")

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.RESIDENT)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("所在单位"))
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("户")
    )
    relation = models.CharField(_("与户主关系"), max_length=20, blank=True)
    #: copied from the unit so a subtree's people are one indexed prefix match
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:person", kwargs={"person_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class PartyOrg(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")
        GROUP = "group", _("党小组")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="party_orgs", verbose_name=_("所在单位"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级组织")
    )

    class Meta:
        ordering = ["unit__path", "id"]
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:party_org", kwargs={"org_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class PartyMembership(models.Model):
    """Party membership is a status of a person (DOMAIN.md §3, §5.1)."""

    class Status(models.TextChoices):
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")
        DISCIPLINE = "discipline", _("留党察看")
        SUSPENDED = "suspended", _("停止党员权利")

    #: only full members vote (条例 2020): not probationary, not under probation
    #: discipline, not with rights suspended
    VOTING_STATUSES = frozenset({Status.FULL})

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="membership", verbose_name=_("人员"))
    org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="members", verbose_name=_("党组织"))
    status = models.CharField(_("党员状态"), max_length=16, choices=Status.choices, default=Status.FULL)
    is_floating = models.BooleanField(_("流动党员"), default=False)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)

    class Meta:
        ordering = ["org", "id"]
        verbose_name = _("党员")
        verbose_name_plural = _("党员")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    @property
    def audit_unit_id(self) -> int:
        return self.person.unit_id

    @property
    def can_vote(self) -> bool:
        return self.status in self.VOTING_STATUSES


class Body(models.Model):
    """A body that votes: a branch's members, a committee, villagers, representatives…"""

    class Kind(models.TextChoices):
        MEMBERS_MEETING = "members_meeting", _("党员大会")
        PARTY_COMMITTEE = "party_committee", _("党组织委员会")
        VILLAGERS_COMMITTEE = "villagers_committee", _("村民委员会")
        RESIDENTS_COMMITTEE = "residents_committee", _("居民委员会")
        TWO_COMMITTEES = "two_committees", _("两委联席会议")
        VILLAGERS_MEETING = "villagers_meeting", _("村民会议")
        VILLAGER_REPS = "villager_reps", _("村民代表会议")
        RESIDENT_REPS = "resident_reps", _("居民代表会议")
        FULL_COMMITTEE = "full_committee", _("全委会")
        STANDING_COMMITTEE = "standing_committee", _("常委会")
        CONGRESS = "congress", _("党代会")
        #: the people named to rate in one appraisal session when no standing body's roster fits
        #: (web.appraisals.raters): e.g. 区四套班子成员和部门主要负责人
        APPRAISAL_RATERS = "appraisal_raters", _("测评人名单")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("所在单位"))
    party_org = models.ForeignKey(
        PartyOrg, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name=_("党组织")
    )

    class Meta:
        ordering = ["unit__path", "id"]
        verbose_name = _("议事机构")
        verbose_name_plural = _("议事机构")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:body", kwargs={"body_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class BodySeat(models.Model):
    """A person on a body's roster, with the post they hold there."""

    class Post(models.TextChoices):
        MEMBER = "member", _("成员")
        SECRETARY = "secretary", _("书记")
        DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
        DIRECTOR = "director", _("主任")
        DEPUTY_DIRECTOR = "deputy_director", _("副主任")
        COMMITTEE_MEMBER = "committee_member", _("委员")
        REPRESENTATIVE = "representative", _("代表")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats", verbose_name=_("机构"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats", verbose_name=_("人员"))
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices, default=Post.MEMBER)
    since = models.DateField(_("任职日期"), null=True, blank=True)

    class Meta:
        ordering = ["body", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "person"], name="one_seat_per_person_per_body")]
        verbose_name = _("成员")
        verbose_name_plural = _("成员")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_post_display()}"

    @property
    def audit_unit_id(self) -> int:
        return self.body.unit_id


class Role(models.Model):
    """A user's role in a unit (and optionally a body). Roles are what access is checked on."""

    class Kind(models.TextChoices):
        ORG_STAFF = "org_staff", _("组织工作人员")
        SECRETARY = "secretary", _("书记")
        COMMITTEE_MEMBER = "committee_member", _("委员")
        REPRESENTATIVE = "representative", _("代表")
        GRID_WORKER = "grid_worker", _("网格员")
        TELLER = "teller", _("计票人")
        DEPARTMENT_HANDLER = "department_handler", _("部门承办人")
        RESIDENT = "resident", _("居民")

    #: roles that may change the roster of their units
    MANAGING = frozenset({Kind.ORG_STAFF, Kind.SECRETARY})
    #: roles that may read the roster of their units (people, households, party members)
    VIEWING = MANAGING | {Kind.COMMITTEE_MEMBER, Kind.GRID_WORKER}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("单位"))
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="roles", verbose_name=_("机构")
    )
    kind = models.CharField(_("角色"), max_length=24, choices=Kind.choices)

    class Meta:
        ordering = ["unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "kind"], condition=models.Q(body__isnull=True), name="one_role_per_unit"
            ),
            models.UniqueConstraint(fields=["user", "unit", "body", "kind"], name="one_role_per_body"),
        ]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.unit}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class RosterImport(models.Model):
    """A roster file being imported into ``unit``: checked, then applied, each by a background job
    (``web.org.transfer.jobs``), so no web request waits for a 20,000-row file. The file itself is
    kept in the stash (``web.org.transfer.stash``, named by ``token``) only until it is applied,
    refused or abandoned; this row says how far it got and what the check found."""

    class State(models.TextChoices):
        CHECKING = "checking", _("正在检查")
        READY = "ready", _("检查通过，等待确认")
        UNCHANGED = "unchanged", _("没有需要导入的变化")
        REFUSED = "refused", _("有错误，未导入")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("已导入")
        FAILED = "failed", _("未能完成")
        EXPIRED = "expired", _("已失效")

    #: the states in which a job is still to finish: the page keeps asking how far it got
    ACTIVE = frozenset({State.CHECKING, State.APPLYING})

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_imports")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="imports", verbose_name=_("单位"))
    #: the page's language when it was uploaded: the check's sentences are in it
    language = models.CharField(max_length=10)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    #: names the stashed file; emptied when the file is deleted
    token = models.CharField(max_length=40, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.CHECKING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: what the check found, for the page: per sheet how many rows are new, changed and unchanged,
    #: the first changes and the first problems, in words. The changes and problems name people, so
    #: they are dropped once the file is applied or given up; the counts stay.
    report = models.JSONField(default=dict)
    error = models.CharField(_("原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("上传时间"))
    #: when the current job was put on the queue (the check's, then the apply's)
    queued_at = models.DateTimeField()
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "requester", "-created_at"]), models.Index(fields=["state"])]
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("org:import_run", kwargs={"unit_id": self.unit_id, "run_id": self.pk})

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def changes(self) -> int:
        """How many rows the check found new or changed."""
        sheets = self.report.get("sheets", []) if isinstance(self.report, dict) else []
        return sum(creates + updates for _name, creates, updates, _unchanged in sheets)

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id
