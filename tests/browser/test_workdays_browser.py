"""The working-day calendar on a 360-pixel phone: street staff follow the link from their home
page, enter next year's Spring Festival in one go, find it in the list, and remove a day."""

from __future__ import annotations

import pytest

from web.org.testing import PASSWORD
from web.workdays.models import Override

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    """Neither the page nor any of its tables has to be scrolled sideways to be read."""
    return bool(
        page.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"""
        )
    )


def test_street_staff_enter_a_holiday_on_a_phone(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.org.testing import make_world

    make_world()
    errors: list[str] = []
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "street_staff")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    page.click("text=工作日历：法定节假日和调休")
    page.wait_for_url(f"{live_server.url}/staff/workdays/")
    assert _fits(page)
    shoot(page, "empty")

    page.fill("#id_first", "2027-02-06")
    page.fill("#id_last", "2027-02-13")
    page.fill("#id_name", "春节")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/workdays/?year=2027")
    assert Override.objects.filter(name="春节").count() == 8
    assert page.locator("table.list").first.locator("tbody tr").count() == 8
    assert _fits(page)
    shoot(page, "entered")

    with page.expect_navigation():  # back to the same address, so wait for the page itself
        page.locator("table.list").first.locator("tbody tr button").first.click()
    page.wait_for_load_state()
    assert page.locator("table.list").first.locator("tbody tr").count() == 7
    assert Override.objects.count() == 7
    assert errors == []
    context.close()  # before the live server stops, so no request of this page reaches it afterwards
