"""The speech timer in a real Chromium: the chair starts it from a phone, the hall display counts
down, turns amber in the last minute and red with 时间到 once over time."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def _sign_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def test_the_chair_starts_a_timer_and_the_hall_display_counts_down(live_server, browser, shoot):
    from django.utils import timezone

    from web.meetings import actions, results
    from web.meetings.models import SpeechTimer
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=3, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="选举社区党委委员",
        kind="election",
        seats=1,
        rules={"elected": "for > 1/2 of present"},
        candidates=[("王芳", None), ("李强", None)],
        acting_user=world.organiser,
    )
    poll = results.do_draw_speaking_order(poll=poll, seed="2026-12-01 6 3", acting_user=world.organiser)
    first = poll.speaking_draw["order"][0]["name"]
    errors: list[str] = []

    chair = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    chair.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(chair, live_server.url)
    chair.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    chair.click(f"form[action$='/timer/start'] button >> text={first}")  # one tap: the first drawn speaker
    chair.wait_for_selector(".message.success")
    assert first in chair.inner_text(".timer-label")
    shoot(chair, "1-chair-phone")

    hall = browser.new_context(viewport=PROJECTOR, locale="zh-CN").new_page()
    hall.on("pageerror", lambda exc: errors.append(str(exc)))
    hall.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(hall, live_server.url)
    hall.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/live")
    assert first in hall.inner_text("#live .timer-label")
    start = hall.inner_text("#live .timer-digits")
    assert re.fullmatch(r"[45]:\d\d", start)
    hall.wait_for_function("t => document.querySelector('#live .timer-digits').textContent !== t", arg=start)
    shoot(hall, "2-hall-running")

    # ten seconds before the end: amber, then the browser itself turns it red
    SpeechTimer.objects.filter(meeting=meeting).update(started_at=timezone.now() - dt.timedelta(seconds=290))
    hall.reload()
    hall.wait_for_selector("#live .timer.warn")
    shoot(hall, "3-hall-last-minute")
    hall.wait_for_selector("#live .timer.over", timeout=20_000)
    assert hall.inner_text("#live .timer-note") == "时间到"
    assert hall.inner_text("#live .timer-digits").startswith("+0:0")
    shoot(hall, "4-hall-over-time")

    # the chair pauses; the display follows on its next refresh
    chair.reload()
    chair.click("form[action$='/timer/pause'] button")
    chair.wait_for_selector(".timer.paused")
    hall.wait_for_selector("#live .timer.paused", timeout=15_000)
    shoot(hall, "5-hall-paused")

    assert errors == []
