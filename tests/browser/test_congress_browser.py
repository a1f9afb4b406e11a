"""A congress meeting's work reports rated in the hall by phone, in a real Chromium.

The liaison office (the street's staff, 1280 px) reaches the agenda from the meeting page, adds a
written report with its PDF and sets up the rating; the representatives present rate every report
on their phones (360 px, one in Chinese, one in English); the staff close and publish the poll and
the hall display shows the result on the spot (1280 px, Chinese and English); a visitor reads the
board on a phone in English, downloads the open record, and the engine recounts it to the
published result. No page is wider than its screen."""

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


def _vote(browser, live_server, code: str, grades: list[int], locale: str, errors: list[str]):  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale).new_page()
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    phone.goto(f"{live_server.url}/vote/")
    phone.fill("#code", code)
    phone.click("#code-form button[type=submit]")
    phone.wait_for_selector("#ballot")
    rows = phone.locator(".grade-row")
    for n, grade in enumerate(grades):
        rows.nth(n).locator("label").nth(grade).click()
    return phone


def test_reports_rated_in_the_hall_by_phone_and_recounted_from_the_record(live_server, browser, shoot, tmp_path):
    from jiceng.record import record_sha256, tally
    from web.common.testing import tiny_pdf
    from web.congress import actions as congress_actions
    from web.congress.testing import congress_meeting
    from web.meetings import actions
    from web.meetings.models import Poll
    from web.org.testing import make_world

    world = make_world()
    meeting = congress_meeting(world, n=5)
    staff_user = world.street_staff
    for reporter, post, title in [
        ("陈立新", "区委常委、组织部部长", "抓基层党建工作述职"),
        ("王秀英", "区委常委、宣传部部长", "宣传思想工作述职"),
    ]:
        congress_actions.do_add_report(
            meeting=meeting, kind="oral", reporter=reporter, post=post, title=title, acting_user=staff_user
        )
    errors: list[str] = []
    pdf = tmp_path / "区教育局书面述职报告.pdf"
    pdf.write_bytes(tiny_pdf())

    # the liaison office: from the meeting page to the agenda; a written report with its PDF; the rating
    staff = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=WIDE)
    staff.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    staff.click("a:has-text('述职议程和询问')")
    staff.wait_for_selector("h1:has-text('述职议程和询问')")
    staff.click("summary:has-text('增加述职报告')")
    staff.select_option("#id_kind", "written")
    staff.fill("#id_reporter", "区教育局")
    staff.fill("#id_post", "区直部门")
    staff.fill("#id_title", "区教育局书面述职报告")
    staff.set_input_files("#id_document", str(pdf))
    staff.click("button:has-text('列入议程')")
    staff.wait_for_selector("text=已列入议程：区教育局书面述职报告")
    assert staff.locator("table.reports tbody tr").count() == 3
    _fits(staff, WIDE["width"])
    shoot(staff, "1-agenda-1280")
    staff.click("button:has-text('发起述职测评')")
    staff.wait_for_url("**/staff/polls/**")
    poll = Poll.objects.get(kind="appraisal")
    assert [c.name for c in poll.candidates.order_by("position")] == [
        "陈立新 · 区委常委、组织部部长",
        "王秀英 · 区委常委、宣传部部长",
        "区教育局 · 区直部门",
    ]

    # the hall: the meeting opens, the representatives check in and take their slips
    actions.do_open_meeting(meeting=meeting, acting_user=staff_user)
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=staff_user)
        for a in meeting.attendees.filter(kind="voter").order_by("id")
    ]
    actions.do_open_poll(poll=poll, acting_user=staff_user)
    codes = actions.hand_out_codes(poll, present, acting_user=staff_user)

    voter = _vote(browser, live_server, codes[0], [0, 0, 1], "zh-CN", errors)
    _fits(voter)
    shoot(voter, "2-phone-form-zh")
    voter.click("#cast-button")
    voter.wait_for_selector("#receipt")
    assert "区教育局" in voter.inner_text("#ballot-choice") and "基本满意" in voter.inner_text("#ballot-choice")
    _fits(voter)
    shoot(voter, "3-phone-receipt-zh")
    english = _vote(browser, live_server, codes[1], [0, 1, 2], "en-GB", errors)
    assert "Basically satisfied" in english.inner_text("#ballot")
    _fits(english)
    shoot(english, "4-phone-form-en")
    english.click("#cast-button")
    english.wait_for_selector("#receipt")
    shoot(english, "5-phone-receipt-en")
    keys = [c.key for c in poll.candidates.order_by("position")]
    for code in codes[2:]:
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"grades": dict.fromkeys(keys, "满意")})

    # counted and published on the spot; the hall display shows it
    staff.goto(f"{live_server.url}/staff/polls/{poll.pk}/")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("form[action$='/close/'] button")
    staff.wait_for_selector(".appraisal-result")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("form[action$='/publish/'] button")
    staff.wait_for_selector("text=已于")
    staff.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/live")
    staff.wait_for_selector(f"#hall-result-{poll.pk}")
    assert staff.locator(f"#hall-result-{poll.pk} tbody tr").count() == 3
    _fits(staff, WIDE["width"])
    shoot(staff, "6-hall-display-zh")
    staff.click(".langswitch button[value=en]")
    staff.wait_for_selector("html[lang=en]")
    shoot(staff, "7-hall-display-en")
    staff.goto(f"{live_server.url}/staff/congress/meetings/{meeting.pk}/")
    assert staff.locator(".appraisal-result").count() == 1
    _fits(staff, WIDE["width"])
    shoot(staff, "8-agenda-rated-en")

    # a visitor on a phone, in English: the board, the open record downloaded and recounted
    visitor = browser.new_context(viewport=PHONE, is_mobile=True, locale="en-GB", accept_downloads=True).new_page()
    visitor.on("pageerror", lambda exc: errors.append(str(exc)))
    visitor.goto(f"{live_server.url}/")
    visitor.wait_for_selector("html[lang=en]")  # the phone's language
    visitor.click("a.entry:has-text('Party congress')")
    visitor.click(f"a:has-text('{meeting.title}')")
    visitor.wait_for_selector(".appraisal-result")
    assert "区教育局书面述职报告" in visitor.inner_text("main")
    _fits(visitor)
    shoot(visitor, "9-board-phone-en")
    with visitor.expect_download() as got:
        visitor.click("a:has-text('Download the open record')")
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    record = json.loads(saved.read_text(encoding="utf-8"))
    poll.refresh_from_db()
    assert record_sha256(record) == poll.record_sha256
    recount = tally(record)
    assert recount == poll.result
    counts = {s["name"]: s["counts"] for s in recount["subjects"]}
    assert counts["区教育局 · 区直部门"] == {"满意": 4, "基本满意": 1, "不满意": 1, "abstain": 0}
    assert errors == []


def test_an_inquiry_from_the_representatives_phone_to_the_published_written_answer(live_server, browser, shoot):
    from web.congress.testing import congress_meeting, representative
    from web.org.testing import make_world

    world = make_world()
    meeting = congress_meeting(world)
    rep = representative(world)
    rep.set_password(PASSWORD)
    rep.save(update_fields=["password"])
    errors: list[str] = []

    # the representative, on a phone: from the meeting's agenda, an inquiry to a department
    phone = signed_in(browser, live_server, "representative", PASSWORD, errors)
    phone.goto(f"{live_server.url}/staff/congress/meetings/{meeting.pk}/")
    phone.click("summary:has-text('提出询问')")
    phone.check("input[name=to][value=department]")
    phone.fill("#id_to_name", "区教育局")
    phone.fill("#id_text", "   ")  # spaces pass the browser's own check, not the server's
    phone.click("form[action$='/inquiries/new'] button[type=submit]")
    phone.wait_for_selector(".errorlist, .field-error")
    assert "请写明询问的内容。" in phone.inner_text("main")  # nothing typed: said, nothing filed
    _fits(phone)
    shoot(phone, "1-inquiry-refused-phone")
    phone.fill("#id_text", "新建小区入住集中，明年秋季能否新增小学学位？")
    phone.click("form[action$='/inquiries/new'] button[type=submit]")
    phone.wait_for_selector("text=询问已提出")
    _fits(phone)
    shoot(phone, "2-inquiry-filed-phone")
    phone.goto(f"{live_server.url}/staff/")
    assert "您的询问等待书面答复" in phone.inner_text("main")
    shoot(phone, "3-home-phone")

    # the liaison office, at a desk in English: from the home page to the inquiry, both answers
    staff = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=WIDE, locale="en-GB")
    staff.goto(f"{live_server.url}/staff/")
    staff.click("#home-inquiries_owed a:has-text('Inquiry')")
    staff.click("summary:has-text('Record the answer on the spot')")
    staff.fill("#id_spot-answerer", "周文 · 区教育局局长")
    staff.fill("#id_spot-answer", "明年秋季新增学位约 900 个。")
    staff.click("form[action$='/spot'] button[type=submit]")
    staff.wait_for_selector("text=The answer on the spot is recorded.")
    staff.fill("#id_written-answer", "两所新建小学明年 8 月底前交付使用，新增学位 900 个。")
    staff.click("form[action$='/written'] button[type=submit]")
    staff.wait_for_selector("text=The written answer is recorded and published.")
    _fits(staff, WIDE["width"])
    shoot(staff, "4-inquiry-answered-1280-en")

    # published: the representative's phone in English, and the board
    phone.click(".langswitch button[value=en]")
    phone.wait_for_selector("html[lang=en]")
    phone.goto(f"{live_server.url}/staff/congress/inquiries/")
    assert "Answered in writing" in phone.inner_text("main")
    _fits(phone)
    shoot(phone, "5-my-inquiries-phone-en")
    phone.goto(f"{live_server.url}/board/congress/{meeting.pk}/")
    assert "两所新建小学" in phone.inner_text("main")
    _fits(phone)
    shoot(phone, "6-board-phone-en")
    assert errors == []
