"""A party congress meeting's work reports and inquiries (DOMAIN.md §4.4; seed 003).

- ``WorkReport``: one item of a congress meeting's agenda. The standing committee's members
  report orally (口头述职); the committee's other members and the departments in writing
  (书面述职), each with its document (a PDF opened by its parser on upload). The representatives
  present rate every oral and written report in one appraisal poll of the meeting
  (``ReportRating``). The work reports of the two committees (区委、区纪委工作报告) are approved
  by secret ballot: each has its own motion poll (``WorkReport.poll``).
- ``Inquiry``: a representative's inquiry (询问) to the committee or a department, filed before
  or during the meeting, answered on the spot (recorded by the liaison staff) and in writing
  within a deadline in working days. It is its own step of ``web.procedures.machine``
  (``web.congress.flow``): its state moves only there, its history is ``InquiryEvent``.

A congress meeting is a ``web.meetings`` meeting of a body of kind ``congress``; this app adds
to it and never writes the meeting's own rows (polls go through ``web.meetings.actions``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting, Poll
from web.org.models import BodySeat
from web.procedures.models import Event


def report_path(instance: WorkReport, filename: str) -> str:
    return f"congress/{instance.meeting_id}/report-{instance.added_at:%Y%m%d%H%M%S}-{instance.position}.pdf"


class WorkReport(models.Model):
    class Kind(models.TextChoices):
        ORAL = "oral", _("口头述职")
        WRITTEN = "written", _("书面述职")
        COMMITTEE = "committee", _("两委工作报告")

    class Committee(models.TextChoices):
        PARTY = "party", _("党委工作报告")
        DISCIPLINE = "discipline", _("纪委工作报告")

    #: the kinds the representatives rate on the spot (the two committees' reports are approved)
    RATED = frozenset({Kind.ORAL, Kind.WRITTEN})

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="work_reports")
    position = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    #: which committee's report, for a report of the two committees
    committee = models.CharField(_("报告"), max_length=10, choices=Committee.choices, blank=True)
    #: who reports: a committee member's name, or a department's
    reporter = models.CharField(_("述职人或部门"), max_length=100)
    #: their post (区委常委、组织部部长), or what the department is
    post = models.CharField(_("职务"), max_length=100, blank=True)
    title = models.CharField(_("报告题目"), max_length=200)
    document = models.FileField(_("书面报告"), upload_to=report_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    #: the approval of a committee's report by secret ballot (a motion poll of the meeting)
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="work_report")

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_report_per_agenda_place"),
            models.UniqueConstraint(
                fields=["meeting", "committee"], condition=~models.Q(committee=""), name="one_report_per_committee"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="committee", committee__in=["party", "discipline"])
                | (~models.Q(kind="committee") & models.Q(committee="")),
                name="committee_report_names_its_committee",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="written") | ~models.Q(document=""), name="written_report_has_document"
            ),
        ]
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("congress:agenda", kwargs={"meeting_id": self.meeting_id}) + f"#report-{self.pk}"

    @property
    def audit_unit_id(self) -> int:
        return self.meeting.body.unit_id

    @property
    def rated(self) -> bool:
        return self.kind in self.RATED


class ReportRating(models.Model):
    """The one appraisal poll in which the representatives present rate the meeting's oral and
    written reports (many subjects × a grade scale), counted by the engine's appraisal kind."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="report_rating")
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="report_rating")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("述职测评")
        verbose_name_plural = _("述职测评")

    def __str__(self) -> str:
        return str(self.poll)


class Inquiry(models.Model):
    class State(models.TextChoices):
        FILED = "filed", _("已提出，待答复")
        SPOT = "spot", _("已现场答复，待书面答复")
        WRITTEN = "written", _("已书面答复")
        OVERDUE = "overdue", _("书面答复已逾期")

    class To(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        DEPARTMENT = "department", _("部门")

    #: waiting for the written answer
    WAITING = frozenset({State.FILED, State.SPOT, State.OVERDUE})

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="inquiries")
    #: the representative who filed it (their seat on the congress: a term's seat is the identity)
    seat = models.ForeignKey(BodySeat, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("代表"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("提出时间"))
    to = models.CharField(_("询问对象"), max_length=12, choices=To.choices)
    #: the department's name as the inquiry addresses it (empty for the committee itself)
    to_name = models.CharField(_("被询问单位"), max_length=100, blank=True)
    text = models.TextField(_("询问内容"), max_length=2000)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.FILED)
    #: the written answer is due by the end of this working day
    answer_by = models.DateField(_("书面答复期限"))
    spot_answer = models.TextField(_("现场答复"), max_length=2000, blank=True)
    spot_answerer = models.CharField(_("现场答复人"), max_length=100, blank=True)
    spot_answered_at = models.DateTimeField(null=True, blank=True)
    written_answer = models.TextField(_("书面答复"), max_length=4000, blank=True)
    written_answerer = models.CharField(_("书面答复单位"), max_length=100, blank=True)
    written_answered_at = models.DateTimeField(null=True, blank=True)
    #: answered in writing after ``answer_by``
    late = models.BooleanField(_("逾期答复"), default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["state", "answer_by"], name="inquiry_due")]
        verbose_name = _("询问")
        verbose_name_plural = _("询问")

    def __str__(self) -> str:
        return _("询问 %(n)s") % {"n": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("congress:inquiry", kwargs={"inquiry_id": self.pk})

    @property
    def audit_unit_id(self) -> int:
        return self.meeting.body.unit_id

    @property
    def addressee(self) -> str:
        """Whom it asks, in words: the department's name, or the committee's."""
        return self.to_name or str(self.get_to_display())

    @property
    def waiting(self) -> bool:
        return self.state in self.WAITING


class InquiryEvent(Event):
    """An inquiry's history, in order: filed, answered on the spot, overdue, answered in writing."""

    class Kind(models.TextChoices):
        FILED = "filed", _("提出询问")
        SPOT = "spot", _("现场答复")
        OVERDUE = "overdue", _("书面答复逾期")
        WRITTEN = "written", _("书面答复")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    #: nobody for the scheduler's own moves (overdue)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.kind}"
