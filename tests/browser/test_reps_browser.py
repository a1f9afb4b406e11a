"""Representatives at work in a real browser (web/reps), on a 360-pixel phone and a 1280-pixel
screen, in Chinese and English:

- a representative, from their home page, fills in their own profile (fields, intro, their phone);
- a representative refers a request by field to another, who finds it on their home page and answers;
- the liaison staff of the street link a representative to a community, record a training and its
  attendance, and see the coverage flags on the street overview.

No page scrolls sideways on the phone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import signed_in, signed_in_phone
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _fits(page, width: int = 360) -> None:  # type: ignore[no-untyped-def]
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide"


def _world():  # type: ignore[no-untyped-def]
    from web.org.testing import make_world
    from web.reps.testing import make_congress

    world = make_world()
    return world, make_congress(world)


def test_a_representative_fills_in_their_profile_on_a_phone(live_server, browser, shoot):
    _world()
    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "representative", "x-representative-2026", errors)
    shoot(page, "1-home")
    assert "您还没有参加过代表培训" in page.inner_text("#home-rep_training")
    assert "您还没有挂点村（社区）" in page.inner_text("#home-rep_links")
    _fits(page)
    page.click("#home-rep_pages >> text=我的代表页")
    page.wait_for_selector("h1 >> text=王芳")
    shoot(page, "2-my-page")
    _fits(page)
    page.click("text=修改我的资料")
    page.check("label.choice:has-text('养老和助残') input")
    page.check("label.choice:has-text('社区服务') input")
    page.fill("#id_intro", "社区志愿者，组织长者食堂。")
    page.fill("#id_public_phone", "12345")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=请填写正确的手机号")
    shoot(page, "3-refused")
    page.fill("#id_public_phone", "139 0000 1111")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已保存代表资料")
    text = page.inner_text("main")
    assert "养老和助残" in text and "社区志愿者" in text and "13900001111" in text
    shoot(page, "4-saved")
    _fits(page)
    assert errors == []


def test_a_request_is_referred_by_field_and_answered_on_a_desktop_in_english(live_server, browser, shoot):
    from web.cases.actions import do_take_case
    from web.cases.testing import make_case_world
    from web.reps.actions import do_save_profile

    world, congress = _world()
    do_save_profile(seat=congress.seat_b, fields=["court"], intro="法院法官", acting_user=world.street_staff)
    case, _code = do_take_case(
        channel="representative",
        entry=make_case_world(world).entry("noise"),
        unit=world.grid_a2,
        description="楼上深夜噪音，协商多次没有结果。",
        acting_user=congress.rep_a,
        representative=congress.rep_a,
        requester_phone="13800000009",
        consent=True,
    )
    errors: list[str] = []
    page = signed_in(
        browser, live_server, "representative", "x-representative-2026", errors, viewport=DESKTOP, locale="en-US"
    )
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    page.click("summary >> text=Refer to another representative")
    shoot(page, "1-case")
    page.click("text=Suggest representatives by field")
    page.wait_for_selector("h1 >> text=Representatives by field")
    assert "Court" in page.inner_text("main")
    shoot(page, "2-suggested")
    page.check("label.choice:has-text('张伟') input")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    shoot(page, "3-referred")
    page.context.close()

    other = signed_in(browser, live_server, "rep_b", PASSWORD, errors, viewport=DESKTOP, locale="en-US")
    other.wait_for_selector("#home-rep_referrals")
    shoot(other, "4-their-home")
    other.click("#home-rep_referrals a >> nth=0")
    other.wait_for_selector("h2 >> text=Answer")
    other.fill("textarea[name=text]", "已约双方周三在社区调解室调解。")
    other.click("main button[type=submit]")
    other.wait_for_selector("text=已约双方周三在社区调解室调解。")
    shoot(other, "5-answered")
    assert errors == []


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "zh-CN"), ({"width": 360, "height": 740}, "en-US")])
def test_the_liaison_staff_link_train_and_see_the_flags(live_server, browser, shoot, viewport, locale):
    world, _congress = _world()
    errors: list[str] = []
    phone = viewport["width"] == 360
    page = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=viewport, locale=locale)
    names = (
        {
            "list": "The party congress's representatives",
            "coverage": "Representatives' links",
            "training": "Representatives' training",
        }
        if locale == "en-US"
        else {"list": "党代会代表名单", "coverage": "代表挂点情况", "training": "代表培训"}
    )
    page.click(f"#home-rep_pages >> text={names['list']}")
    page.wait_for_selector("h1 >> text=中共锦江区第十三次代表大会")
    shoot(page, "1-list")
    if phone:
        _fits(page)
    page.click("table.reps a >> text=张伟")
    page.wait_for_selector("h1 >> text=张伟")
    links = "section[aria-labelledby=links]"
    page.select_option("#id_unit", str(world.community_a.pk))  # the form is open: he has no link yet
    page.click(f"{links} form button[type=submit]")
    page.wait_for_selector(f"{links} li >> text=和平社区")
    shoot(page, "2-linked")
    if phone:
        _fits(page)

    page.goto(f"{live_server.url}/staff/")
    page.click(f"#home-rep_pages >> text={names['training']}")
    page.click("details.action summary")
    page.fill("#id_title", "党代表履职能力培训班")
    page.fill("#id_held_on", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.fill("#id_place", "区委党校")
    page.fill("#id_organiser", "区委组织部")
    page.click("details.action button[type=submit]")
    page.wait_for_selector("h1 >> text=党代表履职能力培训班")
    page.check("label.choice:has-text('张伟') input")
    page.check("label.choice:has-text('王芳') input")
    page.click("section[aria-labelledby=record] form[method=post] button[type=submit]")
    page.wait_for_selector("section[aria-labelledby=present] >> text=张伟")
    shoot(page, "3-training")
    if phone:
        _fits(page)

    page.goto(f"{live_server.url}/staff/")
    page.click(f"#home-rep_pages >> text={names['coverage']}")
    assert "红星社区" in page.inner_text("section[aria-labelledby=villages]")
    shoot(page, "4-coverage")
    page.goto(f"{live_server.url}/staff/units/{world.street.pk}/overview/?uncovered=1")
    assert page.locator("#overview tbody tr td:first-child a").all_inner_texts() == ["红星社区"]
    shoot(page, "5-overview")
    if phone:
        _fits(page)
    assert errors == []
