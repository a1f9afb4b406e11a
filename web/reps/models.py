"""Representatives at work (DOMAIN.md §4.4; seeds 003 and 004): a representative's profile (fields
of work, a short intro, a phone published only by their own choice), their links to villages and
communities (挂点), training sessions with attendance, and answers to requests referred to them.

A representative is their congress seat (``BodySeat``, post REPRESENTATIVE, on a ``Body`` of kind
CONGRESS): every row here names the seat, never a user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from web.cases.models import CaseEvent
from web.org.models import Body, BodySeat, Unit


class Field(models.TextChoices):
    """Fields of work (履职领域): what a representative knows and can help with. The first six are
    seed 003's industry studios; a request's category is matched to them (``web.reps.fields``)."""

    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    POLICE = "police", _("公安治安")
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察院")
    TRANSPORT = "transport", _("交通物流")
    COMMUNITY = "community", _("社区服务")
    ELDERLY = "elderly", _("养老和助残")
    ENVIRONMENT = "environment", _("生态环境")
    ENTERPRISE = "enterprise", _("企业和市场")
    BUILDING = "building", _("城市建设和住房")
    JOBS = "jobs", _("就业和社会保障")


class Profile(models.Model):
    """What a representative says of themselves: a short intro, and a phone the public may call,
    set only by the representative (a private number is published by its owner's choice alone)."""

    seat = models.OneToOneField(BodySeat, on_delete=models.PROTECT, related_name="rep_profile", verbose_name=_("代表"))
    intro = models.CharField(_("简介"), max_length=300, blank=True)
    public_phone = models.CharField(_("公开的联系电话"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代表资料")
        verbose_name_plural = _("代表资料")

    def __str__(self) -> str:
        return str(self.seat.person)

    @property
    def audit_unit_id(self) -> int:
        return self.seat.body.unit_id


class SeatField(models.Model):
    """One field of work of a representative (a representative has several)."""

    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="rep_fields", verbose_name=_("代表"))
    field = models.CharField(_("履职领域"), max_length=16, choices=Field.choices)

    class Meta:
        ordering = ["seat", "field"]
        constraints = [models.UniqueConstraint(fields=["seat", "field"], name="one_field_per_seat")]
        indexes = [models.Index(fields=["field", "seat"])]
        verbose_name = _("履职领域")
        verbose_name_plural = _("履职领域")

    def __str__(self) -> str:
        return str(self.get_field_display())


class Link(models.Model):
    """A representative linked to a village or community (挂点, seed 004: every village has a
    linked representative and every representative links a village), from ``since`` until
    ``until`` (open while it lasts). Ended links stay: they are the record."""

    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="rep_links", verbose_name=_("代表"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rep_links", verbose_name=_("挂点村（社区）"))
    #: copied from the unit: a street's links are one indexed prefix match
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    since = models.DateField(_("开始日期"))
    until = models.DateField(_("结束日期"), null=True, blank=True)
    ended_reason = models.CharField(_("结束原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "unit"], condition=Q(until__isnull=True), name="one_open_link_per_seat_and_unit"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="link_ends_after"
            ),
        ]
        verbose_name = _("挂点")
        verbose_name_plural = _("挂点")

    def __str__(self) -> str:
        return f"{self.seat.person} · {self.unit}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Training(models.Model):
    """A training session for the congress's representatives (seed 003: two classes a year, every
    representative trained at least once in two years). ``unit`` is where the liaison staff who
    keep it work: they record its attendance."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("党代会"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rep_trainings", verbose_name=_("组织单位"))
    title = models.CharField(_("培训名称"), max_length=100)
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=100)
    organiser = models.CharField(_("主办"), max_length=100)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("代表培训")
        verbose_name_plural = _("代表培训")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Attendance(models.Model):
    """A representative who attended a training, as the liaison staff recorded it."""

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="attendance")
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="rep_trainings", verbose_name=_("代表"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["training", "id"]
        constraints = [models.UniqueConstraint(fields=["training", "seat"], name="one_attendance_per_seat")]
        indexes = [models.Index(fields=["seat", "training"])]
        verbose_name = _("培训签到")
        verbose_name_plural = _("培训签到")

    def __str__(self) -> str:
        return f"{self.seat.person} · {self.training}"

    @property
    def audit_unit_id(self) -> int:
        return self.training.unit_id


class Answer(models.Model):
    """A representative's answer to a request referred to them (交叉挂点): the referral is the
    request's own ``referred`` event (web.cases), and this says what the representative it went to
    will do. Whether and when a referral was answered is the measure of answering."""

    event = models.OneToOneField(CaseEvent, on_delete=models.PROTECT, related_name="rep_answer")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("回复"), max_length=500)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("转交回复")
        verbose_name_plural = _("转交回复")

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def audit_unit_id(self) -> int:
        return self.event.case.unit_id
