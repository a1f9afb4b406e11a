"""Duty points walked in a browser: a representative finds their points from the home page,
records a solved request as evidence and sees the entry with its evidence in the ledger; the
public reads the published quarter's table. On a phone and a desktop, in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SCREENS = [(PHONE, "zh-CN", "phone-zh"), (DESKTOP, "zh-CN", "desktop-zh"), (PHONE, "en-US", "phone-en"),
           (DESKTOP, "en-US", "desktop-en")]  # fmt: skip


@pytest.fixture
def points():  # type: ignore[no-untyped-def]
    from web.org.testing import make_world
    from web.points.actions import do_record_entry
    from web.points.publishing import do_publish_points
    from web.points.testing import make_points_world, solved_case

    pw = make_points_world(make_world())
    for seat, day, difficulty in ((pw.seat, dt.date(2026, 2, 3), "hard"), (pw.seat_b, dt.date(2026, 3, 9), "general")):
        do_record_entry(
            seat=seat, project=pw.project("visit"), difficulty=difficulty, evidence="staff", happened_on=day,
            reason="社区书记确认走访", acting_user=pw.district_staff,
        )  # fmt: skip
    do_publish_points(congress=pw.congress, year=2026, quarter=1, acting_user=pw.district_staff)
    return pw, solved_case(pw, pw.rep_user)


@pytest.mark.parametrize(("viewport", "locale", "label"), SCREENS, ids=[s[2] for s in SCREENS])
def test_a_request_solved_becomes_points_with_its_evidence(
    browser, live_server, shoot, points, viewport, locale, label
):  # type: ignore[no-untyped-def]
    pw, case = points
    errors: list[str] = []
    page = signed_in(browser, live_server, "points_rep", PASSWORD, errors, viewport=viewport, locale=locale)
    section = page.locator("#home-points-mine")
    assert section.count() == 1
    shoot(page, f"{label}-home")
    section.locator(f"a[href='/staff/points/seats/{pw.seat.pk}/']").first.click()
    page.wait_for_url(f"{live_server.url}/staff/points/seats/{pw.seat.pk}/")
    shoot(page, f"{label}-points")
    form = page.locator("form:has(select[name=case])")
    form.locator("select[name=project]").select_option(str(pw.project("request").pk))
    form.locator("select[name=difficulty]").select_option("harder")
    form.locator("button").click()
    page.wait_for_url(f"{live_server.url}/staff/points/seats/{pw.seat.pk}/")
    ledger = page.inner_text(f"#{'results'}" if page.locator("#results").count() else "main")
    assert f"{case.pk}" in ledger and "+5" in ledger, page.inner_text("body")[:300]
    shoot(page, f"{label}-recorded")
    page.goto(f"{live_server.url}/board/points/")
    table = page.inner_text("table")
    assert "王芳" in table and "张伟" in table
    shoot(page, f"{label}-board")
    assert errors == []


@pytest.mark.parametrize(("viewport", "locale", "label"), [SCREENS[0], SCREENS[3]], ids=["phone-zh", "desktop-en"])
def test_liaison_staff_confirm_a_claimed_talk_from_their_home(
    browser, live_server, shoot, points, viewport, locale, label
):  # type: ignore[no-untyped-def]
    from web.points.actions import do_claim_points
    from web.points.models import Entry

    pw, _case = points
    do_claim_points(
        seat=pw.seat, project=pw.project("talk"), difficulty="general", evidence="talk",
        happened_on=dt.date(2026, 11, 20), place="和平社区党群服务中心", attendance=35, what="宣讲基层治理新规",
        acting_user=pw.rep_user,
    )  # fmt: skip
    errors: list[str] = []
    page = signed_in(browser, live_server, "district_staff", PASSWORD, errors, viewport=viewport, locale=locale)
    section = page.locator("#home-points-desk")
    assert "王芳" in section.inner_text()
    shoot(page, f"{label}-home")
    section.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/staff/points/**")
    shoot(page, f"{label}-desk")
    page.locator("#claims ~ ul button[value=yes], #claims + ul button[value=yes]").first.click()
    page.wait_for_url(f"{live_server.url}/staff/points/")
    assert Entry.objects.filter(seat=pw.seat, evidence="talk", attendance=35).count() == 1
    page.goto(f"{live_server.url}/staff/points/standards/{pw.congress.pk}/")
    shoot(page, f"{label}-standard")
    assert errors == []
