"""The public's path in a real Chromium on a phone, signed in as nobody: the board's home with its
two entries, a street opened in the tree, a village found by name, its board, a section from the
table of contents, a result, and the files to check it with, downloaded. No page is wider than
the screen."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def test_anonymous_finds_a_village_and_downloads_what_checks_its_result(live_server, browser, shoot, tmp_path):
    from web.org.testing import make_world
    from web.portal.testing import published_motion

    world = make_world()
    poll = published_motion(world)
    errors: list[str] = []
    page = browser.new_context(viewport=PHONE, locale="zh-CN", accept_downloads=True).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/")
    assert page.locator("a.entry", has_text="投票").get_attribute("href") == "/vote/"
    assert page.locator("a.entry", has_text="核对回执").get_attribute("href") == "/check/"
    # the street's name links to its board; the summary under it ("N 个下级") opens its lower units
    street = page.locator("xpath=//li[div[@class='tree-node']/a[normalize-space()='春熙街道']]/details/summary")
    street.click()
    page.locator("ul.tree a", has_text="红星社区").wait_for()
    assert street.locator("..").get_attribute("open") is not None and _fits(page)
    shoot(page, "1-home-tree")

    page.fill("#q", "和平")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/?q=*")
    assert "锦江区 › 春熙街道" in page.inner_text("ul.found") and _fits(page)
    shoot(page, "2-search")
    page.click("ul.found a:has-text('和平社区')")
    page.wait_for_url(f"**/u/{world.community_a.code}/")
    assert _fits(page)
    shoot(page, "3-board")

    page.click("nav.toc a[href='#results']")
    page.wait_for_url("**#results")
    page.click(f"#results a:has-text('{poll.title}')")
    page.wait_for_url(f"**/results/{poll.pk}/")
    assert "python3 jiceng-recount.pyz" in page.inner_text("#recount") and _fits(page)
    shoot(page, "4-result")

    with page.expect_download() as got:
        page.click("a:has-text('下载公布的结果（JSON）')")
    result = got.value
    assert result.suggested_filename == f"jiceng-result-{poll.pk}.json"
    saved = tmp_path / result.suggested_filename
    result.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["status"] == poll.result["status"]
    with page.expect_download() as got:
        page.click("a:has-text('下载核对程序')")
    assert got.value.suggested_filename == "jiceng-recount.pyz"
    assert errors == []
