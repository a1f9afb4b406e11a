"""Issue 14, a reception walked in a real browser.

On a 360-pixel phone, in Chinese: a representative on duty opens their home, follows "my reception
duty this week" to the session, checks in, enters a resident's request at the session (the
intake's form, the representative chosen), gets the number and code, and finds the request on
the session's page. On a 1280-pixel screen, in English: the studio's director sees the session on
their desk with the check-in and the request, opens the studio and adds a visiting day; the
public board's studio page shows the calendar and the recent work, and no representative's own
phone. Every page fits its screen and runs without script errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, request_form_ready, signed_in
from web.common.testing import local_at
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_reception_check_in_and_a_request_taken_there(browser, live_server, shoot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from web.cases.testing import make_case_world
    from web.org.testing import make_world
    from web.studios.models import Duty, Session, SessionCase
    from web.studios.testing import make_studio_world

    now = {"at": local_at("2026-03-02", 9)}
    monkeypatch.setattr("web.common.clock.now", lambda: now["at"])
    sw = make_studio_world(make_case_world(make_world()))
    session = Session.objects.filter(studio=sw.studio_a).order_by("starts_at").first()
    now["at"] = local_at("2026-03-03", 9, 10)  # Tuesday's reception has begun; 刘洋 is on duty
    errors: list[str] = []

    # the representative, on a phone, in Chinese
    phone = signed_in(browser, live_server, "rep_a", PASSWORD, errors, viewport=PHONE)
    duty = phone.locator("#home-studio_duty")
    assert "和平社区党代表工作室" in duty.inner_text()
    _fits(phone, PHONE["width"])
    shoot(phone, "1-home-duty")
    duty.locator("a").first.click()
    phone.wait_for_selector("#duty")
    shoot(phone, "2-session")
    phone.click("text=我已到岗，签到")
    phone.wait_for_selector("#duty .tag.full")
    assert Duty.objects.get(session=session, seat=sw.seat_a).check_in_by == "self"
    _fits(phone, PHONE["width"])
    shoot(phone, "3-checked-in")

    phone.click("text=登记一件诉求")
    request_form_ready(phone)
    assert phone.locator("#id_representative").input_value() == str(sw.seat_a.pk)
    if phone.locator("#id_community").input_value() != str(sw.org.community_a.pk):
        with phone.expect_navigation():
            phone.select_option("#id_community", str(sw.org.community_a.pk))
    with phone.expect_navigation():
        phone.select_option("#id_grid", str(sw.org.grid_a1.pk))
    phone.select_option("#id_building", str(sw.org.building_a1.pk))
    with phone.expect_navigation():
        phone.select_option("#id_service_code", "noise")
    phone.fill("#id_requester_name", "王芳")
    phone.fill("#id_requester_phone", "13800000001")
    phone.check("#id_consent")
    phone.fill("#id_description", "楼上每晚十一点后还在装修，电钻声很大，已经持续一周。")
    _fits(phone, PHONE["width"])
    shoot(phone, "4-request-form")
    phone.click("#request-form button.primary")
    phone.wait_for_selector("#tracking-code")
    number = phone.inner_text("#case-number").strip()
    link = SessionCase.objects.get(session=session)
    assert str(link.case.pk) == number and link.seat == sw.seat_a
    shoot(phone, "5-taken")
    phone.goto(f"{live_server.url}/staff/studios/sessions/{session.pk}/")
    assert number in phone.inner_text("#requests")
    _fits(phone, PHONE["width"])
    shoot(phone, "6-session-with-request")

    # the director, on a desktop, in English, after the reception
    now["at"] = local_at("2026-03-03", 15)
    desk = signed_in(browser, live_server, "director_a", PASSWORD, errors, viewport=DESKTOP, locale="en-US")
    _english(desk, live_server)
    assert "Studio director" in desk.inner_text("#home-studio_desk")
    shoot(desk, "7-director-home")
    desk.goto(f"{live_server.url}/staff/studios/desk/")
    week = desk.inner_text("#week")
    assert "刘洋" in week and "Checked in" in week
    assert number in desk.inner_text("#taken")
    _fits(desk, DESKTOP["width"])
    shoot(desk, "8-desk")
    desk.goto(f"{live_server.url}/staff/studios/{sw.studio_a.pk}/")
    desk.click("#calendar a[href*='add=rule']")
    desk.select_option("#calendar select[name=kind]", "visiting")
    desk.select_option("#calendar select[name=week]", "2")
    desk.select_option("#calendar select[name=weekday]", "5")
    desk.fill("#calendar input[name=starts]", "14:00")
    desk.fill("#calendar input[name=ends]", "17:00")
    desk.select_option("#calendar select[name=seat]", str(sw.seat_b.pk))
    desk.fill("#calendar input[name=valid_from]", "2026-03-01")
    desk.click("#calendar button[type=submit]")
    desk.wait_for_selector(".messages")
    assert "The second Saturday of each month 14:00–17:00" in desk.inner_text("#calendar")
    _fits(desk, DESKTOP["width"])
    shoot(desk, "9-studio-with-visiting-day")

    # the public board, anonymous: in English on a desktop, in Chinese on a phone
    public = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    public.on("pageerror", lambda exc: errors.append(str(exc)))
    public.goto(f"{live_server.url}/board/studios/")
    _english(public, live_server)
    public.click("text=和平社区党代表工作室")
    text = public.inner_text("main")
    assert "Reception days" in text and "028-86001234" in text
    assert sw.seat_a.person.phone not in text and sw.seat_b.person.phone not in text
    shoot(public, "10-board-studio-en")
    board_phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    board_phone.on("pageerror", lambda exc: errors.append(str(exc)))
    board_phone.goto(f"{live_server.url}/board/studios/{sw.studio_a.pk}/")
    assert "近一年的工作" in board_phone.inner_text("main")
    _fits(board_phone, PHONE["width"])
    shoot(board_phone, "11-board-studio-phone")
    assert errors == []


def _english(page, live_server) -> None:  # type: ignore[no-untyped-def]
    """English from now on, as if the person had pressed the language button; the page again."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
