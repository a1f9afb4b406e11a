"""Issue 12, a stuck journey walked on a phone: the owner of an overdue commitment whose four
quarters are already reported follows the reminder from the header's badge and completes the
item in four clicks; the quarter is already the current one, the report is marked late, and the
reminder stops asking (the badge goes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from tests.browser.conftest import signed_in_phone
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9)))


def _overdue_item(world, monkeypatch):  # type: ignore[no-untyped-def]
    """An item due 2026-10-31, reported every quarter (Q4 at 75%), reminded as overdue in December."""
    from web.commitments import actions

    now = {"at": _at("2026-01-10")}
    monkeypatch.setattr("web.common.clock.now", lambda: now["at"])
    org = world.organiser
    org.person = world.person_a2  # the organiser owns the item: the reminder is theirs
    org.save(update_fields=["person"])
    year = actions.do_create_year(unit=world.community_a, year=2026, acting_user=org)
    item = actions.do_add_commitment(
        year=year,
        item="五组灌溉渠及三组山坪塘整治",
        owner=world.person_a2,
        deadline=dt.date(2026, 10, 31),
        budget=Decimal(150000),
        category="infrastructure",
        acting_user=org,
    )
    actions.do_adopt_year(year=year, meeting=None, acting_user=org)
    for quarter, (day, percent) in enumerate(
        zip(("03-28", "06-28", "09-28", "12-01"), (20, 45, 60, 75), strict=True), 1
    ):
        now["at"] = _at(f"2026-{day}")
        actions.do_post_progress(commitment=item, quarter=quarter, percent=percent, text="推进中", acting_user=org)
    now["at"] = _at("2026-12-03")
    with transaction.atomic():
        actions.run_reminders(today=dt.date(2026, 12, 3))
    return item


def test_the_owner_completes_an_overdue_item_from_the_reminder_in_four_clicks(  # type: ignore[no-untyped-def]
    browser, live_server, shoot, monkeypatch
):
    from web.commitments.models import Reminder
    from web.org.testing import make_world

    world = make_world()
    item = _overdue_item(world, monkeypatch)
    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "organiser", PASSWORD, errors)
    assert page.locator("#notices-link .badge").inner_text().startswith("1")

    clicks = 0
    page.click("#notices-link")  # 1: the badge, on every page
    clicks += 1
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert "五组灌溉渠及三组山坪塘整治" in page.inner_text("#notices")
    page.locator("#notices tbody tr").first.locator("button").click()  # 2: the reminder's page
    clicks += 1
    page.wait_for_url(f"{live_server.url}/staff/commitments/{item.pk}/")
    assert "责任人仍可报送进展" in page.inner_text("main")
    shoot(page, "item-overdue")
    page.click(f"a[href='/staff/commitments/{item.pk}/progress']")  # 3: the form
    clicks += 1
    page.wait_for_url(f"{live_server.url}/staff/commitments/{item.pk}/progress")
    assert page.locator("#id_quarter").input_value() == "4"  # the current quarter, not the first
    assert "逾期报送" in page.inner_text("main")
    page.fill("#id_percent", "100")
    page.fill("#id_text", "渠道全线贯通，已验收。")
    shoot(page, "form")
    page.click("form.card button[type=submit]")  # 4: saved
    clicks += 1
    page.wait_for_url(f"{live_server.url}/staff/commitments/{item.pk}/")
    assert clicks <= 4
    main = page.inner_text("main")
    assert "已完成" in main and "逾期报送" in main and "渠道全线贯通" in main
    assert page.locator("#notices-link .badge").count() == 0  # nothing asks any more
    shoot(page, "item-done")
    assert not Reminder.objects.filter(commitment=item, resolved_at__isnull=True).exists()

    page.goto(f"{live_server.url}/u/{world.community_a.code}/")
    assert "逾期完成" in page.inner_text("main")
    page.locator("main details summary").first.click()  # the item's history on the public board
    assert page.inner_text("main").count("逾期报送") == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "board")
    assert errors == []
    page.context.close()
