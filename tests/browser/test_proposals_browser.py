"""Issue 14, a proposal from filing to its rated answer, walked in a real browser.

On a 360-pixel phone, in Chinese: a representative files a proposal on parking; the form shows a
near-identical proposal of the season first, they file their own all the same, and once two
representatives second it they send it for review. On a 1280-pixel screen, in English: the
district's liaison staff accept it and record a delegation's discussion; the congress votes on it
(by phone, through the meetings app); the staff read the result and assign it to the transport
bureau; its handler answers. Back on the phone, the proposer rates the answer 不满意, the bureau
answers again, and the second rating (满意) closes it; the public board lists it with both
answers and ratings. Every page fits its screen and runs without script errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.common.testing import local_at
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_proposal_from_filing_to_a_rated_answer(browser, live_server, shoot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from web.org.testing import make_world
    from web.proposals import actions, testing
    from web.proposals.models import Proposal

    now = {"at": local_at("2026-10-12", 9)}
    monkeypatch.setattr("web.common.clock.now", lambda: now["at"])
    pw = testing.make_proposal_world(make_world())
    testing.file(pw, "parking", by=3, cosigners=(4, 2))  # 赵敏's, already on file
    errors: list[str] = []

    # the representative, on a phone, in Chinese: the near-duplicate first, then their own
    phone = signed_in(browser, live_server, pw.reps[0].username, PASSWORD, errors, viewport=PHONE)
    phone.goto(f"{live_server.url}/staff/proposals/")
    shoot(phone, "1-proposals")
    phone.click('a.button:has-text("提出提案")')
    phone.select_option("#id_theme", str(pw.theme().pk))
    phone.fill("#id_title", "关于解决老旧小区停车难问题的建议")
    phone.fill("#id_situation", "老旧小区没有规划停车位，车辆占用消防通道，居民为停车发生矛盾，夜间停车难。")
    phone.fill("#id_request", "建议学校和机关停车场夜间错时开放，改造老旧小区时增设停车位。")
    phone.check("#id_cosigners_0")
    phone.check("#id_cosigners_1")
    phone.click("button.primary")
    phone.wait_for_selector("#alike-section")
    assert "相似度" in phone.inner_text("#alike-section")
    assert Proposal.objects.count() == 1  # nothing filed while the suggestion is shown
    _fits(phone, PHONE["width"])
    shoot(phone, "2-near-duplicate")
    phone.check("#id_alone")
    phone.click("button.primary")
    phone.wait_for_selector("#act-submit")
    p = Proposal.objects.get(proposer=pw.seats[0])
    for i in (1, 2):
        actions.do_second_proposal(proposal=p, acting_user=pw.reps[i])
    phone.reload()
    shoot(phone, "3-seconded")
    phone.click("#act-submit button[type=submit]")
    phone.wait_for_selector(".message")
    assert Proposal.objects.get(pk=p.pk).state == "submitted"
    _fits(phone, PHONE["width"])

    # the liaison staff, on a desktop, in English: accept, record the discussion
    desk = signed_in(browser, live_server, "district_staff", PASSWORD, errors, viewport=DESKTOP, locale="en-US")
    assert "Proposal" in desk.inner_text("#home-proposals_liaison")
    shoot(desk, "4-staff-home")
    desk.locator("#home-proposals_liaison a").first.click()
    desk.wait_for_selector("#act-review")
    desk.check("#id_review-decision_0")
    desk.fill("#id_review-reason", "Within the research themes; accepted.")
    desk.click("#act-review button[type=submit]")
    desk.wait_for_selector("#act-discuss")
    desk.select_option("#id_discuss-delegation", index=1)
    desk.fill("#id_discuss-held_on", "2026-10-12")
    desk.fill("#id_discuss-summary", "The delegation agreed; try it in two communities first.")
    desk.click("#act-discuss button[type=submit]")
    desk.wait_for_selector("#discussions")
    _fits(desk, DESKTOP["width"])
    shoot(desk, "5-accepted-discussed")

    # the congress votes by phone (the meetings app's own pages are walked in their tests)
    p.refresh_from_db()
    assert p.state == "accepted"
    from web.meetings import actions as m
    from web.meetings import ballots

    meeting = actions.do_put_to_vote(
        season=pw.season, proposals=[p], starts_at=now["at"], acting_user=pw.district_staff
    )
    m.do_open_meeting(meeting=meeting, acting_user=pw.district_staff)
    for a in meeting.attendees.filter(kind="voter").order_by("id"):
        m.do_check_in(attendee=a, method="search", acting_user=pw.district_staff)
    voters = list(meeting.attendees.filter(kind="voter").order_by("id"))
    poll = m.do_open_poll(poll=meeting.polls.get(), acting_user=pw.district_staff)
    for code in m.hand_out_codes(poll, voters, acting_user=pw.district_staff):
        m.cast_ballot(poll_id=poll.pk, code=code, content=ballots.clean_content(poll, {"vote": "yes"}))
    m.do_close_poll(poll=poll, acting_user=pw.district_staff)
    desk.goto(f"{live_server.url}/staff/proposals/{p.pk}/")
    desk.click("#act-conclude button[type=submit]")
    desk.wait_for_selector("#act-assign")
    desk.select_option("#id_assign-office", str(pw.transport.pk))
    desk.click("#act-assign button[type=submit]")
    desk.wait_for_selector(".message")
    p.refresh_from_db()
    assert p.state == "assigned" and p.office == pw.transport
    shoot(desk, "6-assigned")

    # the transport bureau answers, in English
    bureau = signed_in(browser, live_server, "traffic_handler", PASSWORD, errors, viewport=DESKTOP, locale="en-US")
    bureau.locator("#home-proposals_answer a").first.click()
    bureau.fill("#id_answer-text", "Two schools will open their car parks at night from next month.")
    bureau.click("#act-answer button[type=submit]")
    bureau.wait_for_selector(".message")
    _fits(bureau, DESKTOP["width"])
    shoot(bureau, "7-answered")

    # the proposer rates it 不满意 on the phone: the bureau answers again, then 满意
    phone.goto(f"{live_server.url}/staff/")
    phone.locator("#home-proposals_mine a").first.click()
    phone.check("#id_rate-rating_2")
    phone.fill("#id_rate-note", "只有两所学校，车位还是不够。")
    shoot(phone, "8-rating")
    phone.click("#act-rate button[type=submit]")
    phone.wait_for_selector(".message")
    p.refresh_from_db()
    assert p.state == "assigned" and p.reopened == 1
    actions.do_answer_proposal(
        proposal=p, text="又协调了区政务中心停车场，夜间新增车位 200 个。", acting_user=pw.traffic_handler
    )
    phone.reload()
    phone.check("#id_rate-rating_0")
    phone.click("#act-rate button[type=submit]")
    phone.wait_for_selector(".message")
    p.refresh_from_db()
    assert p.state == "closed" and p.rating == "satisfied"
    _fits(phone, PHONE["width"])
    shoot(phone, "9-closed")

    # the public board, on the phone, without signing in
    board = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    board.goto(f"{live_server.url}/board/proposals/")
    assert "关于解决老旧小区停车难问题的建议" in board.inner_text("main")
    board.click("text=关于解决老旧小区停车难问题的建议")
    text = board.inner_text("main")
    assert "第 2 次答复" in text and "不满意" in text and "满意" in text
    _fits(board, PHONE["width"])
    shoot(board, "10-board")
    assert errors == []
