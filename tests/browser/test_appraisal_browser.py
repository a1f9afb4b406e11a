"""An appraisal of 30 subjects on a 360 px phone in a real Chromium: the form is one screen
scrolling, each choice shows on its subject, an unrated subject is asked about before the form
is cast, the receipt lists every subject's grade; then the organiser creates nothing by hand but
closes the poll and reads the result on the poll page (phone) and on the hall display (1280 px),
in Chinese and English. No page is wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECTS = 30
WIDE = {"width": 1280, "height": 800}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def test_a_voter_rates_30_subjects_on_a_phone_and_the_result_is_read_on_the_spot(live_server, browser, shoot):
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes
    from web.meetings.appraisal import do_create_appraisal_poll
    from web.meetings.testing import make_meeting, received
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=6, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    names = ["区委常委会工作报告", "区纪委常委会工作报告", "区人大常委会党组书面报告"]
    names += [f"区直部门第{n}号书面工作报告" for n in range(4, SUBJECTS + 1)]
    poll = do_create_appraisal_poll(
        meeting=meeting,
        title="区党代会代表对工作报告的测评",
        subjects=[(n, None) for n in names],
        scale="satisfaction",
        acting_user=world.organiser,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.filter(kind="voter")
    ]
    code, *others = hand_out_codes(poll, present)
    errors: list[str] = []
    voter = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    voter.on("pageerror", lambda exc: errors.append(str(exc)))

    voter.goto(f"{live_server.url}/vote/")
    voter.fill("#code", code)
    voter.click("#code-form button[type=submit]")
    voter.wait_for_selector("#ballot")
    assert voter.locator(".grade-row").count() == SUBJECTS
    assert "已评定 0 / 30" in voter.inner_text("#appraisal-progress")
    _fits(voter)
    shoot(voter, "1-form-empty")

    # every subject but the last rated by tapping the grade's button; the choice shows at once
    rows = voter.locator(".grade-row")
    for n in range(SUBJECTS - 1):
        row = rows.nth(n)
        row.locator("label").nth(n % 3).click()
        assert row.evaluate("r => r.classList.contains('graded')")
    chosen = rows.nth(0).locator(".grade-input:checked + label")
    assert chosen.inner_text() == "满意"
    assert chosen.evaluate("l => getComputedStyle(l).backgroundColor") != rows.nth(0).locator("label").nth(1).evaluate(
        "l => getComputedStyle(l).backgroundColor"
    )
    assert "已评定 29 / 30" in voter.inner_text("#appraisal-progress")
    _fits(voter)
    shoot(voter, "2-form-rated")
    voter.set_viewport_size(PHONE)
    voter.click("#cast-button")

    # the subject left unrated is asked about; back, rated, cast
    voter.wait_for_selector("#blank-question")
    assert "还有 1 个对象没有评定" in voter.inner_text("#blank-question")
    assert names[-1] in voter.inner_text("#unanswered")
    _fits(voter)
    shoot(voter, "3-asked")
    voter.click("#blank-back")
    voter.wait_for_selector("#ballot")
    assert voter.locator(".grade-input:checked").count() == SUBJECTS - 1  # nothing lost going back
    assert not received(poll)
    rows.nth(SUBJECTS - 1).locator("label").nth(2).click()
    voter.click("#cast-button")
    receipt = voter.inner_text("#receipt")
    choice = voter.inner_text("#ballot-choice")
    assert names[0] in choice and names[-1] in choice and "不满意" in choice and "{" not in choice
    _fits(voter)
    shoot(voter, "4-receipt")
    voter.click(".langswitch button[value=en]")  # the receipt in English, still on screen
    voter.wait_for_selector("html[lang=en]")
    assert voter.inner_text("#receipt") == receipt and "Dissatisfied" in voter.inner_text("#ballot-choice")
    shoot(voter, "5-receipt-english")
    [stored] = received(poll)
    assert len(stored["content"]["grades"]) == SUBJECTS

    # a second voter sees the form in English
    english = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB").new_page()
    english.on("pageerror", lambda exc: errors.append(str(exc)))
    english.goto(f"{live_server.url}/vote/")
    english.fill("#code", others[0])
    english.click("#code-form button[type=submit]")
    english.wait_for_selector("#ballot")
    assert "Basically satisfied" in english.inner_text("#ballot") and "0 of 30 rated" in english.inner_text("#ballot")
    _fits(english)
    shoot(english, "6-form-english")
    english.click("#cast-button")  # nothing rated: a blank form, asked about
    english.wait_for_selector("#blank-question")
    assert "You have not rated anyone" in english.inner_text("#blank-question")
    shoot(english, "7-blank-question-english")

    # the rest vote, the poll closes; the organiser reads the result on the phone and the hall
    keys = [c.key for c in poll.candidates.all()]
    for other in others[1:]:
        actions.cast_ballot(poll_id=poll.pk, code=other, content={"grades": dict.fromkeys(keys, "不满意")})
    staff = signed_in(browser, live_server, "organiser", PASSWORD, errors)
    staff.goto(f"{live_server.url}/staff/polls/{poll.pk}/")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("form[action$='/close/'] button")
    staff.wait_for_selector(".appraisal-result")
    text = staff.inner_text(".appraisal-result")
    assert "触发提示，提请组织研究（不是处分）" in text and "取消书记、主任下一年度评先评优资格" in text
    _fits(staff)
    shoot(staff, "8-result-phone")
    hall = browser.new_context(viewport=WIDE, locale="zh-CN").new_page()
    hall.on("pageerror", lambda exc: errors.append(str(exc)))
    hall.goto(f"{live_server.url}/accounts/login/")
    hall.fill("#id_username", "organiser")
    hall.fill("#id_password", PASSWORD)
    hall.click("main button[type=submit]")
    hall.wait_for_url(f"{live_server.url}/staff/")
    hall.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/live")
    hall.wait_for_selector(f"#hall-result-{poll.pk}")
    assert hall.locator(f"#hall-result-{poll.pk} tbody tr").count() == SUBJECTS
    _fits(hall, WIDE["width"])
    shoot(hall, "9-hall-display")
    hall.goto(f"{live_server.url}/staff/polls/{poll.pk}/display")
    hall.click(".langswitch button[value=en]")
    hall.wait_for_selector("html[lang=en]")
    assert "flags raised for the organisation to review" in hall.inner_text("main")
    _fits(hall, WIDE["width"])
    shoot(hall, "10-hall-display-english")
    assert errors == []
