"""A democratic recommendation in a real Chromium: two classes of recommenders fill their forms
on 360 px phones in a meeting (one in Chinese, one in English; a form naming more than the
places refused with a sentence, nothing cast), the organiser puts the classes together on a
1280 px screen, the engine counts, the result is published, and the record downloaded from the
public board is recounted by ``jiceng verify`` to the published result."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def _phone(browser, errors: list[str], locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _open_form(page, url: str, code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/vote/")
    page.fill("#code", code)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#ballot")


def test_recommenders_fill_forms_by_class_on_phones_and_the_record_recounts(live_server, browser, shoot, tmp_path):
    from web.meetings import actions as meeting_actions
    from web.meetings.testing import received
    from web.org.testing import make_world
    from web.recommendations.models import Recommendation
    from web.recommendations.testing import cast, create, open_class, open_meeting

    world = make_world()
    meeting, present = open_meeting(world, voters=8)
    rec = create(world, meeting)
    poll_a, codes_a = open_class(world, rec, "A", present[:3])
    poll_b, codes_b = open_class(world, rec, "B", present[3:])
    errors: list[str] = []

    # a class A recommender, in Chinese: two names ticked for one place is refused, nothing cast
    voter = _phone(browser, errors)
    _open_form(voter, live_server.url, codes_a[0])
    text = voter.inner_text("#ballot")
    assert "推荐人类别：领导班子成员" in text and "最多 1 名" in text
    assert voter.locator("label.pick").count() == 4
    _fits(voter)
    shoot(voter, "1-form-class-a")
    voter.locator("label.pick", has_text="王芳").click()
    voter.locator("label.pick", has_text="李强").click()
    voter.click("#cast-button")
    voter.wait_for_selector("#ballot .errorlist")
    assert "超过职数 1 人" in voter.inner_text("#ballot .errorlist")
    assert not received(poll_a)
    shoot(voter, "2-too-many-refused")
    voter.locator("label.pick", has_text="李强").click()  # untick
    voter.click("#cast-button")
    voter.wait_for_selector("#receipt")
    assert "王芳" in voter.inner_text("#ballot-choice")
    _fits(voter)
    shoot(voter, "3-receipt")

    # a class B recommender, in English
    english = _phone(browser, errors, locale="en-GB")
    _open_form(english, live_server.url, codes_b[0])
    assert "Class of recommenders: 党员代表" in english.inner_text("#ballot")
    _fits(english)
    shoot(english, "4-form-class-b-english")
    english.locator("label.pick", has_text="王芳").click()
    english.click("#cast-button")
    english.wait_for_selector("#receipt")
    shoot(english, "5-receipt-english")

    # the others by phone too (through the same cast page), then each class's poll is closed
    from django.test import Client

    phone = Client()
    for code, names in zip(codes_a[1:], [["王芳"], ["李强"]], strict=True):
        assert cast(phone, poll_a, code, names).status_code == 200
    for code, names in zip(codes_b[1:], [["王芳"], ["王芳"], ["张伟"], []], strict=True):
        assert cast(phone, poll_b, code, names).status_code == 200
    for poll in (poll_a, poll_b):
        meeting_actions.do_close_poll(poll=poll, acting_user=world.organiser)

    # the organiser, from the home page, on a wide screen: count, read, publish
    staff = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=WIDE)
    staff.click(f"#home-recommendations a[href='/staff/recommendations/{rec.pk}/']")
    staff.wait_for_selector("#count-button")
    shoot(staff, "6-to-count")
    staff.click("#count-button")
    staff.wait_for_selector("#recommendation-table")
    page = staff.inner_text("main")
    assert "达到推荐比例的人选不少于职数" in page and "71.43%" in page  # 王芳 5 of 7
    shoot(staff, "7-result")
    staff.click("#publish-button")
    staff.wait_for_selector("text=已公布")
    rec = Recommendation.objects.get(pk=rec.pk)
    assert rec.state == Recommendation.State.PUBLISHED

    # the staff pages on a phone, in English: the recommendation and the set-up form fit the screen
    mobile = signed_in(browser, live_server, "organiser", PASSWORD, errors, locale="en-GB")
    mobile.goto(f"{live_server.url}/staff/recommendations/{rec.pk}/")
    assert "Democratic recommendation" in mobile.inner_text("main")
    _fits(mobile)
    shoot(mobile, "9-staff-phone-english")
    mobile.goto(f"{live_server.url}/staff/recommendations/new")
    mobile.wait_for_selector("#recommendation-form")
    _fits(mobile)
    shoot(mobile, "10-new-phone-english")

    # the public board in English on a phone; the record downloaded and recounted
    board = browser.new_context(viewport=PHONE, is_mobile=True, locale="en-GB", accept_downloads=True).new_page()
    board.on("pageerror", lambda exc: errors.append(str(exc)))
    board.goto(f"{live_server.url}/board/recommendations/")
    _fits(board)  # the list, its long status words wrapping
    board.click(f"a[href='/board/recommendations/{rec.pk}/']")
    board.wait_for_selector("#recommendation-table")
    assert "enough candidates reach the bar" in board.inner_text("main")
    _fits(board)
    shoot(board, "8-board-english")
    with board.expect_download() as download:
        board.click("#record-link")
    path = tmp_path / "record.json"
    download.value.save_as(path)
    (tmp_path / "result.json").write_text(json.dumps(rec.result, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "jiceng", "verify", str(path), str(tmp_path / "result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["classes"] == [
        {"id": "A", "name": "领导班子成员"},
        {"id": "B", "name": "党员代表"},
    ]
    assert errors == []


def test_a_class_with_its_list_set_up_on_a_phone_and_the_desk_hands_its_form_only_to_the_list(
    live_server, browser, shoot
):  # type: ignore[no-untyped-def]
    """The organiser sets up a recommendation on a phone in Chinese with class A's list: a line
    that finds nobody on the meeting's roster comes back as its own sentence, nothing is made;
    corrected, the page says the class goes by list; the class's desk, at 1280 px in English,
    lists only the listed recommenders and says so."""
    from web.meetings import actions as meeting_actions
    from web.org.testing import make_world
    from web.recommendations.models import Recommendation
    from web.recommendations.testing import open_meeting

    world = make_world()
    meeting, present = open_meeting(world, voters=6)
    listed = [a.person for a in present[:2]]
    errors: list[str] = []

    phone = signed_in(browser, live_server, "organiser", PASSWORD, errors)
    phone.goto(f"{live_server.url}/staff/recommendations/new")
    phone.wait_for_selector("#recommendation-form")
    phone.select_option("#id_unit", str(world.community_a.pk))
    phone.fill("#id_title", "社区党委书记人选民主推荐")
    phone.fill("#id_post", "社区党委书记")
    phone.fill("#id_names", "王芳\n李强\n张伟")
    phone.select_option("#id_meeting", str(meeting.pk))
    phone.fill("#id_people_A", f"{listed[0].id_number}\n无名氏\n{listed[1].id_number}")
    phone.click("#recommendation-form button.primary")
    phone.wait_for_selector(".errorlist")
    assert "推荐人名单有 1 处问题（A 类）" in phone.inner_text(".errorlist")
    under_a = phone.locator("fieldset.class-row", has=phone.locator("#id_people_A")).locator(".field-error")
    assert under_a.inner_text() == "第 2 行“无名氏”：推荐会议的名册中没有这个人。"
    under_a.scroll_into_view_if_needed()
    assert not Recommendation.objects.exists()
    _fits(phone)
    shoot(phone, "11-list-refused-line")
    phone.fill("#id_people_A", f"{listed[0].id_number}\n{listed[1].id_number}")
    phone.click("#recommendation-form button.primary")
    phone.wait_for_selector("#listed-A")
    assert "2 （按名单发放）" in phone.inner_text("#classes")
    _fits(phone)
    shoot(phone, "12-class-by-list")

    rec = Recommendation.objects.get()
    poll = meeting_actions.do_open_poll(poll=rec.classes.get(key="A").poll, acting_user=world.organiser)
    desk = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=WIDE, locale="en-GB")
    desk.goto(f"{live_server.url}{poll.get_absolute_url()}")
    assert "only to the 2 people on its list" in desk.inner_text("#listed")
    rows = desk.inner_text("#waiting_results")
    assert listed[0].name in rows and present[4].person.name not in rows
    shoot(desk, "13-desk-by-list-english")
    assert errors == []
