"""The department evaluation (部门公众评议) in a real Chromium: the street's staff set it up from
the staff appraisal list on a 1280 px desktop (新建部门评议) and open it; a resident answers the
survey with a code on a 360 px phone; the staff count it on a phone and read the engine's
bottom five (four departments and two tied at the fifth place, reported, not broken) with the
requests scorecard beside it as context, download the open record and recount it with the
engine, and publish it; the board shows the bottom five in Chinese on a phone and in English on
a desktop. No page is wider than its screen."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def _scorecard(world, office) -> None:  # type: ignore[no-untyped-def]
    """A published first quarter of the street's requests scorecard naming one department."""
    from django.utils import timezone

    from web.cases.models import Scorecard

    uid = f"o{office.pk}"
    Scorecard.objects.create(
        unit=world.street, year=timezone.localdate().year, quarter=1, record={},
        result={
            "units": [{"id": uid, "name": office.name, "ranked": True, "score": {"points": "58.25"},
                       "counts": {"dispatched": 14}}],
            "tiers": [{"tier": "street", "ranked": [uid], "bottom": [uid], "tie": None, "not_ranked": []}],
        },
        record_sha256="0" * 64, published_at=timezone.now(),
    )  # fmt: skip


def test_a_department_evaluation_from_the_form_to_the_boards_bottom_five(live_server, browser, shoot):
    import datetime as dt

    from django.utils import timezone

    from jiceng.record import tally
    from web.appraisals import department_testing
    from web.appraisals.models import Review, Session
    from web.org.testing import make_world

    world = make_world()
    offices = department_testing.make_departments(world, 7)
    department_testing.street_body(world)
    _scorecard(world, offices[0])
    errors: list[str] = []

    # the street's staff set it up on a desktop, from the staff appraisal list
    desk = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=WIDE)
    desk.goto(f"{live_server.url}/staff/appraisals/")
    desk.click("a[href$='/staff/appraisals/new/departments/']")
    assert desk.locator("input[name=offices]:checked").count() == 7
    now = timezone.localtime()
    desk.fill("#id_representatives", "2")
    desk.fill("#id_residents", "8")
    desk.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    desk.fill("#id_closes_at", (now + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    _fits(desk, WIDE["width"])
    shoot(desk, "1-new-desktop")
    desk.click("form.card button[type=submit]")
    desk.wait_for_selector("#next")
    session = Session.objects.get()
    assert session.rater_count == 10 and session.subjects.count() == 7
    desk.click("#next button[type=submit]")
    desk.wait_for_selector(".messages")
    session.refresh_from_db()
    assert session.state == "open"
    code, *others = department_testing.codes(session, 10)

    # a resident answers on a phone: the first department 不满意, the others 满意
    voter = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    voter.on("pageerror", lambda exc: errors.append(str(exc)))
    voter.goto(f"{live_server.url}/vote/")
    voter.fill("#code", code)
    voter.click("#code-form button[type=submit]")
    voter.wait_for_selector("#ballot")
    rows = voter.locator(".grade-row")
    assert rows.count() == 7 and "春熙街道城管科" in rows.nth(0).inner_text()
    for n in range(7):
        rows.nth(n).locator("label").nth(2 if n == 0 else 0).click()
    _fits(voter)
    shoot(voter, "2-form-phone")
    voter.click("#cast-button")
    voter.wait_for_selector("#receipt")
    shoot(voter, "3-receipt-phone")
    # the other nine: with the phone's form, 1, 2, 3, 4, 5, 5 and 9 of 10 satisfied
    department_testing.answer(session, others, [1, 1, 2, 3, 4, 4, 8])

    # the staff count it on a phone and read the bottom five, the scorecard beside it
    phone = signed_in(browser, live_server, "street_staff", PASSWORD, errors)
    phone.goto(f"{live_server.url}/staff/appraisals/{session.pk}/")
    phone.click("#next button[type=submit]")
    phone.wait_for_selector("#bottom")
    bottom = phone.inner_text("#bottom")
    assert "末位 5 名：春熙街道城管科、春熙街道民政科、春熙街道社保所、春熙街道司法所" in bottom
    assert "春熙街道安监科、春熙街道规建科 得分相同，并列于截止名次" in bottom and "不作取舍" in bottom
    context = phone.inner_text("#scorecard-context")
    assert "不计入评议结果" in context and "58.25" in context and "考核末位" in context
    assert "{" not in phone.inner_text("main")
    _fits(phone)
    shoot(phone, "4-result-phone")
    with phone.expect_download() as got:
        phone.click(f"a[href$='/staff/appraisals/{session.pk}/record.json']")
    record = json.loads(got.value.path().read_text(encoding="utf-8"))
    with phone.expect_download() as got_result:
        phone.click(f"a[href$='/staff/appraisals/{session.pk}/result.json']")
    published = json.loads(got_result.value.path().read_text(encoding="utf-8"))
    recount = tally(record)
    assert recount["record_sha256"] == published["record_sha256"]
    assert recount["bottom"] == published["bottom"] and recount["ranking"] == published["ranking"]
    assert len(record["forms"]) == 10
    assert Review.objects.filter(session=session).count() == 6

    # the bottom on the staff's home, then published
    phone.goto(f"{live_server.url}/staff/")
    home = phone.inner_text("#home-appraisal_work")
    assert "春熙街道城管科" in home and "列入末位，问责" in home
    shoot(phone, "5-home-phone")
    phone.goto(f"{live_server.url}/staff/appraisals/{session.pk}/")
    phone.click("#next button[type=submit]")  # publish
    phone.wait_for_selector("a[href*='/board/appraisals/']")

    # the board: Chinese on a phone, English on a desktop
    for viewport, locale, words, name in (
        (PHONE, "zh-CN", ("末位 5 名", "如实报告，不作取舍", "不计入评议结果"), "6-board-phone"),
        (WIDE, "en-GB", ("the bottom 5", "reported and not broken", "not part of the evaluation"), "7-board-english"),
    ):
        board = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True).new_page()
        board.on("pageerror", lambda exc: errors.append(str(exc)))
        board.goto(f"{live_server.url}/board/appraisals/")
        board.click(f"a[href$='/board/appraisals/{session.pk}/']")
        board.wait_for_selector("#bottom")
        text = board.inner_text("main")
        assert all(w in text for w in words), text
        _fits(board, viewport["width"])
        shoot(board, name)
        with board.expect_download() as got_board:
            board.click(f"a[href$='/board/appraisals/{session.pk}/record.json']")
        assert tally(json.loads(got_board.value.path().read_text(encoding="utf-8")))["bottom"] == published["bottom"]
    assert errors == []
