"""Street staff on a 360-pixel phone: from the home page to the overview of their street,
sorted by overdue commitments with the sort select (a phone shows a card per community, without
the header row), then exported to Excel. Neither the page nor the table scrolls sideways: each
card's election and figures use the phone's whole width."""

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

    page.select_option("#sort", "-overdue")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**sort=-overdue**")
    assert rows.all_inner_texts() == ["红星社区", "和平社区"]
    assert "2/4（50%）" in page.locator("#overview tbody tr").first.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    wrap = page.evaluate("[...document.querySelectorAll('.table-wrap')].map(w => [w.scrollWidth, w.clientWidth])")
    assert wrap and wrap[0][0] <= wrap[0][1]  # a card per community: nothing to scroll sideways
    cells = "[...document.querySelectorAll('#overview td.election')].map(c => c.clientWidth)"
    election = page.evaluate(f"Math.min(...{cells})")
    assert election >= 280, f"an election's cell is {election} px wide on a 360 px phone"
    shoot(page, "2-sorted")

    page.click("#overview-export")
    download = Download.objects.get(kind="overview")
    assert download.parameters == {"unit": world.street.pk, "sort": "-overdue"}
    page.wait_for_url(f"{live_server.url}{download.get_absolute_url()}")
    jobs.render(download.pk)  # what the worker does meanwhile
    page.wait_for_selector("#download-progress >> text=已完成", timeout=10_000)
    shoot(page, "3-export")
    assert errors == []
