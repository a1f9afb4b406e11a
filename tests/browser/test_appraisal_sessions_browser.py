"""An appraisal session of 30 subjects held in a meeting by phone, in a real Chromium: the
organiser sets it up from the form on a 1280 px desktop, opens it, a rater grades all 30 on a
360 px phone, the organiser ends and counts it on the phone, downloads the open record and the
engine's recount of it gives the result the page shows; the flag is on the organiser's home, the
public board shows the session once published, in Chinese and English. No page is wider than
its screen."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECTS = 30
WIDE = {"width": 1280, "height": 800}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def test_a_30_subject_session_on_phones_recounts_from_its_downloaded_record(live_server, browser, shoot):
    from jiceng.record import tally
    from web.appraisals.models import Session
    from web.meetings import actions
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=6, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    names = [f"区直部门第{n}号负责人" for n in range(1, SUBJECTS + 1)]
    errors: list[str] = []

    # the organiser sets the session up on a desktop, from the home page's way in
    desk = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=WIDE)
    desk.goto(f"{live_server.url}/staff/appraisals/")
    desk.click("a[href$='/staff/appraisals/new/']")
    desk.fill("#id_title", "2026年度区直部门负责人民主测评")
    desk.check("input[name=mode][value=phone]")
    desk.select_option("#id_meeting", str(meeting.pk))
    desk.select_option("#id_raters", "body")
    desk.select_option("#id_scale", "individual")
    desk.fill("#id_subject_names", "\n".join(names))
    desk.check("input[name=visibility][value=public]")
    _fits(desk, WIDE["width"])
    shoot(desk, "1-new-desktop")
    desk.click("form.card button[type=submit]")
    desk.wait_for_selector("#next")
    session = Session.objects.get()
    assert session.poll.candidates.count() == SUBJECTS
    desk.click("#next button[type=submit]")
    desk.wait_for_selector(".messages, #next")
    session.refresh_from_db()
    assert session.state == "open"
    shoot(desk, "2-open-desktop")

    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.filter(kind="voter")
    ]
    code, *others = actions.hand_out_codes(session.poll, present)

    # a rater grades all 30 on a phone
    voter = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    voter.on("pageerror", lambda exc: errors.append(str(exc)))
    voter.goto(f"{live_server.url}/vote/")
    voter.fill("#code", code)
    voter.click("#code-form button[type=submit]")
    voter.wait_for_selector("#ballot")
    rows = voter.locator(".grade-row")
    assert rows.count() == SUBJECTS
    for n in range(SUBJECTS):
        rows.nth(n).locator("label").nth(3 if n == 0 else 1).click()  # the first subject: 不称职
    assert "已评定 30 / 30" in voter.inner_text("#appraisal-progress")
    _fits(voter)
    shoot(voter, "3-form-phone")
    voter.click("#cast-button")
    voter.wait_for_selector("#receipt")
    shoot(voter, "4-receipt-phone")

    keys = [c.key for c in session.poll.candidates.order_by("position")]
    first = keys[0]
    for n, other in enumerate(others):
        grades = dict.fromkeys(keys, "称职")
        grades[first] = "不称职" if n < 2 else "基本称职"
        actions.cast_ballot(poll_id=session.poll_id, code=other, content={"grades": grades})

    # the organiser ends and counts it on a phone, and reads the result there
    phone = signed_in(browser, live_server, "organiser", PASSWORD, errors)
    phone.goto(f"{live_server.url}/staff/appraisals/{session.pk}/")
    phone.click("#next button[type=submit]")
    phone.wait_for_selector(".appraisal-result")
    text = phone.inner_text("main")
    assert "提请组织研究" in text and "本提示不是处分决定" in text and "{" not in text
    _fits(phone)
    shoot(phone, "5-result-phone")
    with phone.expect_download() as got:
        phone.click(f"a[href$='/staff/appraisals/{session.pk}/record.json']")
    record = json.loads(got.value.path().read_text(encoding="utf-8"))
    with phone.expect_download() as got_result:
        phone.click(f"a[href$='/staff/appraisals/{session.pk}/result.json']")
    published = json.loads(got_result.value.path().read_text(encoding="utf-8"))
    recount = tally(record)
    assert recount["record_sha256"] == published["record_sha256"]
    assert recount["subjects"] == published["subjects"] and recount["flagged"] == published["flagged"]
    assert {f["subject"] for f in recount["flagged"]} == {first}
    assert len(record["forms"]) == len(present)

    # the flag is on the organiser's home, with its way to the session
    phone.goto(f"{live_server.url}/staff/")
    home = phone.inner_text("#home-appraisal_work")
    assert "区直部门第1号负责人" in home and "提请组织研究" in home
    _fits(phone)
    shoot(phone, "6-home-phone")
    phone.goto(f"{live_server.url}/staff/appraisals/{session.pk}/")
    phone.fill("textarea[name=decision]", "经研究，由分管领导进行谈话提醒。")
    phone.locator("form[action*='/staff/appraisals/reviews/'] button").first.click()
    phone.wait_for_selector(".reviews")
    assert "经研究，由分管领导进行谈话提醒。" in phone.inner_text(".reviews")
    phone.click("#next button[type=submit]")  # publish
    phone.wait_for_selector("a[href*='/board/appraisals/']")

    # the public board, in English on a desktop
    board = browser.new_context(viewport=WIDE, locale="en-GB").new_page()
    board.on("pageerror", lambda exc: errors.append(str(exc)))
    board.goto(f"{live_server.url}/board/appraisals/")
    board.wait_for_selector("html[lang=en]")  # the browser asks for English
    board.click(f"a[href$='/board/appraisals/{session.pk}/']")
    board.wait_for_selector(".appraisal-result")
    assert "for the organisation to review" in board.inner_text("main")
    _fits(board, WIDE["width"])
    shoot(board, "7-board-english-desktop")
    assert errors == []
