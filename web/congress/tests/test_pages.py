"""The congress's pages through the test client: the agenda reached from the meeting page, a
report added with its PDF, an inquiry filed, answered on the spot and in writing, the homes, and
the board; refused and malformed input comes back as a sentence with nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web.audit.models import AuditEntry
from web.congress import actions
from web.congress.models import Inquiry, WorkReport
from web.congress.testing import congress_meeting, pdf_upload, representative


@pytest.fixture
def meeting(world):
    return congress_meeting(world)


def test_the_meeting_page_leads_to_the_agenda(client_for, world, meeting):
    page = client_for(world.street_staff).get(reverse("meetings:meeting", args=[meeting.pk]))
    assert reverse("congress:agenda", args=[meeting.pk]) in page.content.decode()
    from web.meetings.testing import make_meeting

    other = make_meeting(world, voters=2, probationary=0)
    page = client_for(world.organiser).get(reverse("meetings:meeting", args=[other.pk]))
    assert "/staff/congress/" not in page.content.decode()


def test_staff_add_a_written_report_with_its_pdf_and_it_is_published(client_for, world, meeting):
    staff = client_for(world.street_staff)
    url = reverse("congress:report_add", args=[meeting.pk])
    data = {"kind": "written", "reporter": "区教育局", "post": "", "title": "区教育局书面述职", "committee": ""}
    response = staff.post(url, {**data, "document": pdf_upload()})
    assert response.status_code == 302
    report = WorkReport.objects.get()
    agenda = staff.get(reverse("congress:agenda", args=[meeting.pk])).content.decode()
    assert "区教育局书面述职" in agenda and reverse("congress:document", args=[report.pk]) in agenda
    pdf = staff.get(reverse("congress:document", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    board = client_for(None).get(reverse("congress_board:meeting", args=[meeting.pk])).content.decode()
    assert "区教育局书面述职" in board and reverse("congress_board:document", args=[report.pk]) in board


def test_a_written_report_without_its_document_comes_back_with_a_sentence(client_for, world, meeting):
    before = AuditEntry.objects.count()
    data = {"kind": "written", "reporter": "区教育局", "title": "书面述职", "committee": ""}
    response = client_for(world.street_staff).post(reverse("congress:report_add", args=[meeting.pk]), data)
    assert response.status_code == 422
    assert "书面述职要上传述职报告（PDF）。" in response.content.decode()
    assert not WorkReport.objects.exists() and AuditEntry.objects.count() == before


def test_a_representative_files_and_reads_the_answers(client_for, world, meeting):
    rep = client_for(representative(world))
    agenda = rep.get(reverse("congress:agenda", args=[meeting.pk])).content.decode()
    assert reverse("congress:inquiry_new", args=[meeting.pk]) in agenda
    response = rep.post(
        reverse("congress:inquiry_new", args=[meeting.pk]),
        {"to": "department", "to_name": "区教育局", "text": "新建学校什么时候开学？"},
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("congress:inquiry", args=[inquiry.pk])
    home = rep.get(reverse("org:home")).content.decode()
    assert "您的询问等待书面答复" in home and reverse("congress:inquiry", args=[inquiry.pk]) in home
    staff = client_for(world.street_staff)
    assert "待记录的询问书面答复" in staff.get(reverse("org:home")).content.decode()
    step = reverse("congress:inquiry_step", args=[inquiry.pk, "spot"])
    assert staff.post(step, {"spot-answerer": "副区长 李明", "spot-answer": "九月开学"}).status_code == 302
    step = reverse("congress:inquiry_step", args=[inquiry.pk, "written"])
    assert staff.post(step, {"written-answerer": "", "written-answer": "学校九月一日开学。"}).status_code == 302
    page = rep.get(reverse("congress:inquiry", args=[inquiry.pk])).content.decode()
    assert "九月开学" in page and "学校九月一日开学。" in page and "记录书面答复" not in page
    assert "您的询问等待书面答复" not in rep.get(reverse("org:home")).content.decode()
    board = client_for(None).get(reverse("congress_board:meeting", args=[meeting.pk])).content.decode()
    assert "新建学校什么时候开学？" in board and "学校九月一日开学。" in board
    mine = rep.get(reverse("congress:mine") + "?q=学校").content.decode()
    assert "新建学校" in mine


def test_an_inquiry_without_text_is_refused_with_a_sentence_and_nothing_written(client_for, world, meeting):
    before = AuditEntry.objects.count()
    rep = client_for(representative(world))
    for text in ("", "   "):
        response = rep.post(reverse("congress:inquiry_new", args=[meeting.pk]), {"to": "committee", "text": text})
        assert response.status_code == 422
        assert "请写明询问的内容。" in response.content.decode()
    assert not Inquiry.objects.exists() and AuditEntry.objects.count() == before


def test_someone_who_only_reads_is_told_why_they_may_not_answer(client_for, world, meeting):
    inquiry = actions.do_file_inquiry(
        meeting=meeting, to="committee", to_name="", text="问", acting_user=representative(world)
    )
    rep = client_for(world.representative)
    response = rep.post(reverse("congress:inquiry_step", args=[inquiry.pk, "spot"]), {})
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.state == "filed"


def test_the_board_home_links_the_congress_board(client_for, world, meeting):
    actions.do_add_report(
        meeting=meeting, kind="oral", reporter="张明", title="张明述职", acting_user=world.street_staff
    )
    page = client_for(None).get(reverse("portal:index")).content.decode()
    assert reverse("congress_board:index") in page
    listing = client_for(None).get(reverse("congress_board:index")).content.decode()
    assert meeting.title in listing


def test_the_committee_reports_vote_is_set_up_from_the_agenda(client_for, world, meeting):
    report = actions.do_add_report(
        meeting=meeting,
        kind="committee",
        committee="party",
        reporter="区委",
        title="区委工作报告",
        acting_user=world.street_staff,
    )
    staff = client_for(world.street_staff)
    assert staff.post(reverse("congress:report_step", args=[report.pk, "approval"])).status_code == 302
    report.refresh_from_db()
    assert report.poll is not None
    agenda = staff.get(reverse("congress:agenda", args=[meeting.pk])).content.decode()
    assert reverse("meetings:poll", args=[report.poll.pk]) in agenda
