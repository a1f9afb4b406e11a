"""The quorum presets on a 360-pixel phone: each sentence, basis and numbers wrap inside the
form, nothing is scrolled sideways; the advanced rule previews live (HTMX) and typing it chooses
it; the meeting is created with the rule chosen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import signed_in_phone
from web.meetings.models import Meeting
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = """() => document.documentElement.scrollWidth <= window.innerWidth
    && [...document.querySelectorAll('fieldset.preset-field, label.preset, .preset-preview')]
       .every(e => e.scrollWidth <= e.clientWidth + 1 && e.getBoundingClientRect().right <= window.innerWidth)"""


def test_the_preset_list_fits_a_phone_and_the_advanced_rule_previews_live(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.org.testing import make_world

    world = make_world()
    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "organiser", PASSWORD, errors)
    page.goto(f"{live_server.url}/staff/bodies/{world.body_a.pk}/meetings/")
    presets = page.locator("label.preset")
    assert presets.count() >= 3
    assert page.locator("input[value=party_quorum]").is_checked()
    assert "依据：《中国共产党基层组织选举工作条例》" in page.inner_text("fieldset.preset-field")
    assert "应到 1 人，至少 1 人出席" in page.inner_text("fieldset.preset-field")
    assert page.evaluate(FITS)
    shoot(page, "presets")

    page.click("details.preset-advanced summary")
    box = page.locator("input.preset-rule")
    box.fill("present >=")
    page.locator(".preset-preview .field-error").wait_for()
    assert "这条规则无法读取" in page.inner_text(".preset-preview")
    assert page.locator("#id_quorum_rule-advanced").is_checked()  # typing chose it
    box.fill("present >= 3/4 of expected")
    page.get_by_text("规则的意思：实到人数不少于应到人数的四分之三").wait_for()
    assert page.evaluate(FITS)
    shoot(page, "advanced")

    page.fill("#id_title", "党员大会")
    page.fill("#id_starts_at", "2026-12-01T09:00")
    page.click("form.card button.primary[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/meetings/**")
    assert Meeting.objects.get().quorum_rule == "present >= 3/4 of expected"
    assert "实到人数不少于应到人数的四分之三" in page.inner_text("main")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "meeting")
    assert errors == []
    page.context.close()
