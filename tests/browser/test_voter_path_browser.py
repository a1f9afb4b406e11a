"""The voter's path on a 360 px phone in a real Chromium: a mistyped code comes back to be
corrected, the language switch keeps it, an unmarked ballot is asked about and cast blank, the
receipt shows the choice (in either language), and the check page says in words what the published record holds.
No page is wider than the screen."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_voter_corrects_the_code_switches_language_casts_blank_and_checks_the_receipt(live_server, browser, shoot):
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes
    from web.meetings.results import do_publish
    from web.meetings.testing import make_meeting, open_election, received
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=5, probationary=0)
    poll = open_election(world, meeting, seats=2, names=["王芳", "李强", "丁一"])
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.filter(kind="voter")
    ]
    code, *others = hand_out_codes(poll, present)
    errors: list[str] = []
    voter = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    voter.on("pageerror", lambda exc: errors.append(str(exc)))

    # one character mistyped: the code comes back as typed, the error under the box
    mistyped = code[:15] + ("Z" if code[15] != "Z" else "Y")
    voter.goto(f"{live_server.url}/vote/")
    voter.fill("#code", mistyped)
    voter.click("#code-form button[type=submit]")
    assert voter.input_value("#code") == mistyped
    assert "投票码无效" in voter.inner_text("#code-error")
    assert voter.get_attribute("#code", "aria-describedby") == "code-error"
    _fits(voter)
    shoot(voter, "1-wrong-code")

    # corrected, then the language switched: the code is still in the box
    voter.fill("#code", code)
    voter.click(".langswitch button[value=en]")
    voter.wait_for_selector("html[lang=en]")
    assert voter.input_value("#code") == code
    assert "/vote/" == voter.url.removeprefix(live_server.url) and code not in voter.url
    _fits(voter)
    shoot(voter, "2-english-code-kept")

    # the ballot names its body, meeting and date; cast with no mark, it asks first
    voter.click("#code-form button[type=submit]")
    voter.wait_for_selector("#ballot")
    facts = voter.inner_text(".ballot-meeting")
    assert world.body_a.name in facts and meeting.title in facts and str(meeting.starts_at.year) in facts
    _fits(voter)
    shoot(voter, "3-ballot")
    voter.click("#cast-button")
    voter.wait_for_selector("#blank-question")
    assert "You have not chosen anyone" in voter.inner_text("#blank-question")
    _fits(voter)
    shoot(voter, "4-blank-question")
    voter.click("#blank-back")  # back to the ballot, nothing cast
    voter.wait_for_selector("#ballot")
    assert not received(poll)
    voter.click("#cast-button")
    voter.click("#blank-confirm")

    # the receipt shows the choice and links to the check page
    receipt = voter.inner_text("#receipt")
    choice = voter.inner_text("#ballot-choice")
    assert all(name in choice for name in ("王芳", "李强", "丁一")) and choice.count("abstain") == 3
    assert "{" not in choice
    _fits(voter)
    shoot(voter, "5-receipt")
    voter.click(".langswitch button[value=zh-hans]")  # the receipt stays on screen in Chinese
    voter.wait_for_selector("html[lang=zh-Hans]")
    assert voter.inner_text("#receipt") == receipt
    choice = voter.inner_text("#ballot-choice")
    assert "王芳" in choice and choice.count("弃权") == 3 and "abstain" not in choice
    assert len(received(poll)) == 1  # sealed, or waiting to be sealed (PostgreSQL)

    # the others vote, the poll closes and is published; the voter checks the receipt
    for other in others:
        actions.cast_ballot(
            poll_id=poll.pk, code=other, content={"marks": {c.key: "for" for c in poll.candidates.all()[:2]}}
        )
    do_publish(poll=actions.do_close_poll(poll=poll, acting_user=world.organiser), acting_user=world.organiser)
    voter.click("#check-link")
    voter.fill("#receipt", receipt)
    voter.click("#check-form button[type=submit]")
    assert voter.inner_text("#ballot-choice") == choice
    assert "{'" not in voter.inner_text("main")
    _fits(voter)
    shoot(voter, "6-check-chinese")
    voter.click(".langswitch button[value=en]")
    voter.wait_for_selector("html[lang=en]")
    assert voter.input_value("#receipt") == receipt.replace("-", "")
    recorded = voter.inner_text("#ballot-choice")
    assert "王芳" in recorded and recorded.count("abstain") == 3
    _fits(voter)
    shoot(voter, "7-check-english")
    assert errors == []
