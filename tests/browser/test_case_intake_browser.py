"""A resident on a 360 px phone files a request without an account (a mistake first, corrected),
writes down the number and code shown once, follows the case later from another browser, reads
the reply in words and answers the return visit. Then every intake page at 360 and 1280 px, in
Chinese and English: none wider than the screen, no script error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import request_form_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url} is {scrolled} px wide"


def _axe(page) -> list[str]:  # type: ignore[no-untyped-def]
    """What axe-core (vendored, WCAG 2.0–2.2 A and AA) finds on the page, as in
    test_every_page_on_a_phone."""
    from tests.browser.test_every_page_on_a_phone import AXE, RUN_AXE, TAGS

    page.add_script_tag(path=str(AXE))
    return [f"{page.url}: {v}" for v in page.evaluate(RUN_AXE, TAGS)]


def _world():  # type: ignore[no-untyped-def]
    from web.cases.testing import make_case_world
    from web.org.testing import make_world

    return make_case_world(make_world())


def test_a_resident_files_writes_down_the_code_follows_it_and_answers_the_visit(live_server, browser, shoot):
    from web.cases import actions
    from web.cases.models import Case

    cw = _world()
    w = cw.org
    errors: list[str] = []
    phone = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", bypass_csp=True
    ).new_page()
    phone.set_default_timeout(15_000)
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    phone.goto(f"{live_server.url}/requests/new/")
    _fits(phone)
    shoot(phone, "1-form")

    # the place: each choice shows the next level by itself
    with phone.expect_navigation():
        phone.select_option("#id_community", str(w.community_a.pk))
    with phone.expect_navigation():
        phone.select_option("#id_grid", str(w.grid_a1.pk))
    phone.select_option("#id_building", str(w.building_a1.pk))
    assert not phone.locator(".refresh-row").is_visible()  # the script presses it

    # the category: typing narrows the list as one types (the script), then one is chosen
    phone.fill("#id_category_q", "噪音")
    assert phone.locator("#id_service_code option[value=rubbish]").get_attribute("hidden") is not None
    with phone.expect_navigation():  # …which says whether similar requests are open here
        phone.select_option("#id_service_code", "noise")
    assert phone.locator("#id_building").input_value() == str(w.building_a1.pk)  # kept
    shoot(phone, "2-place-chosen")

    # sent without a description: the form comes back with the sentence, the rest kept
    phone.fill("#id_requester_phone", "139 0000 0009")
    phone.click("#request-form button.primary")
    phone.wait_for_selector("#form-errors")
    assert "请写明诉求内容。" in phone.inner_text("#id_description_error")
    assert phone.locator("#id_building").input_value() == str(w.building_a1.pk)
    assert phone.locator("#id_requester_phone").input_value() == "139 0000 0009"
    _fits(phone)
    shoot(phone, "3-missing-description")
    assert not Case.objects.exists()

    phone.fill("#id_description", "楼上每晚十一点后还在装修，电钻声很大，已经持续一周。")
    phone.click("#request-form button.primary")
    phone.wait_for_selector("#tracking-code")
    number = phone.inner_text("#case-number").strip()
    code = phone.inner_text("#tracking-code").strip()  # written down
    assert len(code) == 14 and code.count("-") == 2
    size = phone.evaluate("parseFloat(getComputedStyle(document.getElementById('tracking-code')).fontSize)")
    assert size >= 24  # large type
    _fits(phone)
    shoot(phone, "4-code-shown-once")
    found = _axe(phone)
    case = Case.objects.get(pk=int(number))
    assert case.channel == Case.Channel.ONLINE and case.unit == w.building_a1

    # the offices handle it
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_reply_case(case=case, text="已约谈装修户，承诺晚上十点后停工。", acting_user=cw.community_handler)

    # later, in another browser: the number and code open the case; a typo first
    later = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", bypass_csp=True
    ).new_page()
    later.set_default_timeout(15_000)
    later.on("pageerror", lambda exc: errors.append(str(exc)))
    later.goto(f"{live_server.url}/requests/follow/")
    later.fill("#id_number", number)
    later.fill("#id_code", code.replace(code[-1], "2" if code[-1] != "2" else "3"))
    later.click("#follow-form button[type=submit]")
    assert "诉求编号或查询码不对" in later.inner_text("#follow-error")
    _fits(later)
    shoot(later, "5-wrong-code")
    found += _axe(later)
    later.fill("#id_code", code.lower())
    later.click("#follow-form button[type=submit]")
    later.wait_for_selector("#case-state")
    assert later.inner_text("#case-state") == "已答复，请您评价办理结果"
    assert "承诺晚上十点后停工" in later.inner_text("#case-reply")
    history = later.inner_text("ol.history")
    assert "交由和平社区居委会办理" in history and "community_handler" not in history
    _fits(later)
    shoot(later, "6-replied")
    found += _axe(later)

    # the return visit, answered
    later.check("input[name=satisfaction][value='4']")
    later.check("input[name=solved][value=yes]")
    later.click("#answer-form button[type=submit]")
    later.wait_for_selector("#case-state:has-text('已回访')")
    _fits(later)
    shoot(later, "7-answered")
    found += _axe(later)
    case.refresh_from_db()
    assert case.state == Case.State.VISITED and case.satisfaction == 4 and case.solved is True
    assert errors == []
    assert found == []


PAGES = ["/requests/new/", "/requests/follow/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_intake_page_fits_in_both_languages(live_server, browser, shoot, viewport, locale):
    from web.cases import actions

    cw = _world()
    w = cw.org
    errors: list[str] = []
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, locale=locale, bypass_csp=True)
    if locale == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    tag = f"{'phone' if phone else 'desktop'}-{locale}"
    found: list[str] = []

    page.goto(f"{live_server.url}/requests/new/?community={w.community_a.pk}")
    page.click("#request-form button.primary")  # nothing filled in: every sentence
    page.wait_for_selector("#form-errors")
    _fits(page, viewport["width"])
    shoot(page, f"{tag}-form-errors")
    found += _axe(page)
    page.goto(f"{live_server.url}/requests/card/{cw.representative.pk}/")
    _fits(page, viewport["width"])
    shoot(page, f"{tag}-card-form")
    found += _axe(page)

    case, code = actions.do_take_case(
        channel="online",
        entry=cw.entry("noise"),
        unit=w.building_a1,
        description="楼上装修噪音",
        acting_user=None,
        requester_phone="13900000009",
    )
    earlier = actions.do_take_case(
        channel="phone",
        entry=cw.entry("noise"),
        unit=w.grid_a1,
        description="同一栋楼的装修噪音",
        acting_user=cw.dispatcher,
        requester_phone="13900000008",
        consent=True,
    )[0]
    actions.do_merge_case(case=case, into=earlier, acting_user=cw.dispatcher)
    actions.do_dispatch_case(case=earlier, acting_user=cw.dispatcher)
    actions.do_sign_case(case=earlier, acting_user=cw.community_handler)
    actions.do_extend_case(case=earlier, days=2, reason="需要物业提供监控记录", acting_user=cw.community_handler)
    page.goto(f"{live_server.url}/requests/follow/")
    page.fill("#id_code", code)
    page.click("#follow-form button[type=submit]")
    page.wait_for_selector("#joined-state")
    _fits(page, viewport["width"])
    shoot(page, f"{tag}-merged-case")
    found += _axe(page)

    staff = context.new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.fill("#id_username", "organiser")
    staff.fill("#id_password", "correct-horse-battery-staple")
    staff.click("main button[type=submit]")
    staff.wait_for_url(f"{live_server.url}/staff/**")
    staff.goto(f"{live_server.url}/staff/cases/new/")
    staff.fill("#id_requester_q", "王")
    staff.click("button[value=person]")
    request_form_ready(staff)
    staff.select_option("#id_service_code", "noise")
    with staff.expect_navigation():
        staff.select_option("#id_community", str(w.community_a.pk))
    with staff.expect_navigation():
        staff.select_option("#id_grid", str(w.grid_a1.pk))
    staff.wait_for_selector(".note table")  # the open case of the same kind here
    _fits(staff, viewport["width"])
    shoot(staff, f"{tag}-staff-form")
    found += _axe(staff)
    assert errors == []
    assert found == []
