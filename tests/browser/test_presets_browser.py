"""The rule presets on a 360-pixel phone and a desktop: each sentence, basis and numbers wrap
inside the form, nothing is scrolled sideways; the advanced rule previews live (HTMX) and typing
it chooses it; the meeting (its quorum) and the poll (its own rule, shown for its kind) are
created with the rule chosen."""

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


POLL_FITS = """() => document.documentElement.scrollWidth <= window.innerWidth
    && [...document.querySelectorAll('fieldset.preset-field:not([hidden]), label.preset, .preset-preview')]
       .every(e => e.getBoundingClientRect().right <= window.innerWidth)"""


@pytest.mark.parametrize(("locale", "width"), [("zh-CN", 360), ("en-US", 1280)])
def test_a_poll_s_rule_is_chosen_from_presets_with_its_numbers_and_the_advanced_rule_previews_live(  # type: ignore[no-untyped-def]
    browser, live_server, shoot, locale, width
):
    from web.meetings.models import Poll
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=5, probationary=1)
    en = locale.startswith("en")
    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "organiser", PASSWORD, errors, locale=locale)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/")
    page.click("details.card:has(#id_kind) summary")  # 新建投票

    elected, passes = (
        page.locator("fieldset[data-shown-value=election]"),
        page.locator("fieldset[data-shown-value=motion]"),
    )
    assert elected.is_visible() and not passes.is_visible()  # an election is the first kind
    assert page.locator("input[name=rule_elected][value=party_elected]").is_checked()
    text = elected.inner_text()
    assert ("the Regulations on the Election Work" if en else "依据：《中国共产党基层组织选举工作条例》") in text
    assert ("those expected: 5; at least 3 votes for" if en else "应到 5 人，至少 3 票赞成") in text
    assert page.evaluate(POLL_FITS)
    shoot(page, f"poll-election-{width}")

    assert page.locator("#id_candidates").is_visible()
    page.select_option("#id_kind", "motion")
    assert passes.is_visible() and not elected.is_visible()
    assert not page.locator("#id_candidates").is_visible() and not page.locator("#id_seats").is_visible()
    assert page.locator("input[name=rule_passes][value=members_review_passes]").is_checked()
    assert ("at least 3 yes votes" if en else "应到 5 人，至少 3 票赞成") in passes.inner_text()
    page.check("input[name=rule_passes][value=villagers_passes]")
    shoot(page, f"poll-motion-{width}")

    passes.locator("details.preset-advanced summary").click()
    box = passes.locator("input.preset-rule")
    box.fill("yes >")
    passes.locator(".preset-preview .field-error").wait_for()
    assert ("cannot be read" if en else "这条规则无法读取") in passes.locator(".preset-preview").inner_text()
    assert page.locator("#id_rule_passes-advanced").is_checked()  # typing chose it
    box.fill("yes >= 2/3 of expected")
    words = "yes votes: at least 2/3 of those expected" if en else "规则的意思：赞成票不少于应到人数的三分之二"
    passes.get_by_text(words).wait_for()
    assert ("at least 4 yes votes" if en else "应到 5 人，至少 4 票赞成") in passes.locator(
        ".preset-preview"
    ).inner_text()
    assert page.evaluate(POLL_FITS)
    shoot(page, f"poll-advanced-{width}")

    page.fill("#id_title", "修路方案")
    page.click("details.card form button.primary[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/polls/**")
    poll = Poll.objects.get(title="修路方案")
    assert poll.rules == {"quorum": meeting.quorum_rule, "passes": "yes >= 2/3 of expected"}
    assert errors == []
    page.context.close()
