"""Street staff on a 360-pixel phone: from the home page to the overview of their street,
sorted by overdue commitments with a tap on the column's name, then exported to Excel. The
table scrolls in its own wrapper; the page itself never scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import signed_in_phone
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_street_staff_sort_their_overview_and_export_it(live_server, browser, shoot, monkeypatch):
    from web.downloads import jobs
    from web.downloads.models import Download
    from web.org.testing import make_world
    from web.overview.tests.helpers import TODAY, at, commitments_of, running_election, survey_of

    monkeypatch.setattr("web.common.clock.now", lambda: at(TODAY))
    world = make_world()
    commitments_of(world, world.community_a, done=0, overdue=0, on_track=2)
    commitments_of(world, world.community_b, done=1, overdue=2, on_track=1)
    survey_of(world, world.community_b, year=2025, satisfied=10, basic=10, unsatisfied=20)
    running_election(world, world.body_a)

    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "street_staff", PASSWORD, errors)
    page.click("text=春熙街道各村、社区概览")
    page.wait_for_selector("h1 >> text=春熙街道各村、社区概览")
    shoot(page, "1-overview")
    rows = page.locator("#overview tbody tr td:first-child a")
    assert rows.all_inner_texts() == ["和平社区", "红星社区"]

    page.click("#overview thead >> text=承诺已逾期")
    page.wait_for_url("**sort=overdue**")
    page.click("#overview thead >> text=承诺已逾期")  # again: the most overdue first
    page.wait_for_url("**sort=-overdue**")
    assert rows.all_inner_texts() == ["红星社区", "和平社区"]
    assert "2/4（50%）" in page.locator("#overview tbody tr").first.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    wrap = page.evaluate("[...document.querySelectorAll('.table-wrap')].map(w => [w.scrollWidth, w.clientWidth])")
    assert wrap and wrap[0][0] > wrap[0][1]  # the table is wider than the phone: its wrapper scrolls
    shoot(page, "2-sorted")

    page.click("#overview-export")
    download = Download.objects.get(kind="overview")
    assert download.parameters == {"unit": world.street.pk, "sort": "-overdue"}
    page.wait_for_url(f"{live_server.url}{download.get_absolute_url()}")
    jobs.render(download.pk)  # what the worker does meanwhile
    page.wait_for_selector("#download-progress >> text=已完成", timeout=10_000)
    shoot(page, "3-export")
    assert errors == []
