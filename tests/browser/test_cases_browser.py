"""Issue 13, the staff side walked in a browser: a handler on a phone signs for a request from the
home page and answers it; a handler returns one and the dispatcher, at a desk, finds it on the
dispatch desk and re-dispatches it to another office found by a search. Every page of the
journeys is photographed on a phone and a desktop, in Chinese and in English."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def cases():  # type: ignore[no-untyped-def]
    from web.cases.actions import do_dispatch_case, do_take_case
    from web.cases.testing import make_case_world
    from web.org.testing import make_world

    cw = make_case_world(make_world())

    def take(description: str):  # type: ignore[no-untyped-def]
        case, _code = do_take_case(
            channel="phone",
            entry=cw.entry("noise"),
            unit=cw.org.building_a1,
            description=description,
            acting_user=cw.dispatcher,
            requester_name="王芳",
            requester_phone="13800000001",
            consent=True,
            representative=cw.representative,
        )
        return do_dispatch_case(case=case, acting_user=cw.dispatcher)

    first = take("楼上每晚十一点后装修，电钻声很大，老人孩子睡不好。")
    second = take("小区门口的垃圾桶三天没有清运，味道很大。")
    return cw, first, second


def test_a_handler_signs_for_and_answers_a_request_on_a_phone(browser, live_server, shoot, cases):  # type: ignore[no-untyped-def]
    _cw, first, _second = cases
    errors: list[str] = []
    page = signed_in(browser, live_server, "community_handler", PASSWORD, errors, viewport=PHONE)
    section = page.locator("#home-case_queue")
    assert "2" in section.locator(".badge").inner_text()
    shoot(page, "home")
    section.locator(f"a[href='/staff/cases/{first.pk}/']").click()
    page.wait_for_url(f"{live_server.url}/staff/cases/{first.pk}/")
    assert "13800000001" in page.inner_text("main")  # the handler sees whom to call
    shoot(page, "case-to-sign")
    page.locator("#act-sign button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/staff/cases/{first.pk}/")
    assert "已签收，开始办理。" in page.inner_text(".messages")
    page.fill("#id_reply-text", "已上门协调，装修改在白天进行。")
    shoot(page, "case-to-reply")
    page.locator("#act-reply button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/staff/cases/{first.pk}/")
    assert "已答复，等待回访。" in page.inner_text(".messages")
    assert "已答复，待回访" in page.inner_text("h1 + p")
    history = page.inner_text("#history + ol")
    assert "签收" in history and "答复" in history
    shoot(page, "case-replied")
    page.goto(f"{live_server.url}/staff/cases/queue/?tab=sign")
    shoot(page, "queue")
    assert errors == []


def test_a_return_is_redispatched_by_the_dispatcher_at_a_desk(browser, live_server, shoot, cases):  # type: ignore[no-untyped-def]
    _cw, _first, second = cases
    errors: list[str] = []
    handler = signed_in(browser, live_server, "community_handler", PASSWORD, errors, viewport=DESKTOP)
    handler.goto(f"{live_server.url}/staff/cases/{second.pk}/")
    handler.locator("#act-return summary").click()
    handler.select_option("#id_return-reason_code", "not_ours")
    handler.fill("#id_return-reason", "垃圾清运归街道环卫所，不归社区。")
    shoot(handler, "returning")
    handler.locator("#act-return button[type=submit]").click()
    handler.wait_for_url(f"{live_server.url}/staff/cases/{second.pk}/")
    assert "已退单" in handler.inner_text(".messages")

    desk = signed_in(browser, live_server, "dispatcher", PASSWORD, errors, viewport=DESKTOP)
    desk.locator("#home-case_desk").locator(f"a[href='/staff/cases/{second.pk}/']").click()
    desk.wait_for_url(f"{live_server.url}/staff/cases/{second.pk}/")
    assert "不属于本单位职责" in desk.inner_text("#history + ol")
    desk.fill("#oq-dispatch", "环卫")
    desk.locator("#act-dispatch form[role=search] button").click()
    desk.wait_for_url(f"{live_server.url}/staff/cases/{second.pk}/?oq=*")
    desk.select_option("#id_dispatch-office", label="春熙街道环卫所")
    shoot(desk, "redispatching")
    desk.locator("#act-dispatch form[method=post] button[type=submit]").click()
    desk.wait_for_url(f"{live_server.url}/staff/cases/{second.pk}/")
    assert "已派单。" in desk.inner_text(".messages")
    assert "春熙街道环卫所" in desk.inner_text("#where + dl")
    desk.goto(f"{live_server.url}/staff/cases/desk/")
    shoot(desk, "desk")
    assert errors == []


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_pages_on_a_phone_and_a_desktop(browser, live_server, shoot, cases, locale, size):  # type: ignore[no-untyped-def]
    _cw, first, _second = cases
    viewport = PHONE if size == "phone" else DESKTOP
    errors: list[str] = []
    pages = {
        "dispatcher": [f"/staff/cases/{first.pk}/", "/staff/cases/desk/", "/staff/cases/area/"],
        "community_handler": [f"/staff/cases/{first.pk}/", "/staff/cases/queue/?tab=sign"],
        "street_staff": ["/staff/cases/catalogue/", "/staff/cases/area/"],
        "rep": ["/staff/cases/represented/"],
    }
    for user, urls in pages.items():
        page = signed_in(browser, live_server, user, PASSWORD, errors, viewport=viewport, locale=locale)
        for n, url in enumerate(urls):
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, url
            wide = page.evaluate("document.documentElement.scrollWidth")
            shoot(page, f"{user}-{n}")
            assert wide <= viewport["width"], f"{url} is {wide}px wide"
        page.context.close()
    assert errors == []
