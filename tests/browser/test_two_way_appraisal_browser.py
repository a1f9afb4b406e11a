"""The two-way appraisal (双向评议) in a real Chromium: the street's staff set up both directions
from the appraisal list on a 1280 px desktop, open both; a community cadre finds the open form on
their home page and rates the street's offices on a 360 px phone; the staff count and publish both
on a phone (the pair page says when one side is published and the other not yet); the board's page
of the street and year shows both results side by side (one above the other on the phone), in
Chinese and English, and the record downloaded from it recounts with the engine to its result.
No page is wider than its screen."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def _step(page, live_server, session_id: int) -> None:  # type: ignore[no-untyped-def]
    """Take a session's next step from its page (open, count or publish)."""
    page.goto(f"{live_server.url}/staff/appraisals/{session_id}/")
    page.click("#next button[type=submit]")
    page.wait_for_selector(".messages")


def test_a_two_way_appraisal_from_the_form_to_the_board(live_server, browser, shoot):
    from jiceng.record import tally
    from web.appraisals import testing, two_way
    from web.appraisals import two_way_testing as tw
    from web.meetings import actions
    from web.org.testing import make_world

    world = make_world()
    found = tw.setting(world)
    errors: list[str] = []

    # the street's staff set it up on a desktop, from the appraisal list
    desk = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=WIDE)
    desk.goto(f"{live_server.url}/staff/appraisals/")
    desk.click("a[href$='/staff/appraisals/two-way/new/']")
    desk.fill("#id_year", "2025")
    desk.check("input[name=mode][value=phone]")
    desk.select_option("#id_offices_meeting", str(found.reps_meeting.pk))
    desk.select_option("#id_villages_meeting", str(found.leaders_meeting.pk))
    assert desk.locator("input[name=offices]:checked").count() == 2  # every office, every community
    assert desk.locator("input[name=villages]:checked").count() == 2
    _fits(desk, WIDE["width"])
    shoot(desk, "1-new-desktop")
    desk.click("form.card button[type=submit]")
    desk.wait_for_selector(".hall-tables.two")
    offices, villages = two_way.pair_in(world.street, 2025)
    assert "两个方向都尚未公布" in desk.inner_text("main")
    shoot(desk, "2-pair-desktop")
    for s in (offices, villages):
        _step(desk, live_server, s.pk)  # open

    # the raters check in and take their slips in the hall; the cadre's slip is handed first
    for s in (offices, villages):
        for a in s.meeting.attendees.filter(kind="voter"):
            actions.do_check_in(attendee=a, method="search", acting_user=world.street_staff)
    cadre_at = offices.meeting.attendees.get(person_id=found.cadre.person_id)
    (cadre_code,) = actions.hand_out_codes(offices.poll, [cadre_at])
    codes = {
        offices.pk: actions.hand_out_codes(
            offices.poll, list(offices.meeting.attendees.filter(kind="voter").exclude(pk=cadre_at.pk))
        ),
        villages.pk: actions.hand_out_codes(villages.poll, list(villages.meeting.attendees.filter(kind="voter"))),
    }

    # a community cadre sees the open form on their home page and rates on a phone
    phone = signed_in(browser, live_server, found.cadre.username, tw.CADRE_PASSWORD, errors)
    assert offices.title in phone.inner_text("main")
    _fits(phone)
    shoot(phone, "3-cadre-home-phone")
    phone.click("main a[href$='/vote/']")
    phone.fill("#code", cadre_code)
    phone.click("#code-form button[type=submit]")
    phone.wait_for_selector("#ballot")
    rows = phone.locator(".grade-row")
    assert rows.count() == 2
    for n in range(2):
        rows.nth(n).locator("label").nth(n).click()  # 好 for the first office, 较好 for the second
    _fits(phone)
    shoot(phone, "4-cadre-form-phone")
    phone.click("#cast-button")
    phone.wait_for_selector("#receipt")
    others = {"grades": {c.key: "较好" for c in offices.poll.candidates.all()}}
    testing.cast(offices, codes[offices.pk], [others] * len(codes[offices.pk]))
    keys = {c.name: c.key for c in villages.poll.candidates.all()}
    poor = {"grades": {keys["和平社区"]: "满意", keys["红星社区"]: "不满意"}}
    testing.cast(villages, codes[villages.pk], [poor] * len(codes[villages.pk]))

    # the staff count both and publish the villages' side first, on a phone
    staff = signed_in(browser, live_server, "street_staff", PASSWORD, errors)
    for s in (offices, villages):
        _step(staff, live_server, s.pk)  # count
    _step(staff, live_server, villages.pk)  # publish one side alone
    staff.goto(f"{live_server.url}/staff/appraisals/two-way/{offices.pk}/")
    text = staff.inner_text("main")
    assert "一方已公布，另一方“村（社区）评议春熙街道部门”尚未公布" in text and "较好以上" in text and "{" not in text
    _fits(staff)
    shoot(staff, "5-pair-one-published-phone")
    _step(staff, live_server, offices.pk)  # publish
    staff.goto(f"{live_server.url}/staff/appraisals/two-way/{offices.pk}/")
    staff.click(f"a[href$='/board/appraisals/two-way/{world.street.pk}/2025/']")
    staff.wait_for_selector(".appraisal-result")
    _fits(staff)
    shoot(staff, "6-board-phone")
    tops = [staff.locator(".hall-tables.two > section").nth(n).bounding_box()["y"] for n in range(2)]
    assert tops[0] < tops[1]  # one above the other on the phone
    with staff.expect_download() as got:
        staff.click(f"a[href$='/board/appraisals/{offices.pk}/record.json']")
    record = json.loads(got.value.path().read_text(encoding="utf-8"))
    with staff.expect_download() as got_result:
        staff.click(f"a[href$='/board/appraisals/{offices.pk}/result.json']")
    result = json.loads(got_result.value.path().read_text(encoding="utf-8"))
    recount = tally(record)
    assert recount["record_sha256"] == result["record_sha256"] and recount["subjects"] == result["subjects"]
    assert len(record["forms"]) == 2

    # the board in English on a desktop: both side by side
    board = browser.new_context(viewport=WIDE, locale="en-GB").new_page()
    board.on("pageerror", lambda exc: errors.append(str(exc)))
    board.goto(f"{live_server.url}/board/appraisals/two-way/{world.street.pk}/2025/")
    board.wait_for_selector("html[lang=en]")
    english = board.inner_text("main")
    assert "two-way appraisal" in english and "satisfaction rate" in english and "fairly good or better" in english
    boxes = [board.locator(".hall-tables.two > section").nth(n).bounding_box() for n in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[0]["x"] < boxes[1]["x"]  # side by side
    _fits(board, WIDE["width"])
    shoot(board, "7-board-english-desktop")
    actions.do_close_meeting(meeting=offices.meeting, acting_user=world.street_staff)
    assert errors == []
