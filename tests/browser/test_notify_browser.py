"""Notifications on a 360-pixel phone: the unread badge in the header of the home page leads to
the inbox in one tap; opening a notice marks it read and goes to its page; the settings page
saves quiet hours. Nothing has to be scrolled sideways."""

from __future__ import annotations

import pytest
from django.db import transaction

from web.notify.models import Notice, Preferences
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        page.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"""
        )
    )


def test_a_person_reads_a_reminder_and_sets_quiet_hours_on_a_phone(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.notify.outbox import notify
    from web.org.testing import make_world

    world = make_world()
    context = {
        "unit": "锦桂镇红砂村",
        "item": "光伏电站年收益达到 8 万元，收益分配方案经群众表决",
        "deadline": "2026-06-30",
    }
    with transaction.atomic():
        notify(world.organiser, "commitment.overdue", context, key="k1", link="/notifications/settings/")
        notify(world.organiser, "commitment.overdue", dict(context, item="村卫生室改扩建"), key="k2")
    errors: list[str] = []
    browser_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = browser_context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    badge = page.locator("#notices-link .badge")
    assert badge.is_visible() and badge.inner_text().startswith("2")
    assert _fits(page)
    shoot(page, "home")

    page.click("#notices-link")
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert page.locator("#notices tbody tr").count() == 2
    assert "光伏电站年收益达到 8 万元" in page.inner_text("#notices")
    assert _fits(page)
    shoot(page, "inbox")

    page.locator("#notices tbody tr").nth(1).locator("button").click()  # the older one, with its page
    page.wait_for_url(f"{live_server.url}/notifications/settings/")
    assert page.locator("#notices-link .badge").inner_text().startswith("1")
    shoot(page, "settings-before")
    assert _fits(page)
    page.fill("#id_quiet_start", "21:00")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/notifications/settings/")
    assert str(Preferences.objects.get(user=world.organiser).quiet_start) == "21:00:00"
    assert _fits(page)
    shoot(page, "settings")
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
    assert errors == []
    browser_context.close()
