"""Writes of a congress meeting's work reports and inquiries: each one action in one
transaction, checking the actor on the meeting or inquiry as it is now, with one audit entry
(and the meetings app's own entry when it creates a poll there).

- The agenda: the liaison office adds the oral and written reports (a written one with its PDF,
  size-limited and opened by its parser, ``web.common.uploads``) and the two committees' reports,
  until the meeting ends; a report leaves the agenda only before it is voted on.
- The approval of a committee's report by secret ballot: a motion poll of the meeting, created
  through ``web.meetings.actions.do_create_poll`` and linked to the report.
- Inquiries: a representative files on their own seat before or during the meeting; the liaison
  office records the answer on the spot and the written one; the written answer is due
  ``ANSWER_DAYS`` working days (``web.workdays``) after the later of the filing and the meeting's
  day; ``web.congress.jobs`` flags it overdue after that."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock, uploads
from web.congress import access, notices
from web.congress.access import refuse
from web.congress.flow import INQUIRIES
from web.congress.models import Inquiry, InquiryEvent, ReportRating, WorkReport
from web.meetings import actions as meeting_actions
from web.meetings import appraisal
from web.meetings.models import Meeting, Poll
from web.org.models import Person
from web.workdays.calendar import add_working_days

#: a written report: a PDF of at most this size, opened by its parser
MAX_DOCUMENT_MB = 10
#: the written answer to an inquiry is due this many working days after the later of the
#: filing and the meeting's day (the pilot's rule is "answered in writing"; the time is a setting
#: a locality may change here: three weeks of work, as the requests' redo time)
ANSWER_DAYS = 15
MAX_TEXT = 2000
MAX_ANSWER = 4000


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body__unit").get(pk=meeting.pk)


def _text(value: str, *, limit: int, missing: str, code: str) -> str:
    cleaned = strip_tags(value or "").strip()
    if not cleaned:
        raise refuse(missing, code, 422)
    if len(cleaned) > limit:
        raise refuse(
            _("最多 %(max)s 字，现在是 %(n)s 字。") % {"max": limit, "n": len(cleaned)}, f"{code}_too_long", 422
        )
    return cleaned


def _line(value: str, *, limit: int) -> str:
    return strip_tags(value or "").strip()[:limit]


def _not_closed(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.CLOSED:
        raise refuse(_("会议已经结束，议程不能再改动。"), "meeting_closed")


# ---- the agenda ------------------------------------------------------------------------------------


def check_document(upload: Any) -> None:
    """A written report's document: a PDF no larger than ``MAX_DOCUMENT_MB``, opened by pypdf."""
    if uploads.extension_of(upload.name or "") != "pdf":
        raise refuse(_("书面述职报告只接受 PDF 文件。"), "bad_file", 422)
    if upload.size > MAX_DOCUMENT_MB * 1024 * 1024:
        raise refuse(_("文件超过 %(mb)d MB。") % {"mb": MAX_DOCUMENT_MB}, "too_large", 422)
    problem = uploads.problem_with(upload, allowed=("pdf",))
    if problem:
        raise refuse(problem, "bad_file", 422)


@transaction.atomic
def do_add_report(
    *,
    meeting: Meeting,
    kind: str,
    reporter: str,
    title: str,
    post: str = "",
    committee: str = "",
    document: Any = None,
    acting_user: Actor,
) -> WorkReport:
    """Put a work report on the meeting's agenda, last: oral (a standing-committee member),
    written (another member or a department, with its PDF) or one of the two committees'."""
    meeting = _lock_meeting(meeting)
    if not access.is_congress(meeting):
        raise refuse(_("只有党代会的会议才有述职议程。"), "not_congress", 422)
    access.check_manages(acting_user, meeting)
    _not_closed(meeting)
    if kind not in WorkReport.Kind.values:
        raise refuse(_("请选择述职方式。"), "bad_kind", 422)
    if kind == WorkReport.Kind.COMMITTEE:
        if committee not in WorkReport.Committee.values:
            raise refuse(_("请选择是党委还是纪委的工作报告。"), "bad_committee", 422)
        if meeting.work_reports.filter(committee=committee).exists():
            raise refuse(
                _("本次会议已列入%(report)s。") % {"report": WorkReport.Committee(committee).label},
                "duplicate_committee",
                422,
            )
    else:
        committee = ""
    if kind in WorkReport.RATED and hasattr(meeting, "report_rating"):
        raise refuse(_("述职测评已经发起，不能再增加述职报告。"), "rating_created")
    reporter = _text(reporter, limit=100, missing=_("请填写述职人或部门。"), code="reporter_required")
    title = _text(title, limit=200, missing=_("请填写报告题目。"), code="title_required")
    if kind == WorkReport.Kind.WRITTEN and document is None:
        raise refuse(_("书面述职要上传述职报告（PDF）。"), "document_required", 422)
    if document is not None:
        check_document(document)
    last = meeting.work_reports.aggregate(n=Max("position"))["n"]
    report = WorkReport(
        meeting=meeting,
        position=(last or 0) + 1,
        kind=kind,
        committee=committee,
        reporter=reporter,
        post=_line(post, limit=100),
        title=title,
        added_by=acting_user,
        added_at=clock.now(),
    )
    if document is not None:
        report.document_name = (document.name or "")[-200:]
        report.document_size = document.size
        report.document.save("report.pdf", document, save=False)
    report.save()
    record(
        actor=acting_user,
        action=Action.CONGRESS_REPORT_ADD,
        obj=report,
        changes={
            "kind": [None, kind],
            "reporter": [None, reporter],
            "title": [None, title],
            **({"document": [None, report.document_name]} if document is not None else {}),
        },
    )
    return report


@transaction.atomic
def do_remove_report(*, report: WorkReport, acting_user: Actor) -> None:
    """Take a report off the agenda before anything is voted on it (the rating or its approval)."""
    meeting = _lock_meeting(report.meeting)
    report = WorkReport.objects.get(pk=report.pk)
    access.check_manages(acting_user, meeting)
    _not_closed(meeting)
    if report.poll_id is not None:
        raise refuse(_("这份报告的表决已经发起，不能再移出议程。"), "approval_created")
    if report.rated and hasattr(meeting, "report_rating"):
        raise refuse(_("述职测评已经发起，述职报告不能再移出议程。"), "rating_created")
    record(
        actor=acting_user,
        action=Action.CONGRESS_REPORT_REMOVE,
        obj=report,
        changes={"title": [report.title, None], "reporter": [report.reporter, None]},
    )
    if report.document:
        name, storage = str(report.document.name), report.document.storage
        transaction.on_commit(lambda: storage.delete(name))
    report.delete()


def approval_title(report: WorkReport) -> str:
    return _("表决：%(title)s") % {"title": report.title}


@transaction.atomic
def do_create_approval(*, report: WorkReport, acting_user: Actor) -> Poll:
    """The secret-ballot approval of one of the two committees' work reports: a motion poll of
    the meeting (passes with more than half of those present, the meetings app's default for a
    congress's motion), created through the meetings app and linked to the report."""
    meeting = _lock_meeting(report.meeting)
    report = WorkReport.objects.select_for_update().get(pk=report.pk)
    access.check_manages(acting_user, meeting)
    _not_closed(meeting)
    if report.kind != WorkReport.Kind.COMMITTEE:
        raise refuse(_("只有两委工作报告由无记名投票表决；述职报告由代表测评。"), "not_committee", 422)
    if report.poll_id is not None:
        raise refuse(_("这份报告的表决已经发起。"), "approval_created")
    poll = meeting_actions.do_create_poll(
        meeting=meeting,
        title=approval_title(report),
        kind=Poll.Kind.MOTION,
        rules={"passes": "yes > 1/2 of present"},
        acting_user=acting_user,
    )
    report.poll = poll
    report.save(update_fields=["poll"])
    record(actor=acting_user, action=Action.CONGRESS_APPROVAL, obj=report, changes={"poll": [None, poll.pk]})
    return poll


# ---- the rating -----------------------------------------------------------------------------------

#: the scales the rating may use (the meetings app's named scales for people and groups); the
#: satisfaction scale carries no flag here: its default flag is seed 001's rule for a village's
#: secretary and director, which says nothing about a congress's reports
RATING_SCALES = ("satisfaction", "individual", "group")


def rating_subjects(reports: list[WorkReport]) -> list[tuple[str, Person | None]]:
    """Each rated report as a subject of the appraisal poll, in the agenda's order: who reported,
    with their post where it fits the subject's length (陈立新 · 区委常委、组织部部长); the same in
    every language, as it is stored in the poll."""
    subjects: list[tuple[str, Person | None]] = []
    for r in reports:
        if r.rated:
            named = f"{r.reporter} · {r.post}" if r.post else r.reporter
            subjects.append((named if len(named) <= appraisal.MAX_SUBJECT_NAME else r.reporter, None))
    return subjects


@transaction.atomic
def do_create_rating(*, meeting: Meeting, scale: str = "satisfaction", acting_user: Actor) -> ReportRating:
    """The one appraisal poll in which the representatives present rate every oral and written
    report of the agenda (subjects in the agenda's order), created through the meetings app;
    from then the rated part of the agenda is fixed."""
    meeting = _lock_meeting(meeting)
    access.check_manages(acting_user, meeting)
    _not_closed(meeting)
    if ReportRating.objects.filter(meeting=meeting).exists():
        raise refuse(_("本次会议的述职测评已经发起。"), "rating_created")
    if scale not in RATING_SCALES:
        raise refuse(_("请选择测评等级。"), "bad_scale", 422)
    reports = list(meeting.work_reports.order_by("position", "id"))
    subjects = rating_subjects(reports)
    if not subjects:
        raise refuse(_("议程中还没有口头或书面述职，没有可测评的报告。"), "no_reports", 422)
    poll = appraisal.do_create_appraisal_poll(
        meeting=meeting,
        title=_("述职测评"),
        subjects=subjects,
        scale=scale,
        flags={} if scale == "satisfaction" else None,
        order="given",
        acting_user=acting_user,
    )
    rating = ReportRating.objects.create(meeting=meeting, poll=poll, created_by=acting_user, created_at=clock.now())
    record(
        actor=acting_user,
        action=Action.CONGRESS_RATING,
        obj=meeting,
        changes={"poll": [None, poll.pk], "subjects": [None, [name for name, _p in subjects]]},
    )
    return rating


# ---- inquiries ---------------------------------------------------------------------------------------


def answer_due(meeting: Meeting, filed_at: dt.datetime) -> dt.date:
    start = max(timezone.localdate(filed_at), timezone.localdate(meeting.starts_at))
    return add_working_days(start, ANSWER_DAYS)


@transaction.atomic
def do_file_inquiry(*, meeting: Meeting, to: str, to_name: str, text: str, acting_user: Actor) -> Inquiry:
    """A representative's inquiry to the committee or a department, before or during the meeting,
    on their own seat."""
    meeting = _lock_meeting(meeting)
    if not access.is_congress(meeting):
        raise refuse(_("只有党代会的会议可以提出询问。"), "not_congress", 422)
    seat = access.seat_of(acting_user, meeting)
    if seat is None:
        raise refuse(_("只有本届党代会代表可以提出询问。"), "not_representative", 403)
    if meeting.state == Meeting.State.CLOSED:
        raise refuse(_("会议已经结束，询问要在会前或会议期间提出。"), "meeting_closed")
    if to not in Inquiry.To.values:
        raise refuse(_("请选择询问对象：党委或部门。"), "bad_addressee", 422)
    if to == Inquiry.To.COMMITTEE:
        to_name = _line(to_name, limit=100)  # empty: the committee itself (shown as 党委)
    else:
        to_name = _text(to_name, limit=100, missing=_("请写明询问哪个部门。"), code="department_required")
    text = _text(text, limit=MAX_TEXT, missing=_("请写明询问的内容。"), code="text_required")
    now = clock.now()
    inquiry = Inquiry.objects.create(
        meeting=meeting,
        seat=seat,
        filed_by=acting_user,
        filed_at=now,
        to=to,
        to_name=to_name,
        text=text,
        answer_by=answer_due(meeting, now),
    )
    INQUIRIES.event(inquiry, InquiryEvent.Kind.FILED, acting_user)
    record(
        actor=acting_user,
        action=Action.INQUIRY_FILE,
        obj=inquiry,
        changes={"to": [None, to_name], "seat": [None, seat.pk], "answer_by": [None, inquiry.answer_by.isoformat()]},
    )
    return inquiry


def _lock_inquiry(inquiry: Inquiry) -> Inquiry:
    return INQUIRIES.locked(inquiry, "meeting__body__unit", "seat__person")


@transaction.atomic
def do_answer_on_spot(*, inquiry: Inquiry, answer: str, answerer: str, acting_user: Actor) -> Inquiry:
    """The answer given in the hall, as the liaison staff record it, with who gave it."""
    inquiry = _lock_inquiry(inquiry)
    access.check_manages(acting_user, inquiry.meeting)
    INQUIRIES.check(inquiry, "answer_spot")
    inquiry.spot_answer = _text(answer, limit=MAX_TEXT, missing=_("请记录现场答复的内容。"), code="answer_required")
    inquiry.spot_answerer = _text(answerer, limit=100, missing=_("请写明由谁现场答复。"), code="answerer_required")
    inquiry.spot_answered_at = clock.now()
    INQUIRIES.move(inquiry, "answer_spot", acting_user, save=["spot_answer", "spot_answerer", "spot_answered_at"])
    record(
        actor=acting_user,
        action=Action.INQUIRY_ANSWER_SPOT,
        obj=inquiry,
        changes={"answerer": [None, inquiry.spot_answerer], "chars": [None, len(inquiry.spot_answer)]},
    )
    return inquiry


@transaction.atomic
def do_answer_in_writing(*, inquiry: Inquiry, answer: str, answerer: str, acting_user: Actor) -> Inquiry:
    """The written answer, as the liaison staff record it from the department or the committee;
    late when given after its deadline's day. The representative is told."""
    inquiry = _lock_inquiry(inquiry)
    access.check_manages(acting_user, inquiry.meeting)
    INQUIRIES.check(inquiry, "answer_writing")
    inquiry.written_answer = _text(
        answer, limit=MAX_ANSWER, missing=_("请填写书面答复的内容。"), code="answer_required"
    )
    inquiry.written_answerer = _line(answerer, limit=100) or inquiry.to_name
    now = clock.now()
    inquiry.written_answered_at = now
    inquiry.late = timezone.localdate(now) > inquiry.answer_by
    INQUIRIES.move(
        inquiry,
        "answer_writing",
        acting_user,
        save=["written_answer", "written_answerer", "written_answered_at", "late"],
    )
    record(
        actor=acting_user,
        action=Action.INQUIRY_ANSWER_WRITING,
        obj=inquiry,
        changes={"answerer": [None, inquiry.written_answerer], "late": [None, inquiry.late]},
    )
    notices.answered(inquiry)
    return inquiry
