"""Party congress representatives' studios (党代表工作室, DOMAIN.md §4.4; seed 003).

A studio is one of three kinds: a community studio (on a community, standardised, a full-time
director, a secretary and volunteers), an industry studio (one of six sectors, on a unit) or the
online studio (residents reach a representative through the request form). Representatives are
attached by their congress seat (``BodySeat``), never by a user: a term's seat is the identity.

The reception calendar is a set of recurring rules (走访日 / 接访日: "every 2nd Tuesday
morning"), each with a duty roster; sessions are generated from the rules for the coming weeks
(idempotent: one session per rule and day), and each session names who is on duty (``Duty``).
A representative checks in at a session (themselves, or the studio's staff for them): the
check-in is the attendance the points ledger may take as evidence. Requests taken at a session
are cases of ``web.cases`` linked to it (``SessionCase``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.cases.models import Case
from web.org.models import BodySeat, Person, Unit


class Studio(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("社区党代表工作室")
        INDUSTRY = "industry", _("行业党代表工作室")
        ONLINE = "online", _("网上党代表工作室")

    class Sector(models.TextChoices):
        EDUCATION = "education", _("教育")
        HEALTH = "health", _("卫生健康")
        POLICE = "police", _("公安")
        COURT = "court", _("法院")
        PROCURATORATE = "procuratorate", _("检察院")
        CONTAINER_TRUCKS = "container_trucks", _("拖车协会")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    #: an industry studio's sector (blank for the other kinds)
    sector = models.CharField(_("行业"), max_length=20, choices=Sector.choices, blank=True)
    #: where it sits: a community (community studio), a unit (industry), the district (online)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="studios", verbose_name=_("所在单位"))
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    #: the studio's own public contact (a landline or the office's number), shown on the board
    phone = models.CharField(_("工作室电话"), max_length=20, blank=True)
    hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    about = models.TextField(_("简介"), max_length=2000, blank=True)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    #: why it was closed (said on the studio's page), by the liaison office
    close_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit_path", "kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="industry") & ~Q(sector="")) | (~Q(kind="industry") & Q(sector="")),
                name="studio_sector_iff_industry",
            ),
        ]
        verbose_name = _("党代表工作室")
        verbose_name_plural = _("党代表工作室")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("studios:studio", kwargs={"studio_id": self.pk})

    def get_public_url(self) -> str:
        return reverse("studio_board:studio", kwargs={"studio_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def kind_words(self) -> str:
        if self.kind == self.Kind.INDUSTRY and self.sector:
            return str(
                _("%(kind)s（%(sector)s）") % {"kind": self.get_kind_display(), "sector": self.get_sector_display()}
            )
        return str(self.get_kind_display())


class Staff(models.Model):
    """Who works in the studio: a full-time director, a secretary, volunteers."""

    class Post(models.TextChoices):
        DIRECTOR = "director", _("专职主任")
        SECRETARY = "secretary", _("秘书")
        VOLUNTEER = "volunteer", _("志愿者")

    #: the posts that run the studio (its calendar, roster, staff and representatives)
    MANAGING = frozenset({Post.DIRECTOR, Post.SECRETARY})

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="staff", verbose_name=_("工作室"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="studio_posts", verbose_name=_("人员"))
    post = models.CharField(_("职务"), max_length=12, choices=Post.choices)
    since = models.DateField(_("任职日期"))

    class Meta:
        ordering = ["studio", "post", "id"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "person"], name="one_studio_post_per_person"),
            models.UniqueConstraint(fields=["studio"], condition=Q(post="director"), name="one_director_per_studio"),
        ]
        verbose_name = _("工作室人员")
        verbose_name_plural = _("工作室人员")

    def __str__(self) -> str:
        return str(_("%(name)s（%(post)s）") % {"name": self.person.name, "post": self.get_post_display()})

    @property
    def audit_unit_id(self) -> int:
        return self.studio.unit_id


class Member(models.Model):
    """A representative attached to the studio, by their congress seat."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members", verbose_name=_("工作室"))
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="studio_members", verbose_name=_("代表"))
    since = models.DateField(_("进驻日期"))

    class Meta:
        ordering = ["studio", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "seat"], name="one_membership_per_seat_per_studio")]
        verbose_name = _("进驻代表")
        verbose_name_plural = _("进驻代表")

    def __str__(self) -> str:
        return self.seat.person.name

    @property
    def audit_unit_id(self) -> int:
        return self.studio.unit_id


class Rule(models.Model):
    """A recurring reception day: every week, or the n-th given weekday of each month, in a part
    of the day. A rule of one representative (their own visiting or reception day) names the
    seat; a studio's rule lists its roster (``RosterEntry``), ``per_session`` of whom sit on each
    session in turn (0: all)."""

    class Kind(models.TextChoices):
        VISITING = "visiting", _("走访日")
        RECEPTION = "reception", _("接访日")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")
        SATURDAY = 5, _("星期六")
        SUNDAY = 6, _("星期日")

    class Week(models.IntegerChoices):
        EVERY = 0, _("每周")
        FIRST = 1, _("每月第一个")
        SECOND = 2, _("每月第二个")
        THIRD = 3, _("每月第三个")
        FOURTH = 4, _("每月第四个")
        LAST = 5, _("每月最后一个")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="rules", verbose_name=_("工作室"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    seat = models.ForeignKey(
        BodySeat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("代表")
    )
    week = models.PositiveSmallIntegerField(_("周次"), choices=Week.choices, default=Week.EVERY)
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    starts = models.TimeField(_("开始时间"))
    ends = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    per_session = models.PositiveSmallIntegerField(_("每次值班人数"), default=0)
    valid_from = models.DateField(_("起始日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["studio", "weekday", "starts", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=models.F("ends")), name="rule_starts_before_it_ends"),
        ]
        verbose_name = _("接待日安排")
        verbose_name_plural = _("接待日安排")

    def __str__(self) -> str:
        return f"{self.studio.name} {self.get_week_display()}{self.get_weekday_display()}"

    @property
    def audit_unit_id(self) -> int:
        return self.studio.unit_id


class RosterEntry(models.Model):
    """A representative on a studio rule's duty roster, in turn."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="roster", verbose_name=_("接待日安排"))
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="+", verbose_name=_("代表"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["rule", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "seat"], name="one_roster_entry_per_seat")]
        verbose_name = _("值班名单")
        verbose_name_plural = _("值班名单")

    def __str__(self) -> str:
        return self.seat.person.name


class Session(models.Model):
    """One reception or visiting session on a day: generated from a rule (one per rule and day)
    or added by hand; cancelled with a reason, never deleted once anyone checked in."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("工作室"))
    rule = models.ForeignKey(
        Rule, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("接待日安排")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Rule.Kind.choices)
    day = models.DateField(_("日期"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "day"], name="one_session_per_rule_per_day"),
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="session_starts_before_end"),
        ]
        indexes = [models.Index(fields=["studio", "starts_at"], name="session_studio_time")]
        verbose_name = _("接待活动")
        verbose_name_plural = _("接待活动")

    def __str__(self) -> str:
        return f"{self.studio.name} {self.day:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("studios:session", kwargs={"session_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.studio.unit_id


class Duty(models.Model):
    """A representative on duty at a session, and their check-in (the attendance evidence)."""

    class By(models.TextChoices):
        SELF = "self", _("本人签到")
        STAFF = "staff", _("工作人员代签")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="duties", verbose_name=_("接待活动"))
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="studio_duties", verbose_name=_("代表"))
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    check_in_by = models.CharField(_("签到方式"), max_length=8, choices=By.choices, blank=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "seat"], name="one_duty_per_seat_per_session")]
        indexes = [models.Index(fields=["seat", "checked_in_at"], name="duty_seat_checked_in")]
        verbose_name = _("值班")
        verbose_name_plural = _("值班")

    def __str__(self) -> str:
        return f"{self.session} {self.seat.person.name}"

    @property
    def audit_unit_id(self) -> int:
        return self.session.studio.unit_id


class SessionCase(models.Model):
    """A request taken at a session (a case of ``web.cases``), linked when it was taken."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="cases", verbose_name=_("接待活动"))
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="studio_session", verbose_name=_("诉求"))
    #: the representative on duty who received it (their seat)
    seat = models.ForeignKey(
        BodySeat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("接待代表")
    )
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("接待时受理的诉求")
        verbose_name_plural = _("接待时受理的诉求")

    def __str__(self) -> str:
        return f"{self.session} {self.case_id}"

    @property
    def audit_unit_id(self) -> int:
        return self.session.studio.unit_id
