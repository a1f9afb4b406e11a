"""The congress's actions as boundaries: who may add to the agenda, file, answer; what they
refuse (with a sentence, writing nothing); the deadline in working days; the approval poll."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from web.audit.models import AuditEntry
from web.congress import actions
from web.congress.errors import CongressError
from web.congress.models import Inquiry, InquiryEvent, WorkReport
from web.congress.testing import congress_meeting, pdf_upload, representative
from web.meetings import actions as meeting_actions
from web.meetings.models import Poll
from web.meetings.testing import make_meeting
from web.org.testing import persona_user


@pytest.fixture
def meeting(world):
    return congress_meeting(world)


def _count():
    return (
        WorkReport.objects.count(),
        Inquiry.objects.count(),
        InquiryEvent.objects.count(),
        Poll.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(call, code):
    before = _count()
    with pytest.raises(CongressError) as exc:
        call()
    assert exc.value.code == code, exc.value.code
    assert str(exc.value.message).strip()
    assert _count() == before
    return exc.value


def add(world, meeting, kind="oral", **kw):
    fields = {"reporter": "张明", "title": "区委常委张明述职", **kw}
    return actions.do_add_report(meeting=meeting, kind=kind, acting_user=world.street_staff, **fields)


# ---- the agenda ------------------------------------------------------------------------------


def test_the_liaison_office_builds_the_agenda_in_order(world, meeting):
    oral = add(world, meeting)
    written = add(world, meeting, "written", reporter="区教育局", title="区教育局书面述职", document=pdf_upload())
    party = add(world, meeting, "committee", committee="party", reporter="区委", title="区委工作报告")
    assert [r.position for r in (oral, written, party)] == [1, 2, 3]
    assert written.document and written.document_size > 0 and written.document_name == "述职报告.pdf"
    assert oral.rated and written.rated and not party.rated
    assert AuditEntry.objects.filter(action="congress.report_add").count() == 3


@pytest.mark.parametrize("persona", ["organiser", "member", "outsider", "representative", "stranger"])
def test_only_the_liaison_office_adds_reports(world, meeting, persona):
    user = representative(world) if persona == "representative" else persona_user(world, persona)
    refused(
        lambda: actions.do_add_report(meeting=meeting, kind="oral", reporter="张明", title="述职", acting_user=user),
        "not_liaison",
    )


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"kind": "written"}, "document_required"),
        ({"kind": "sung"}, "bad_kind"),
        ({"kind": "committee"}, "bad_committee"),
        ({"reporter": "  "}, "reporter_required"),
        ({"title": "<b></b>"}, "title_required"),
        ({"kind": "written", "document": SimpleUploadedFile("r.docx", b"PK")}, "bad_file"),
        ({"kind": "written", "document": SimpleUploadedFile("r.pdf", b"%PDF-1.4 garbage")}, "bad_file"),
    ],
)
def test_a_report_that_does_not_hold_is_refused_with_a_sentence(world, meeting, kw, code):
    fields = {"kind": "oral", "reporter": "张明", "title": "述职", **kw}
    refused(lambda: actions.do_add_report(meeting=meeting, acting_user=world.street_staff, **fields), code)


def test_a_document_over_the_limit_is_refused(world, meeting, monkeypatch):
    monkeypatch.setattr(actions, "MAX_DOCUMENT_MB", 0)
    refused(lambda: add(world, meeting, "written", document=pdf_upload()), "too_large")


def test_each_committee_reports_once_and_only_congress_meetings_have_an_agenda(world, meeting):
    add(world, meeting, "committee", committee="discipline", title="区纪委工作报告")
    refused(lambda: add(world, meeting, "committee", committee="discipline", title="again"), "duplicate_committee")
    members = make_meeting(world, voters=3, probationary=0)
    refused(
        lambda: actions.do_add_report(
            meeting=members, kind="oral", reporter="张明", title="述职", acting_user=world.organiser
        ),
        "not_congress",
    )


def test_a_closed_meeting_takes_no_report_and_no_inquiry(world, meeting):
    rep = representative(world)
    meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.street_staff)
    meeting_actions.do_close_meeting(meeting=meeting, acting_user=world.street_staff)
    refused(lambda: add(world, meeting), "meeting_closed")
    refused(
        lambda: actions.do_file_inquiry(meeting=meeting, to="committee", to_name="", text="问", acting_user=rep),
        "meeting_closed",
    )


def test_approval_is_a_motion_poll_of_the_meeting_made_once(world, meeting):
    report = add(world, meeting, "committee", committee="party", title="区委工作报告")
    poll = actions.do_create_approval(report=report, acting_user=world.street_staff)
    report.refresh_from_db()
    assert report.poll == poll and poll.kind == "motion" and poll.meeting == meeting
    assert poll.rules["passes"] == "yes > 1/2 of present"
    assert AuditEntry.objects.filter(action__in=["poll.create", "congress.approval"]).count() == 2
    refused(lambda: actions.do_create_approval(report=report, acting_user=world.street_staff), "approval_created")
    refused(lambda: actions.do_remove_report(report=report, acting_user=world.street_staff), "approval_created")
    oral = add(world, meeting)
    refused(lambda: actions.do_create_approval(report=oral, acting_user=world.street_staff), "not_committee")


def test_a_report_leaves_the_agenda_with_its_document(world, meeting, django_capture_on_commit_callbacks):
    report = add(world, meeting, "written", document=pdf_upload())
    storage, name = report.document.storage, report.document.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_remove_report(report=report, acting_user=world.street_staff)
    assert not WorkReport.objects.exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="congress.report_remove").count() == 1


# ---- inquiries -------------------------------------------------------------------------------


def test_a_representative_files_on_their_own_seat_with_a_deadline_in_working_days(world, meeting, settings):
    rep = representative(world)
    inquiry = actions.do_file_inquiry(
        meeting=meeting, to="department", to_name="区教育局", text="学位为什么紧张？", acting_user=rep
    )
    assert inquiry.seat.person == world.person_a and inquiry.state == "filed"
    assert inquiry.addressee == "区教育局"
    assert inquiry.answer_by == actions.answer_due(meeting, inquiry.filed_at)
    assert (inquiry.answer_by - inquiry.filed_at.date()).days >= actions.ANSWER_DAYS
    assert list(inquiry.events.values_list("kind", flat=True)) == ["filed"]
    to_committee = actions.do_file_inquiry(meeting=meeting, to="committee", to_name="", text="问", acting_user=rep)
    assert to_committee.to_name == "" and to_committee.addressee


def test_the_deadline_skips_the_national_holiday(world):
    meeting = congress_meeting(world, starts_at=dt.datetime(2026, 9, 30, 9, tzinfo=dt.UTC))
    # 2026-09-30 + 15 working days: the National Day week (10-01..10-07) is off, 10-10 (Sat) is worked
    assert actions.answer_due(meeting, meeting.starts_at) > dt.date(2026, 10, 21)


@pytest.mark.parametrize("persona", ["organiser", "street_staff", "member", "stranger", "observer"])
def test_only_a_seated_representative_files(world, meeting, persona):
    user = persona_user(world, persona)
    refused(
        lambda: actions.do_file_inquiry(meeting=meeting, to="committee", to_name="", text="问", acting_user=user),
        "not_representative",
    )


@pytest.mark.parametrize(
    ("to", "to_name", "text", "code"),
    [
        ("committee", "", "", "text_required"),
        ("committee", "", "   ", "text_required"),
        ("committee", "", "<p> </p>", "text_required"),
        ("department", "", "问", "department_required"),
        ("mayor", "", "问", "bad_addressee"),
        ("committee", "", "问" * 2001, "text_required_too_long"),
    ],
)
def test_an_inquiry_that_does_not_hold_is_refused_and_nothing_written(world, meeting, to, to_name, text, code):
    rep = representative(world)
    refused(lambda: actions.do_file_inquiry(meeting=meeting, to=to, to_name=to_name, text=text, acting_user=rep), code)


def _filed(world, meeting):
    rep = representative(world)
    return actions.do_file_inquiry(meeting=meeting, to="department", to_name="区教育局", text="问", acting_user=rep)


def test_answers_on_the_spot_then_in_writing(world, meeting):
    inquiry = _filed(world, meeting)
    actions.do_answer_on_spot(
        inquiry=inquiry, answer="正在新建两所学校", answerer="副区长 李明", acting_user=world.street_staff
    )
    inquiry.refresh_from_db()
    assert inquiry.state == "spot" and inquiry.spot_answerer == "副区长 李明"
    refused(
        lambda: actions.do_answer_on_spot(
            inquiry=inquiry, answer="再答", answerer="某", acting_user=world.street_staff
        ),
        "wrong_state",
    )
    actions.do_answer_in_writing(inquiry=inquiry, answer="详见附件", answerer="", acting_user=world.street_staff)
    inquiry.refresh_from_db()
    assert inquiry.state == "written" and inquiry.written_answerer == "区教育局" and not inquiry.late
    assert inquiry.finished_at is not None
    assert list(inquiry.events.values_list("kind", flat=True)) == ["filed", "spot", "written"]
    from web.notify.models import Notice

    assert Notice.objects.filter(kind="inquiry.answered", user=inquiry.filed_by).count() == 1


@pytest.mark.parametrize("persona", ["representative", "organiser", "member"])
def test_only_the_liaison_office_records_answers(world, meeting, persona):
    inquiry = _filed(world, meeting)
    user = persona_user(world, persona)
    refused(
        lambda: actions.do_answer_on_spot(inquiry=inquiry, answer="答", answerer="某", acting_user=user), "not_liaison"
    )
    refused(
        lambda: actions.do_answer_in_writing(inquiry=inquiry, answer="答", answerer="某", acting_user=user),
        "not_liaison",
    )


def test_an_answer_without_words_is_refused(world, meeting):
    inquiry = _filed(world, meeting)
    refused(
        lambda: actions.do_answer_on_spot(inquiry=inquiry, answer=" ", answerer="某", acting_user=world.street_staff),
        "answer_required",
    )
    refused(
        lambda: actions.do_answer_on_spot(inquiry=inquiry, answer="答", answerer="", acting_user=world.street_staff),
        "answerer_required",
    )
    refused(
        lambda: actions.do_answer_in_writing(inquiry=inquiry, answer="", answerer="", acting_user=world.street_staff),
        "answer_required",
    )


# ---- the rating ------------------------------------------------------------------------------


def test_the_rating_is_one_appraisal_poll_of_the_oral_and_written_reports_in_order(world, meeting):
    add(world, meeting, reporter="张明")
    add(world, meeting, "written", reporter="区教育局", title="书面述职", document=pdf_upload())
    party = add(world, meeting, "committee", committee="party", reporter="区委", title="区委工作报告")
    rating = actions.do_create_rating(meeting=meeting, acting_user=world.street_staff)
    poll = rating.poll
    assert poll.kind == "appraisal" and poll.meeting == meeting and poll.rules["scale"] == "satisfaction"
    assert poll.rules["flags"] == {}
    assert list(poll.candidates.order_by("position").values_list("name", flat=True)) == [
        "张明",
        "区教育局",
    ]  # no post given: the name alone
    refused(lambda: actions.do_create_rating(meeting=meeting, acting_user=world.street_staff), "rating_created")
    refused(lambda: add(world, meeting, reporter="李华"), "rating_created")
    oral = WorkReport.objects.get(reporter="张明")
    refused(lambda: actions.do_remove_report(report=oral, acting_user=world.street_staff), "rating_created")
    actions.do_remove_report(report=party, acting_user=world.street_staff)  # not rated: may still leave


def test_a_rating_needs_reports_a_known_scale_and_the_liaison_office(world, meeting):
    refused(lambda: actions.do_create_rating(meeting=meeting, acting_user=world.street_staff), "no_reports")
    add(world, meeting)
    refused(
        lambda: actions.do_create_rating(meeting=meeting, scale="stars", acting_user=world.street_staff), "bad_scale"
    )
    refused(lambda: actions.do_create_rating(meeting=meeting, acting_user=representative(world)), "not_liaison")


def test_a_rating_after_the_poll_closed_is_refused_and_nothing_is_written(world, meeting):
    from web.meetings.actions import cast_ballot, hand_out_codes
    from web.meetings.errors import MeetingError
    from web.meetings.models import Ballot

    add(world, meeting)
    poll = actions.do_create_rating(meeting=meeting, acting_user=world.street_staff).poll
    meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.street_staff)
    voters = [
        meeting_actions.do_check_in(attendee=a, method="search", acting_user=world.street_staff)
        for a in meeting.attendees.filter(kind="voter").order_by("id")
    ]
    meeting_actions.do_open_poll(poll=poll, acting_user=world.street_staff)
    first, late = hand_out_codes(poll, voters[:2])
    cast_ballot(poll_id=poll.pk, code=first, content={"grades": {"s1": "满意"}})
    meeting_actions.do_close_poll(poll=poll, acting_user=world.street_staff)
    before = (Ballot.objects.count(), AuditEntry.objects.count())
    with pytest.raises(MeetingError) as exc:
        cast_ballot(poll_id=poll.pk, code=late, content={"grades": {"s1": "不满意"}})
    assert str(exc.value.message).strip()
    assert (Ballot.objects.count(), AuditEntry.objects.count()) == before
    poll.refresh_from_db()
    assert poll.result["subjects"][0]["counts"] == {"满意": 1, "基本满意": 0, "不满意": 0, "abstain": 0}
