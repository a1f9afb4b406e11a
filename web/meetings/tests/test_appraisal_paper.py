"""Appraisal forms on paper: the printable form, and the two appointed tellers entering the
returned forms form by form or by the hall's totals (per subject per grade), accepted only when
the two entries agree; bad totals refused with a sentence naming the figure, nothing stored."""

from __future__ import annotations

import io

import pytest

from jiceng.record import tally
from tests.engine.test_schemas import validate
from web.meetings import actions, appraisal, handcount, paper
from web.meetings.actions import hand_out_codes
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting, PaperEntry, Poll
from web.meetings.testing import appoint_teller, as_teller, make_meeting
from web.meetings.verify import verify_poll

SUBJECTS = ["区委常委会工作报告", "区纪委常委会工作报告", "王芳"]


def _hall(world, *, paper_voters: int, voters: int = 8):
    meeting = make_meeting(world, voters=voters, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = appraisal.do_create_appraisal_poll(
        meeting=meeting,
        title="工作报告测评",
        subjects=[(n, None) for n in SUBJECTS],
        scale="group",
        acting_user=world.organiser,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    people = list(meeting.attendees.filter(kind="voter").order_by("id"))
    for a in people[:paper_voters]:
        actions.do_issue_paper(poll=poll, attendee=a)
    return poll, people[paper_voters:]


def _tellers(world, poll):
    meeting = Meeting.objects.get(pk=poll.meeting_id)
    return [as_teller(poll, appoint_teller(world, meeting, name)) for name in ("teller1", "teller2")]


def totals_post(poll: Poll, returned: int, grid: dict[str, list[int]], blank: int = 0, spoiled: int = 0):
    keys = {c.name: c.key for c in poll.candidates.all()}
    data = {"returned": str(returned), "blank": str(blank), "spoiled": str(spoiled)}
    for name, counts in grid.items():
        for n, count in enumerate(counts, 1):
            data[f"count-{keys[name]}-{n}"] = str(count)
    return data


GRID = {"区委常委会工作报告": [3, 1, 0, 0], "区纪委常委会工作报告": [2, 1, 1, 0], "王芳": [0, 0, 1, 2]}


def test_the_printable_form_lists_every_subject_under_every_grade_with_the_font_embedded(world):
    from pypdf import PdfReader

    from web.meetings.pdf import ballot_pdf

    poll, _rest = _hall(world, paper_voters=0)
    data = ballot_pdf(poll, copies=3)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    text = reader.pages[0].extract_text()
    for word in [*SUBJECTS, "好", "较好", "一般", "差", "填写说明"]:
        assert word in text
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("CJK" in f for f in fonts)
    # 60 subjects run over more than one page; every copy repeats all of them
    meeting = Meeting.objects.get(pk=poll.meeting_id)
    many = appraisal.do_create_appraisal_poll(
        meeting=meeting,
        title="民主测评",
        subjects=[(f"测评对象第{i}号", None) for i in range(60)],
        acting_user=world.organiser,
    )
    pages = len(PdfReader(io.BytesIO(ballot_pdf(many, copies=1))).pages)
    assert len(PdfReader(io.BytesIO(ballot_pdf(many, copies=2))).pages) == 2 * pages


def test_the_poll_page_offers_the_form_pdf_through_the_background_documents(client, world):
    client.force_login(world.organiser)
    poll, _rest = _hall(world, paper_voters=0)
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "打印纸质测评表（PDF）" in html and "纸质测评表录入（计票人）" in html
    response = client.get(f"/staff/polls/{poll.pk}/ballots.pdf?copies=4")
    assert response.status_code in (200, 302)


def test_form_by_form_two_tellers_agree_and_the_forms_join_the_phone_forms(client, world):
    poll, rest = _hall(world, paper_voters=3)
    first, second = _tellers(world, poll)
    keys = {c.name: c.key for c in poll.candidates.all()}
    forms = [
        {f"grade-{keys['王芳']}": "差"},
        {f"grade-{keys['王芳']}": "一般", f"grade-{keys['区委常委会工作报告']}": "好"},
        {"spoiled": "1"},
    ]
    for teller in (first, second):
        entry = paper.do_start_entry(poll=poll, teller=teller)
        for data in forms:
            paper.do_add_ballot(entry=entry, content=paper.clean_paper(poll, data), teller=teller)
        result = paper.do_submit_entry(entry=entry, teller=teller)
    assert result is not None and result.agree
    codes = hand_out_codes(poll, rest)
    content = appraisal.clean_form(poll, {f"grade-{keys['王芳']}": "差"})
    for code in codes:
        actions.cast_ballot(poll_id=poll.pk, code=code, content=content)
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    validate(poll.record)
    assert poll.result["forms"] == {"returned": 3 + len(rest), "valid": 2 + len(rest), "blank": 0, "spoiled": 1}
    wang = next(s for s in poll.result["subjects"] if s["name"] == "王芳")
    assert wang["counts"]["差"] == 1 + len(rest) and wang["counts"]["一般"] == 1
    assert verify_poll(poll).problems == []


def test_by_totals_two_tellers_agree_and_the_record_is_the_hall_total_with_the_phone_forms(client, world):
    poll, rest = _hall(world, paper_voters=5)
    first, second = _tellers(world, poll)
    for teller in (first, second):
        entry = paper.do_start_entry(poll=poll, teller=teller, mode=PaperEntry.Mode.TOTALS)
        totals = handcount.clean_totals(poll, totals_post(poll, 5, GRID, blank=1))
        result = handcount.do_submit_totals(entry=entry, totals=totals, teller=teller)
    assert result is not None and result.agree
    poll.refresh_from_db()
    assert poll.paper_accepted and poll.paper_totals["forms"] == {"returned": 5, "blank": 1, "spoiled": 0}
    keys = {c.name: c.key for c in poll.candidates.all()}
    for code in hand_out_codes(poll, rest):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"grades": {keys["王芳"]: "好"}})
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    record = poll.record
    validate(record)
    assert record["channels_merged"] is True and "counts" in record
    assert record["forms"] == {"returned": 5 + len(rest), "blank": 1, "spoiled": 0}
    assert record["counts"][keys["王芳"]] == {"好": len(rest), "较好": 0, "一般": 1, "差": 2}
    assert tally(record) == poll.result
    assert verify_poll(poll).problems == []


def test_totals_that_differ_are_listed_figure_by_figure_and_not_accepted(world):
    poll, _rest = _hall(world, paper_voters=5)
    first, second = _tellers(world, poll)
    other = {**GRID, "王芳": [0, 1, 0, 2]}
    for teller, grid in ((first, GRID), (second, other)):
        entry = paper.do_start_entry(poll=poll, teller=teller, mode=PaperEntry.Mode.TOTALS)
        result = handcount.do_submit_totals(
            entry=entry, totals=handcount.clean_totals(poll, totals_post(poll, 5, grid)), teller=teller
        )
    assert result is not None and not result.agree
    assert sorted(result.differences) == [("王芳 · 一般", 1, 0), ("王芳 · 较好", 0, 1)]
    poll.refresh_from_db()
    assert not poll.paper_accepted and poll.paper_totals is None


@pytest.mark.parametrize(
    ("post", "sentence"),
    [
        ({"returned": "6"}, "收回的纸质选票 6 张多于发出的纸质选票 5 张"),
        ({"returned": "5", "blank": "4", "spoiled": "2"}, "空白表 4 张加废表 2 张，多于收回的 5 张"),
        ({"returned": "3", "count-s3-4": "4"}, "王芳：好 0+较好 0+一般 0+差 4 = 4，多于有效表 3 张"),
        ({"returned": "5", "count-s1-1": "两"}, "须为不小于 0 的整数"),
        ({"returned": ""}, "请填写收回的纸质测评表张数"),
    ],
)
def test_bad_totals_are_refused_with_a_sentence_and_nothing_is_stored(world, post, sentence):
    poll, _rest = _hall(world, paper_voters=5)
    first, _second = _tellers(world, poll)
    entry = paper.do_start_entry(poll=poll, teller=first, mode=PaperEntry.Mode.TOTALS)
    with pytest.raises(MeetingError) as refused:
        handcount.do_submit_totals(entry=entry, totals=handcount.clean_totals(poll, post), teller=first)
    assert sentence in str(refused.value.message)
    entry.refresh_from_db()
    assert not entry.submitted and entry.totals is None


@pytest.mark.parametrize(
    ("data", "sentence"),
    [({"grade-s1": "优秀"}, "不在本次测评的等级中"), ({"grade-s7": "好"}, "测评表上没有这个测评对象")],
)
def test_a_paper_form_with_a_grade_not_on_the_scale_or_an_unknown_subject_is_refused(world, data, sentence):
    poll, _rest = _hall(world, paper_voters=2)
    first, _second = _tellers(world, poll)
    paper.do_start_entry(poll=poll, teller=first)
    with pytest.raises(MeetingError) as refused:
        paper.clean_paper(poll, data)
    assert sentence in str(refused.value.message)


def test_the_tellers_page_shows_the_grid_and_takes_a_form(client, world):
    poll, _rest = _hall(world, paper_voters=2)
    teller = appoint_teller(world, Meeting.objects.get(pk=poll.meeting_id), "teller1")
    client.force_login(teller)
    url = f"/staff/polls/{poll.pk}/paper"
    client.post(url, {"step": "start", "mode": "ballots"})
    html = client.get(url).content.decode()
    assert html.count('class="grade-input"') == len(SUBJECTS) * 4 and "废表（无法辨认或损毁）" in html
    keys = {c.name: c.key for c in poll.candidates.all()}
    client.post(url, {"step": "add", f"grade-{keys['王芳']}": "较好"})
    html = client.get(url).content.decode()
    assert "王芳：较好" in html and "区委常委会工作报告：弃权" in html
    refused = client.post(url, {"step": "add", f"grade-{keys['王芳']}": "称职"})
    assert refused.status_code == 422 and "不在本次测评的等级中" in refused.content.decode()
    entry = PaperEntry.objects.get(poll=poll)
    assert entry.ballots.count() == 1


def test_the_totals_page_shows_the_subject_grade_grid_and_keeps_what_was_typed(client, world):
    poll, _rest = _hall(world, paper_voters=5)
    teller = appoint_teller(world, Meeting.objects.get(pk=poll.meeting_id), "teller1")
    client.force_login(teller)
    url = f"/staff/polls/{poll.pk}/paper"
    client.post(url, {"step": "start", "mode": "totals"})
    html = client.get(url).content.decode()
    assert html.count('name="count-') == len(SUBJECTS) * 4 and "其中空白表" in html
    bad = totals_post(poll, 3, {"王芳": [0, 0, 0, 4]}) | {"step": "totals"}
    refused = client.post(url, bad)
    text = refused.content.decode()
    assert refused.status_code == 422 and "多于有效表 3 张" in text
    assert 'name="count-s3-4" value="4"' in text
