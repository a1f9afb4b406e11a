"""Village deliberation in a real Chromium: the organiser holds a matter's party members' meeting
from the matter page (convene, check in, phone codes, close, conclude), members vote on small
phones, and anyone opens the unit's public board on a phone and finds the matter and its result."""

from __future__ import annotations

import re

import pytest

from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def _sign_in(browser, live_server, errors: list[str], viewport=DESKTOP, locale="zh-CN"):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport=viewport, locale=locale).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    return page


def _phone(browser, errors: list[str], locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    """Neither the page nor any of its tables has to be scrolled sideways to be read."""
    return bool(
        page.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"""
        )
    )


CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e“”、。《》（）：；]+")


def _typed_data() -> str:
    """Every text people typed or the record holds (names, titles, notes): Chinese on any page."""
    import json

    from django.apps import apps
    from django.db import models

    texts = []
    for label in ("org", "meetings", "deliberation", "commitments"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            ]
            for row in model.objects.values_list(*fields):
                texts.extend(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in row)
    return "\n".join(texts)


def _untranslated(text: str, data: str) -> list[str]:
    """Chinese runs on an English page that are not typed data: strings the page forgot to translate."""
    return sorted({run for run in CJK.findall(text) if run.strip("“”、。（）：；") and run not in data})


def test_a_members_meeting_vote_recorded_in_the_browser_reaches_the_board_on_a_phone(
    live_server, browser, shoot, client_for
):
    from web.deliberation.tests.helpers import hold_and_vote, make_village, propose
    from web.org.testing import make_world

    world = make_world()
    village = make_village(world)
    org_client, anonymous = client_for(world.organiser), client_for(None)
    # the branch proposed the matter and the two committees discussed it: the members' meeting is next
    matter = propose(org_client, world, title="村集体经济收益分配方案", kind="collective_income")
    hold_and_vote(org_client, anonymous, matter, village.committee, present=3, yes=3)
    hold_and_vote(org_client, anonymous, matter, village.two_committees, present=5, yes=4, no=1)
    errors: list[str] = []

    staff = _sign_in(browser, live_server, errors)
    staff.goto(f"{live_server.url}/staff/matters/{matter.pk}/")
    assert "当前环节：党员大会审议" in staff.inner_text("#current")
    staff.select_option("#hold-body", str(village.members.pk))
    staff.fill("#hold-at", "2026-03-12T09:00")
    staff.fill("#hold-place", "村党群服务中心")
    shoot(staff, "1-matter-members-step")
    staff.click("#current button:has-text('召开会议并建立表决')")
    staff.wait_for_selector(".message.success >> text=会议和表决已建立")

    # the meeting: start it (the roster freezes), check five of the six members in
    staff.click("#current a:has-text('到会议页面签到、投票、计票')")
    staff.wait_for_selector("h1")
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("button:has-text('开始会议（冻结名册）')")
    staff.click("main a.button:has-text('签到')")
    staff.wait_for_selector("#q")
    names = ["王芳", "党员1", "党员2", "党员3", "党员4"]
    for name in names:
        staff.fill("#q", name)
        staff.wait_for_selector(f"#checkin-results >> text={name}")
        staff.click("#checkin-results button[type=submit]")
        staff.wait_for_selector(".message.success")
    assert "应到 6 人，实到 5 人" in staff.inner_text("#checkin-results")
    shoot(staff, "2-check-in")

    # the step's vote: open it, hand each present member a phone code, each votes on a phone
    staff.goto(f"{live_server.url}/staff/matters/{matter.pk}/")
    staff.click("#current a:has-text('本环节的表决')")
    staff.click("button:has-text('开始投票')")
    staff.wait_for_selector("text=已签到、尚未领票")
    votes = ["yes", "yes", "yes", "yes", "no"]
    poll_page = staff.url
    staff.fill("#batch-size", str(len(votes)))
    staff.click("#code-batch button[type=submit]")
    pile = [staff.inner_text("#voting-code")]
    pile += [staff.inner_text(f"#voting-code-{n}") for n in range(2, len(votes) + 1)]
    shoot(staff, "3-slip")
    staff.goto(poll_page)
    receipts = []
    for n, vote in enumerate(votes):
        staff.click("button[value=phone] >> nth=0")
        staff.wait_for_selector(".message.success")
        code = pile[n]
        voter = _phone(browser, errors)
        voter.goto(f"{live_server.url}/vote/#{code}")
        voter.click("#code-form button[type=submit]")
        voter.wait_for_selector("#ballot")
        assert "村集体经济收益分配方案" in voter.inner_text("h1")
        voter.check(f"input[name=vote][value={vote}]")
        if n == 0:
            shoot(voter, "4-phone-ballot")
        voter.click("#cast-button")
        assert "您的选票已投出" in voter.inner_text("main")
        receipts.append(voter.inner_text("#receipt"))
        if n == 0:
            assert _no_sideways_scroll(voter)
            shoot(voter, "5-phone-receipt")
        voter.context.close()
    assert "已发出选票 5 张" in staff.inner_text("main")

    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("button:has-text('结束投票并计票')")
    staff.wait_for_selector("text=计票结果")
    assert "通过" in staff.inner_text("main .lead")
    shoot(staff, "6-counted")

    # back on the matter page: conclude the step from the count; the villagers' step is next
    staff.goto(f"{live_server.url}/staff/matters/{matter.pk}/")
    staff.click("#current button:has-text('按计票结果办结本环节')")
    staff.wait_for_selector(".message.success >> text=已按计票结果办结本环节。")
    assert "当前环节：村民会议或村民代表会议决议" in staff.inner_text("#current")
    staff.click("summary:has-text('3. 党员大会审议')")
    assert "赞成 4 · 反对 1 · 弃权 0" in staff.inner_text("details[open] >> nth=0")
    shoot(staff, "7-concluded")

    # anyone, without signing in, on a phone: the board shows the matter, its step and the result
    reader = _phone(browser, errors)
    reader.goto(f"{live_server.url}/u/{world.community_a.code}/")
    board = reader.inner_text("main")
    assert "村务议事与公开" in board and "村集体经济收益分配方案" in board
    assert "当前环节：村民会议或村民代表会议决议" in board
    assert re.search(r"党员大会审议\s*·\s*已通过", board), board
    card = reader.locator("li.card").filter(has_text="当前环节：")
    members_link = card.get_by_role("link", name="党员大会审议", exact=True)
    members_row = card.locator("div.small", has=reader.get_by_role("link", name="党员大会审议", exact=True))
    record_link = members_row.get_by_role("link", name="下载表决记录")
    assert "/record.json" in (record_link.get_attribute("href") or "")
    assert _no_sideways_scroll(reader)
    shoot(reader, "8-board-phone")
    download = record_link.get_attribute("href")
    members_link.click()
    reader.wait_for_selector("h1")
    result = reader.inner_text("main")
    assert "党员大会审议" in result and "通过" in result
    shoot(reader, "9-result-phone")
    response = reader.request.get(f"{live_server.url}{download}")
    assert response.ok and all(r.replace("-", "") in response.text() for r in receipts)
    assert errors == []


def _deliberation_data(world, village, org, anonymous, clock):  # type: ignore[no-untyped-def]
    """Matters in several states: implemented with both disclosures, at the members' meeting, ended."""
    import datetime as dt

    from web.deliberation.tests.helpers import current, hold_and_vote, post_step, propose

    road = propose(org, world, title="修建村道")
    for body, present, yes in (
        (village.committee, 3, 3),
        (village.two_committees, 5, 4),
        (village.members, 6, 5),
        (village.reps, 5, 4),
    ):
        hold_and_vote(org, anonymous, road, body, present=present, yes=yes, no=present - yes)
    until = (clock.now().date() + dt.timedelta(days=20)).isoformat()
    post_step(
        org,
        road,
        current(road),
        "disclose",
        {"title": "村道硬化决议", "text": "经村民代表会议表决通过，硬化村道 2 公里。", "until": until},
    )
    post_step(org, road, current(road), "disclose", {"title": "村道硬化完工", "text": "已完工，决算 38.6 万元。"})
    income = propose(org, world, title="村集体经济收益分配方案", kind="collective_income")
    hold_and_vote(org, anonymous, income, village.committee, present=3, yes=3)
    hold_and_vote(org, anonymous, income, village.two_committees, present=5, yes=4, no=1)
    land = propose(org, world, title="出租村北闲置土地", kind="land")
    hold_and_vote(org, anonymous, land, village.committee, present=3, yes=1, no=2)
    r = org.post(
        f"/staff/units/{world.community_a.pk}/finances",
        {"finance-title": "2026 年 10 月财务收支", "finance-text": "收入 12.4 万元，支出 9.8 万元。"},
    )
    assert r.status_code == 302
    return road, income


def _commitments_data(world, org, clock):  # type: ignore[no-untyped-def]
    """Last year reviewed with a survey under 60%; this year adopted with items done, overdue, on track, dropped."""
    from web.commitments.tests.helpers import add_item, create_year, post_progress, survey_data
    from web.meetings import actions

    meeting = actions.do_create_meeting(
        body=world.body_a, title="党员和村民代表联席会议", starts_at=clock.now(), acting_user=world.organiser
    )
    last = create_year(org, world.community_a.pk, 2025)
    wells = add_item(
        org,
        last,
        item="修缮第二村民小组水井",
        owner=world.person_a2,
        deadline="2025-08-31",
        budget="30000",
        category="livelihood",
    )
    assert org.post(f"/staff/commitments/years/{last.pk}/adopt", {"meeting": meeting.pk}).status_code == 302
    for quarter, percent in ((1, 30), (2, 100)):
        assert post_progress(org, wells, quarter, percent, f"完成 {percent}%").status_code == 302
    assert (
        org.post(
            f"/staff/commitments/years/{last.pk}/review", {"meeting": meeting.pk, "note": "承诺事项全部兑现"}
        ).status_code
        == 302
    )
    data = survey_data(
        returned=35,
        blank=1,
        spoiled=0,
        committees=(15, 4, 15),
        cadres=[(world.person_a, "secretary", (20, 5, 9)), (world.person_a2, "director", (18, 4, 12))],
    )
    assert org.post(f"/staff/commitments/years/{last.pk}/survey", data).status_code == 302

    year = create_year(org, world.community_a.pk, 2026)
    r = org.post(
        f"/staff/commitments/years/{year.pk}/opinions/new",
        {"grid": world.grid_a1.pk, "category": "hot_issue", "text": "村口道路坑洼，雨天积水"},
    )
    assert r.status_code == 302
    r = org.post(
        f"/staff/commitments/years/{year.pk}/opinions/new",
        {"group_name": "第三村民小组", "category": "member", "member": world.person_a.pk, "text": "希望多到组里走访"},
    )
    assert r.status_code == 302
    road = add_item(org, year, item="硬化村口道路 800 米", owner=world.person_a2, deadline="2026-10-31")
    lights = add_item(
        org,
        year,
        item="安装太阳能路灯 60 盏",
        owner=world.person_a,
        deadline="2026-09-30",
        budget="96000.50",
        category="welfare",
    )
    clinic = add_item(
        org,
        year,
        item="建成村卫生室并配齐设备",
        owner=world.person_a2,
        deadline="2026-12-31",
        budget="250000",
        category="livelihood",
    )
    market = add_item(
        org, year, item="建设农贸集市", owner=world.person_a, deadline="2026-12-31", budget="400000", category="economy"
    )
    assert org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk}).status_code == 302
    for item, percents in ((road, (25, 60, 90, 100)), (lights, (20, 40, 70)), (clinic, (10, 35, 60))):
        for quarter, percent in enumerate(percents, start=1):
            assert post_progress(org, item, quarter, percent, f"第{quarter}季度完成 {percent}%").status_code == 302
    assert org.post(f"/staff/commitments/{market.pk}/drop", {"reason": "选址未获批准，改列明年"}).status_code == 302
    return year, lights


PAGES = ("matters", "matter", "open-matter", "year", "commitment", "board")


def test_the_new_pages_on_a_phone_and_a_desktop_in_chinese_and_english(
    live_server, browser, shoot, client_for, monkeypatch
):
    from web.commitments.tests.helpers import Clock
    from web.deliberation.tests.helpers import make_village
    from web.org.testing import make_world

    clock = Clock()
    clock.set("2026-11-20")
    monkeypatch.setattr("web.common.clock.now", clock.now)
    world = make_world()
    village = make_village(world)
    org, anonymous = client_for(world.organiser), client_for(None)
    road, income = _deliberation_data(world, village, org, anonymous, clock)
    year, lights = _commitments_data(world, org, clock)
    urls = {
        "matters": f"/staff/units/{world.community_a.pk}/matters/",
        "matter": f"/staff/matters/{road.pk}/",
        "open-matter": f"/staff/matters/{income.pk}/",
        "year": f"/staff/commitments/years/{year.pk}/",
        "commitment": f"/staff/commitments/{lights.pk}/",
        "board": f"/u/{world.community_a.code}/",
    }
    data = _typed_data()
    errors: list[str] = []
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = _sign_in(browser, live_server, errors, viewport=viewport)
        for language in ("zh", "en"):
            if language == "en":
                page.click("form.langswitch button")
                page.wait_for_selector("html[lang=en]")
            for name in PAGES:
                page.goto(f"{live_server.url}{urls[name]}")
                shoot(page, f"{label}-{language}-{name}")
                if label == "phone":
                    assert _no_sideways_scroll(page), f"{name} ({language}) scrolls sideways on a phone"
                if language == "en":
                    assert _untranslated(page.inner_text("main"), data) == [], name
        page.context.close()
    assert errors == []
