"""Appraisal sessions (民主测评、民主评议、满意度测评; DOMAIN.md §4.3, §4.5, §5.4).

- ``Session``: one appraisal held by an organising unit: its title and year, who rates (a body's
  roster, the representatives, the villagers by household or by person), the subjects, the
  scale and settings, the publication (public or restricted), and the mode: in a meeting by
  phone codes, on paper forms entered by two tellers, or by survey codes answered on a phone
  over a window. Its forms are the ``Ballot`` rows of one meetings appraisal poll
  (``web.meetings.appraisal``): the session holds no form of its own, so every secrecy
  guarantee and test of ballots covers it. The session is its own step of
  ``web.procedures.machine`` (``web.appraisals.flow``); its history is ``SessionEvent``.
- ``Subject``: what is rated: a person, a leadership group, a department (an office of
  ``web.cases``) or a village; the poll's candidate of the same key.
- ``Review``: a flag the engine raised on a subject, on the organisation's home page until it
  records what it decided (提请组织研究: never a sanction); also its own step."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.cases.models import Office
from web.meetings.models import Meeting, Poll
from web.org.models import Person, Unit
from web.procedures.models import Event


class Session(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("测评中")
        COUNTED = "counted", _("已计票")
        PUBLISHED = "published", _("已公布")

    class Mode(models.TextChoices):
        PHONE = "phone", _("会议现场手机测评码")
        PAPER = "paper", _("会议现场纸质测评表")
        SURVEY = "survey", _("测评码问卷（限期填写）")

    class Raters(models.TextChoices):
        BODY = "body", _("机构成员（按名册）")
        REPRESENTATIVES = "representatives", _("代表")
        HOUSEHOLDS = "households", _("村（居）民，每户一份")
        PERSONS = "persons", _("村（居）民，每人一份")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("公开：结果和公开记录在公开栏公布")
        RESTRICTED = "restricted", _("内部：只有本单位及上级工作人员可看结果")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="appraisal_sessions", verbose_name=_("组织单位")
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    title = models.CharField(_("测评名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    raters = models.CharField(_("测评人"), max_length=16, choices=Raters.choices)
    #: how many forms the raters are (the roster, the households or persons when the codes were
    #: counted out): the number of codes to print for a survey
    rater_count = models.PositiveIntegerField(_("应参加测评人数"), default=0)
    visibility = models.CharField(_("公开范围"), max_length=12, choices=Visibility.choices)
    #: the engine's and the page's settings: ``scale``, ``abstentions_in_base``,
    #: ``two_years_end_term`` (the village member rule)
    settings = models.JSONField(_("设置"), default=dict)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("会议"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="appraisal_session")
    #: a survey's window (the codes answer only while the poll is open)
    opens_at = models.DateTimeField(_("开始填写时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("测评")
        verbose_name_plural = _("测评")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("appraisals:session", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class SessionEvent(Event):
    class Kind(models.TextChoices):
        OPENED = "opened", _("开始测评")
        COUNTED = "counted", _("计票")
        PUBLISHED = "published", _("公布")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")

    @property
    def label(self) -> str:
        return str(self.Kind(self.kind).label)


class Subject(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("个人")
        GROUP = "group", _("领导班子")
        DEPARTMENT = "department", _("部门")
        VILLAGE = "village", _("村（社区）")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="subjects")
    key = models.CharField(max_length=16)
    name = models.CharField(_("测评对象"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "key"], name="one_appraisal_subject_key")]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """A flag raised by the engine on one subject, for the organisation to review (not a sanction)."""

    class State(models.TextChoices):
        OPEN = "open", _("待研究")
        DONE = "done", _("已研究")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reviews")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="reviews")
    #: the engine's flag id (``removal_review``…); its sentence is read from the poll's result
    flag = models.CharField(max_length=40)
    #: the village member rule: the same person rated 不称职 in the session of the year before too
    second_year = models.BooleanField(default=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    decision = models.CharField(_("研究意见"), max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["subject", "flag"], name="one_review_per_flag")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.flag}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.unit_path = self.session.unit_path
        super().save(*args, **kwargs)

    @property
    def audit_unit_id(self) -> int:
        return self.session.unit_id


class ReviewEvent(Event):
    class Kind(models.TextChoices):
        DECIDED = "decided", _("记录研究意见")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
