"""A meeting in a real Chromium: check in, a voter votes on a phone-sized screen, close, result."""

from __future__ import annotations

import pytest

from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}


def test_check_in_vote_by_phone_close_and_see_the_result(live_server, browser, shoot):
    from web.meetings import actions
    from web.meetings.models import Poll
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=3, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="选举社区党委委员",
        kind="election",
        seats=2,
        rules={"elected": "for > 1/2 of present"},
        candidates=[("王芳", None), ("李强", None), ("丁一", None)],
        acting_user=world.organiser,
    )
    actions.do_open_poll(poll=poll, acting_user=world.organiser)
    errors: list[str] = []

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.fill("#id_username", "organiser")
    staff.fill("#id_password", PASSWORD)
    staff.click("main button[type=submit]")
    staff.wait_for_url(f"{live_server.url}/staff/")

    # check everyone in by searching the roster (HTMX results)
    staff.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/check-in")
    for attendee in meeting.attendees.select_related("person"):
        staff.fill("#q", attendee.person.name)
        staff.wait_for_selector(f"#checkin-results >> text={attendee.person.name}")
        staff.click("#checkin-results button[type=submit]")
        staff.wait_for_selector(".message.success")
    shoot(staff, "1-check-in")
    staff.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/live")
    assert "符合法定人数" in staff.inner_text("#live")
    shoot(staff, "2-live")

    # print a batch of unnamed slips (each shows its code and QR), then the desk hands one to the
    # first voter and records only that they took a slip
    staff.goto(f"{live_server.url}/staff/polls/{poll.pk}/")
    staff.click("#code-batch button[type=submit]")
    code = staff.inner_text("#voting-code")
    shoot(staff, "3-slip")
    staff.goto(f"{live_server.url}/staff/polls/{poll.pk}/")
    staff.click("button[value=phone] >> nth=0")
    staff.wait_for_selector(".message.success")

    # the voter, on a small phone, opens the QR link: the code arrives after "#"
    voter = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    voter.on("pageerror", lambda exc: errors.append(str(exc)))
    voter.goto(f"{live_server.url}/vote/#{code}")
    assert voter.input_value("#code") == code
    assert "#" not in voter.url  # the code leaves the address bar
    voter.click("#code-form button[type=submit]")
    voter.wait_for_selector("#ballot")
    names = voter.locator(".ballot-row legend").all_inner_texts()
    assert names == ["丁一", "王芳", "李强"]  # stroke order
    keys = {c.name: c.key for c in poll.candidates.all()}
    # three "for" marks on two seats: the page says so and holds the button back
    for name in names:
        voter.check(f"input[name=mark-{keys[name]}][value=for]")
    assert voter.is_disabled("#cast-button")
    assert "超过应选名额" in voter.inner_text("#ballot-count")
    shoot(voter, "4-ballot-too-many")
    voter.check(f"input[name=mark-{keys['李强']}][value=against]")
    assert voter.is_enabled(f"input[name=writein-{keys['李强']}]") is True
    voter.fill(f"input[name=writein-{keys['李强']}]", "赵六")
    assert voter.is_disabled("#cast-button")  # 2 for + 1 write-in > 2 seats
    voter.check(f"input[name=mark-{keys['丁一']}][value=abstain]")
    assert voter.is_enabled("#cast-button")
    shoot(voter, "5-ballot-ready")
    voter.click("#cast-button")
    receipt = voter.inner_text("#receipt")
    shoot(voter, "6-receipt")

    # close and see the result on the spot
    staff.goto(f"{live_server.url}/staff/polls/{poll.pk}/")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("form[action$='/close/'] button")
    staff.wait_for_selector("text=计票结果")
    shoot(staff, "7-result")
    closed = Poll.objects.get(pk=poll.pk)
    assert closed.state == "closed" and len(closed.record["ballots"]) == 1
    assert closed.record["ballots"][0]["receipt"] == receipt.replace("-", "")
    assert errors == []
