"""A monthly random inspection held in a browser: the street's staff find this month's draw on
their home page, open it, freeze the pool (its hash shown), enter the seed said in the meeting;
a second staff member enters it again and the draw is made. Then anyone downloads the frozen
pool and both records from the board, checks the pool's hash and re-runs the draws with
``jiceng draw``: the same names as the board shows. On a phone and a desktop, in Chinese and
English."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SCREENS = [(PHONE, "zh-CN", "phone-zh"), (DESKTOP, "zh-CN", "desktop-zh"), (PHONE, "en-US", "phone-en"),
           (DESKTOP, "en-US", "desktop-en")]  # fmt: skip


@pytest.fixture
def iw():  # type: ignore[no-untyped-def]
    from web.inspections.testing import make_inspection_world
    from web.org.testing import make_world

    return make_inspection_world(make_world())


@pytest.mark.parametrize(("viewport", "locale", "label"), SCREENS, ids=[s[2] for s in SCREENS])
def test_staff_hold_a_draw_and_anyone_redraws_it_from_the_board(
    browser, live_server, shoot, iw, tmp_path, viewport, locale, label
):  # type: ignore[no-untyped-def]
    from jiceng.record import record_sha256
    from web.inspections.models import Draw

    errors: list[str] = []
    page = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=viewport, locale=locale)
    section = page.locator("#home-inspections")
    assert section.count() == 1
    shoot(page, f"{label}-home")
    section.locator(f"a[href='/staff/inspections/plans/{iw.plan.pk}/']").first.click()
    page.wait_for_url(f"{live_server.url}/staff/inspections/plans/{iw.plan.pk}/")
    shoot(page, f"{label}-plan")
    page.locator(f"form[action='/staff/inspections/plans/{iw.plan.pk}/draw/'] button").first.click()
    draw = Draw.objects.get()
    url = f"{live_server.url}/staff/inspections/draws/{draw.pk}/"
    page.wait_for_url(url)
    shoot(page, f"{label}-open")
    page.locator(f"form[action='/staff/inspections/draws/{draw.pk}/freeze/'] button").click()
    page.wait_for_url(url)
    draw.refresh_from_db()
    assert page.inner_text("#pool-hash") == draw.pool_sha256
    seed_form = page.locator(f"form[action='/staff/inspections/draws/{draw.pk}/enter/']")
    seed_form.locator("input[name=seed]").fill("6 2 5 3 1")
    seed_form.locator("input[name=source]").fill("12月机关干部大会掷骰子")
    shoot(page, f"{label}-seed")
    seed_form.locator("button").click()
    page.wait_for_url(url)
    shoot(page, f"{label}-first-entry")

    second = signed_in(browser, live_server, "street_staff2", "x-street-2026", errors, viewport=viewport, locale=locale)
    second.goto(url)
    form = second.locator(f"form[action='/staff/inspections/draws/{draw.pk}/enter/']")
    form.locator("input[name=seed]").fill("6  2 5 3 1")
    form.locator("button").click()
    second.wait_for_url(url)
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN and draw.seed == "6 2 5 3 1"
    shoot(second, f"{label}-drawn")

    board = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE, locale=locale, accept_downloads=True)
    public = board.new_page()
    public.goto(f"{live_server.url}/board/inspections/")
    shoot(public, f"{label}-board")
    public.locator(f"a[href='/board/inspections/{draw.pk}/']").first.click()
    public.wait_for_url(f"{live_server.url}/board/inspections/{draw.pk}/")
    shoot(public, f"{label}-board-draw")
    shown = public.inner_text("section[aria-labelledby=result]")
    files = {}
    for what in ("pool", "cadres", "inspectors"):
        with public.expect_download() as got:
            public.locator(f"a[href='/board/inspections/{draw.pk}/{what}.json']").click()
        files[what] = tmp_path / f"{what}.json"
        got.value.save_as(files[what])
    pool = json.loads(files["pool"].read_text(encoding="utf-8"))
    assert record_sha256(pool) == public.inner_text("#pool-sha256").strip()
    assert public.inner_text("#seed-value") == json.loads(files["cadres"].read_text(encoding="utf-8"))["seed"]
    for what in ("cadres", "inspectors"):
        out = subprocess.run(
            [sys.executable, "-m", "jiceng", "draw", str(files[what])], capture_output=True, check=True
        )
        names = [p["name"] for p in json.loads(out.stdout)["chosen"]]
        assert len(names) == (3 if what == "cadres" else 2)
        assert all(name in shown for name in names), (what, names, shown)
        if what == "cadres":
            assert sorted(names) == sorted(p.cadre.name for p in draw.picks.all())
    assert errors == []
