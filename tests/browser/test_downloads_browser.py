"""A roster export asked for from the unit page, in a real Chromium: the download's page shows
its progress, HTMX swaps in the file's link when the job has made it (the job runs here, as a
worker would), the file downloads under its Chinese name, and My downloads lists it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_export_shows_its_progress_then_its_file_without_a_reload(live_server, browser, shoot):
    from web.common import clock
    from web.downloads import jobs
    from web.downloads.models import Download
    from web.org.testing import make_world

    world = make_world()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")

    page.goto(f"{live_server.url}/staff/units/{world.community_a.pk}/")
    page.click("text=导出 Excel")
    download = Download.objects.get()
    page.wait_for_url(f"{live_server.url}{download.get_absolute_url()}")
    assert page.locator("#download-progress").inner_text().startswith("排队中")
    shoot(page, "1-waiting")

    page.evaluate("window.notReloaded = true")
    jobs.render(download.pk)  # what the worker does meanwhile
    page.wait_for_selector("#download-progress >> text=已完成", timeout=10_000)
    assert page.evaluate("window.notReloaded === true")  # the fragment was polled, the page stayed
    shoot(page, "2-done")
    day = timezone.localdate(clock.now()).isoformat()
    with page.expect_download() as got:
        page.click("#download-progress a.button")
    assert got.value.suggested_filename == f"名册_和平社区_{day}.xlsx"

    page.click("nav.topnav >> text=我的下载")
    page.wait_for_selector("h1 >> text=我的下载")
    assert "名册：和平社区" in page.locator("table").inner_text()
    shoot(page, "3-my-downloads")
    assert errors == []
    context.close()
