"""Issue 14's first journey, across the apps, in a real browser: a reception where a request is
taken, referred and later solved, with points appearing in the ledger with their evidence.

刘洋, on duty at 和平社区's studio, works on a 360-pixel phone in Chinese: from the home page to the
session, the check-in, a resident's noise complaint taken at the session, then (the category being
public security, outside her field) the request referred to 赵磊, whose field it is, from the
representatives the request's category suggests. 赵磊, on a 1280-pixel screen in English, finds the
referral on his home page and answers it. The street dispatches the request, community A's office
replies, the return visit finds it solved and it is closed. Then 赵磊 records the solved request in
his points ledger and 刘洋 her reception check-in, each from their home page; each entry names its
evidence (the request's number, the studio's session). Published, the quarter's table on the public
board shows both, with the standard's version."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, request_form_ready, signed_in
from web.common.testing import local_at
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_a_request_taken_at_a_reception_referred_solved_and_counted(browser, live_server, shoot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from web.cases import actions as cases
    from web.cases.models import Case, CaseEvent
    from web.cases.testing import make_case_world
    from web.org.models import Role
    from web.org.testing import make_world
    from web.points.actions import do_publish_standard
    from web.points.models import Entry
    from web.points.publishing import do_publish_points
    from web.points.standard import DEFAULT_PROJECTS
    from web.reps.actions import do_save_profile
    from web.reps.models import Answer, Field
    from web.studios.models import Duty, Session, SessionCase
    from web.studios.testing import make_studio_world

    now = {"at": local_at("2026-03-02", 9)}
    monkeypatch.setattr("web.common.clock.now", lambda: now["at"])
    sw = make_studio_world(make_case_world(make_world()))
    cw = sw.cw
    liaison = get_user_model().objects.create_user(username="liaison", password=PASSWORD, display_name="区委组织部")
    Role.objects.create(user=liaison, unit=sw.org.district, kind=Role.Kind.ORG_STAFF)
    do_publish_standard(congress=sw.congress, projects=DEFAULT_PROJECTS, changes="首版", acting_user=liaison)
    do_save_profile(seat=sw.seat_c, fields=[Field.POLICE], intro="派出所退休民警", acting_user=sw.rep_c)
    session = Session.objects.filter(studio=sw.studio_a).order_by("starts_at").first()
    now["at"] = local_at("2026-03-03", 9, 10)  # Tuesday's reception has begun; 刘洋 is on duty
    errors: list[str] = []

    # 刘洋 on a phone, in Chinese: the session from her home, the check-in, the request
    phone = signed_in(browser, live_server, "rep_a", PASSWORD, errors, viewport=PHONE)
    phone.locator("#home-studio_duty a").first.click()
    phone.wait_for_selector("#duty")
    phone.click("text=我已到岗，签到")
    phone.wait_for_selector("#duty .tag.full")
    phone.click("text=登记一件诉求")
    request_form_ready(phone)
    if phone.locator("#id_community").input_value() != str(sw.org.community_a.pk):
        with phone.expect_navigation():
            phone.select_option("#id_community", str(sw.org.community_a.pk))
    with phone.expect_navigation():
        phone.select_option("#id_grid", str(sw.org.grid_a1.pk))
    phone.select_option("#id_building", str(sw.org.building_a1.pk))
    with phone.expect_navigation():
        phone.select_option("#id_service_code", "noise")
    phone.fill("#id_requester_name", "王芳")
    phone.fill("#id_requester_phone", "13800000001")
    phone.check("#id_consent")
    phone.fill("#id_description", "楼下烧烤店每晚营业到凌晨两点，噪音很大，多次劝说无果。")
    phone.click("#request-form button.primary")
    phone.wait_for_selector("#tracking-code")
    number = phone.inner_text("#case-number").strip()
    case = Case.objects.get(pk=int(number))
    assert SessionCase.objects.get(session=session).case == case and case.representative == sw.rep_a
    shoot(phone, "1-taken-at-reception")

    # … outside her field: referred to the representative the category suggests
    phone.goto(f"{live_server.url}/staff/")
    phone.click("text=我联系的诉求")
    phone.click(f"a:has-text('{number}')")
    phone.wait_for_selector("#act-refer")
    phone.locator("#act-refer summary").click()
    phone.click("text=按履职领域推荐代表")
    phone.wait_for_selector(f"#to-{sw.seat_c.pk}")
    assert "公安治安" in phone.inner_text("main") and "陈静" not in phone.inner_text(".choices >> nth=1")
    _fits(phone, PHONE["width"])
    shoot(phone, "2-refer-by-field")
    phone.check(f"#to-{sw.seat_c.pk}")
    phone.click("form:has(#refer-reason) button.primary")
    phone.wait_for_selector(".messages")
    case.refresh_from_db()
    assert case.representative == sw.rep_c
    shoot(phone, "3-referred")

    # 赵磊 on a desktop, in English: the referral on his home page, answered
    now["at"] = local_at("2026-03-03", 14)
    desk = signed_in(browser, live_server, "rep_c", PASSWORD, errors, viewport=DESKTOP, locale="en-US")
    _english(desk, live_server)
    referrals = desk.locator("#home-rep_referrals")
    assert number in referrals.inner_text()
    shoot(desk, "4-home-referral-en")
    referrals.locator("a").first.click()
    desk.fill("textarea[name=text]", "明晚约派出所社区民警一起到店里了解情况。")
    desk.click("main form button[type=submit]")
    desk.wait_for_selector(".messages")
    assert Answer.objects.filter(event__case=case, by=sw.rep_c).exists()
    _fits(desk, DESKTOP["width"])
    shoot(desk, "5-referral-answered-en")

    # the office handles it: dispatched, signed, replied, the return visit finds it solved, closed
    for hour, act in (
        (15, lambda: cases.do_dispatch_case(case=case, acting_user=cw.dispatcher)),
        (16, lambda: cases.do_sign_case(case=case, acting_user=cw.community_handler)),
        (17, lambda: cases.do_reply_case(case=case, text="已约谈店主，营业至22点", acting_user=cw.community_handler)),
    ):
        now["at"] = local_at("2026-03-04", hour)
        act()
        case.refresh_from_db()
    now["at"] = local_at("2026-03-05", 10)
    cases.do_visit_case(case=case, method="phone", satisfaction=5, solved=True, acting_user=cw.dispatcher)
    case.refresh_from_db()
    cases.do_close_case(case=case, acting_user=cw.dispatcher)
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and CaseEvent.objects.filter(case=case, kind="referred").count() == 1

    # 赵磊 records the solved request in his ledger, from his home page
    now["at"] = local_at("2026-03-06", 9)
    desk.goto(f"{live_server.url}/staff/")
    desk.locator("#home-points-mine a[href*='/staff/points/seats/']").first.click()
    form = desk.locator("form:has(select[name=case])")
    assert number in form.inner_text()
    form.locator("select[name=difficulty]").select_option("harder")
    form.locator("button").click()
    desk.wait_for_selector(".messages")
    entry = Entry.objects.get(seat=sw.seat_c, case=case)
    assert entry.evidence == "case" and entry.points > 0
    ledger = desk.inner_text("main")
    assert f"request no. {number}" in ledger, ledger[:400]
    _fits(desk, DESKTOP["width"])
    shoot(desk, "6-ledger-request-en")

    # 刘洋 records her reception check-in, on her phone
    phone.goto(f"{live_server.url}/staff/")
    phone.locator("#home-points-mine a[href*='/staff/points/seats/']").first.click()
    duty = Duty.objects.get(session=session, seat=sw.seat_a)
    form = phone.locator("form:has(select[name=duty])")
    assert "和平社区党代表工作室" in form.inner_text()
    form.locator("button").click()
    phone.wait_for_selector(".messages")
    reception = Entry.objects.get(seat=sw.seat_a, duty=duty)
    assert reception.evidence == "reception"
    assert "和平社区党代表工作室" in phone.inner_text("main")
    _fits(phone, PHONE["width"])
    shoot(phone, "7-ledger-reception")

    # the quarter published: the public table names both, with the standard's version
    now["at"] = local_at("2026-04-02", 9)
    do_publish_points(congress=sw.congress, year=2026, quarter=1, acting_user=liaison)
    board = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    board.on("pageerror", lambda exc: errors.append(str(exc)))
    board.goto(f"{live_server.url}/board/points/")
    table = board.inner_text("main")
    assert "赵磊" in table and "刘洋" in table and "第 1 版" in table, table[:400]
    _fits(board, PHONE["width"])
    shoot(board, "8-board-points")
    assert errors == []


def _english(page, live_server) -> None:  # type: ignore[no-untyped-def]
    """English from now on, as if the person had pressed the language button; the page again."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
