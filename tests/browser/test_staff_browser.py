"""Staff sign in, open the unit tree, search a person, switch language — in a real Chromium."""

from __future__ import annotations

import pytest

from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def test_staff_signs_in_browses_the_tree_searches_and_switches_language(live_server, browser, shoot, viewport):
    from web.org.testing import make_world

    world = make_world()
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    external: list[str] = []
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(live_server.url) else None)

    page.goto(f"{live_server.url}/accounts/login/")
    shoot(page, "1-login")
    page.fill("#id_username", "street_staff")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text() == "工作台"

    # the unit tree: expand the street, then community A (HTMX loads the children)
    page.click(f"button[hx-get='/staff/tree/{world.street.pk}/children/']")
    page.wait_for_selector(f"#children-{world.street.pk} >> text=和平社区")
    page.click(f"button[hx-get='/staff/tree/{world.community_a.pk}/children/']")
    page.wait_for_selector(f"#children-{world.community_a.pk} >> text=和平社区第一网格")
    shoot(page, "2-unit-tree")

    # a unit page, then its people, searched by name as one types (HTMX)
    page.click(f"a[href='/staff/units/{world.community_a.pk}/']")
    page.wait_for_selector("h1 >> text=和平社区")
    shoot(page, "3-unit")
    page.click(f"a[href='/staff/units/{world.community_a.pk}/people/'] >> nth=0")
    page.wait_for_selector("#people-table")
    page.fill("#q", "王芳")
    page.wait_for_selector("#people-table >> text=王芳")
    page.wait_for_function("() => !document.querySelector('#people-table').innerText.includes('李强')")
    assert "q=%E7%8E%8B%E8%8A%B3" in page.url  # the address bar follows the search
    shoot(page, "4-people-search")
    page.click("#people-table >> text=王芳")
    page.wait_for_selector("h1 >> text=王芳")
    shoot(page, "5-person")

    # switch to English and back
    page.click("form.langswitch button")
    page.wait_for_selector("html[lang=en]")
    assert "Sign out" in page.content()
    shoot(page, "6-person-english")
    page.click("form.langswitch button")
    page.wait_for_selector("html[lang=zh-Hans]")

    assert errors == []
    assert external == []
    context.close()
