"""The monthly random inspection of cadres (随机考察, seed 000; DOMAIN.md §4.3).

``Plan``: the standing plan of one organising unit (a district, street or township): the
minimum drawn from each stratum, how many inspectors, how many months a cadre rests after being
inspected. Its pools are ``Cadre`` rows (by sequence: party-mass, government departments,
streets) and ``Inspector`` rows; either may be excluded with a reason.

``Draw``: one month's draw, a procedure step on ``web.procedures`` (its own parent): opened,
its pool frozen and its hash published, the seed fixed in public (two agreeing entries, or a
commitment revealed), drawn by the engine and published; or superseded by a re-run with a
reason. ``Pick``: a cadre the draw chose, with the inspection's finding.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from web.org.models import Unit
from web.procedures.models import Event


class Sequence(models.TextChoices):
    """The cadre's sequence (系统). Seed 000 asks at least one from the party-mass sequence and at
    least two from government departments and streets together: two strata (``STRATA``)."""

    PARTY_MASS = "party_mass", _("党群系统")
    GOVERNMENT = "government", _("政府部门")
    STREET = "street", _("街道")


class Plan(models.Model):
    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="inspection_plan")
    title = models.CharField(_("名称"), max_length=100)
    min_party_mass = models.PositiveSmallIntegerField(_("党群系统至少抽取"), default=1)
    min_government = models.PositiveSmallIntegerField(_("政府部门和街道至少抽取"), default=2)
    inspectors = models.PositiveSmallIntegerField(_("考察人员人数"), default=2)
    #: a cadre drawn in a published draw rests this many months (the month of the draw counts)
    rest_months = models.PositiveSmallIntegerField(_("抽中后几个月内不再抽取"), default=3)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("随机考察方案")
        verbose_name_plural = _("随机考察方案")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class PoolEntry(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT)
    name = models.CharField(_("姓名"), max_length=50)
    #: the department, street or organisation where the person works: recusal compares it
    workplace = models.CharField(_("所在单位"), max_length=60)
    #: blank: in the pool; else why the person is left out of every draw until cleared
    excluded_reason = models.CharField(_("不参加抽取的理由"), max_length=200, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.workplace})"

    @property
    def audit_unit_id(self) -> int:
        return self.plan.unit_id


class Cadre(PoolEntry):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="cadres")
    sequence = models.CharField(_("系统"), max_length=12, choices=Sequence.choices)
    post = models.CharField(_("职务"), max_length=60, blank=True)

    class Meta(PoolEntry.Meta):
        verbose_name = _("考察对象")
        verbose_name_plural = _("考察对象")


class Inspector(PoolEntry):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="inspectors_pool")

    class Meta(PoolEntry.Meta):
        verbose_name = _("考察人员")
        verbose_name_plural = _("考察人员")


class Draw(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("待冻结名单")
        FROZEN = "frozen", _("名单已冻结，等待确定种子")
        ENTERED = "entered", _("种子已录入一次，等待第二人录入")
        COMMITTED = "committed", _("种子承诺已公布，等待揭示")
        DRAWN = "drawn", _("已抽取并公布")
        SUPERSEDED = "superseded", _("已重新抽取，本次作废")

    class Method(models.TextChoices):
        SPOKEN = "spoken", _("会上当众报出或掷出，两人分别录入")
        COMMITMENT = "commitment", _("先公布承诺散列，再揭示种子")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="draws")
    #: the first day of the month the draw is for
    month = models.DateField(_("月份"))
    #: 1 for the month's first draw, 2 for its first re-run…
    attempt = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    #: why the month is drawn again (required from the second attempt on)
    rerun_reason = models.CharField(_("重新抽取的理由"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    #: the frozen pool (``records.pool_document``) and its SHA-256, published before any seed
    pool = models.JSONField(default=dict)
    pool_sha256 = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(_("种子方式"), max_length=10, choices=Method.choices, blank=True)
    #: where the seed comes from, in words (the meeting, the dice, the lottery and its date)
    seed_source = models.CharField(_("种子来源"), max_length=200, blank=True)
    #: the first of two spoken entries, kept unshown until the second agrees
    seed_first = models.CharField(max_length=200, blank=True)
    seed_first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seed_second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commitment = models.CharField(_("种子承诺（SHA-256）"), max_length=64, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    seed = models.CharField(_("种子"), max_length=200, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    cadre_record = models.JSONField(default=dict)
    cadre_result = models.JSONField(default=dict)
    inspector_record = models.JSONField(default=dict)
    inspector_result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-month", "-attempt"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month", "attempt"], name="one_inspection_draw_attempt"),
            models.UniqueConstraint(
                fields=["plan", "month"],
                condition=~models.Q(state="superseded"),
                name="one_live_inspection_draw_per_month",
            ),
        ]
        verbose_name = _("随机考察抽取")
        verbose_name_plural = _("随机考察抽取")

    def __str__(self) -> str:
        return f"{self.plan.title} {self.month:%Y-%m} #{self.attempt}"

    @property
    def audit_unit_id(self) -> int:
        return self.plan.unit_id

    @property
    def is_public(self) -> bool:
        return self.state != self.State.OPEN


class DrawEvent(Event):
    class Kind(models.TextChoices):
        FROZEN = "frozen", _("冻结名单")
        ENTERED = "entered", _("第一次录入种子")
        CLEARED = "cleared", _("撤回第一次录入")
        COMMITTED = "committed", _("公布种子承诺")
        DRAWN = "drawn", _("抽取并公布")
        SUPERSEDED = "superseded", _("重新抽取")

    step = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)


class Pick(models.Model):
    """A cadre chosen by a published draw, and the inspection's finding about them."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="picks")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="picks")
    finding = models.TextField(_("考察情况"), max_length=2000, blank=True)
    finding_at = models.DateTimeField(null=True, blank=True)
    finding_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["draw", "id"]
        constraints = [models.UniqueConstraint(fields=["draw", "cadre"], name="one_pick_per_cadre_per_draw")]
        verbose_name = _("抽中的考察对象")
        verbose_name_plural = _("抽中的考察对象")

    def __str__(self) -> str:
        return self.cadre.name

    @property
    def audit_unit_id(self) -> int:
        return self.draw.plan.unit_id
