"""Issue 13's journey, walked by every persona in one real browser: a resident files a request
without an account, the street's dispatcher sends it to the office the catalogue names, that
office returns it as not its own with the evidence, the dispatcher re-dispatches it to the right
office, which signs for it and answers; the resident follows it by the tracking code and the
return visit is made; the dispatcher closes it; the representative it came through rates the
office; after the quarter the scheduler's job publishes the street's scorecard, and an
anonymous visitor finds the request on the public board (anonymised) and the scorecard counting
it, whose downloaded record the engine recounts to the published result.

Walked twice: in Chinese on a 360 px phone from the public form (the resident answers the return
visit on the follow page), and in English on a 1280 px desktop from a representative's service
card (the dispatcher records a visit by phone; the representative rates the office). Every page
is photographed and none scrolls sideways."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PHONE, request_form_ready, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
ROOT = Path(__file__).resolve().parents[2]

DESCRIPTION = "小区门口的垃圾站每天凌晨四点清运，垃圾车压缩的声音很大，整栋楼都被吵醒。"
EVIDENCE = "清运时间由街道环卫所排班，社区无权调整；见环卫所2026年清运排班表第3条。"
REPLY = "已把和平社区门口垃圾站的清运时间调整到早上七点以后，并要求压缩作业远离住宅一侧。"
PHONE_NUMBER = "13912345678"
NAME = "赵秀兰"


@dataclass(frozen=True)
class Run:
    locale: str
    viewport: dict[str, int]
    #: the resident files from the public form, or from the representative's service card
    card: bool

    @property
    def english(self) -> bool:
        return self.locale.startswith("en")

    @property
    def phone(self) -> bool:
        return self.viewport == PHONE

    def say(self, zh: str, en: str) -> str:
        return en if self.english else zh


ZH_PHONE = Run("zh-CN", PHONE, card=False)
EN_DESKTOP = Run("en-US", DESKTOP, card=True)


class Walk:
    """The browser side of the journey: a context per person, every page checked and shot."""

    def __init__(self, browser: Any, live_server: Any, shoot: Any, run: Run) -> None:
        self.browser, self.server, self.shoot, self.run = browser, live_server, shoot, run
        self.errors: list[str] = []
        self.shots = 0

    def person(self, username: str | None = None) -> Any:
        """A new browser for a person (signed in as ``username``, or anonymous)."""
        run = self.run
        if username is not None:
            page = signed_in(
                self.browser, self.server, username, PASSWORD, self.errors, viewport=run.viewport, locale=run.locale
            )
        else:
            phone = run.phone
            context = self.browser.new_context(
                viewport=run.viewport, is_mobile=phone, has_touch=phone, locale=run.locale, accept_downloads=True
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        if run.english:  # as if the person had pressed the language button
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": self.server.url}])
        return page

    def look(self, page: Any, name: str) -> None:
        """No sideways scroll on this screen; a full-page screenshot, numbered in walking order."""
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.run.viewport["width"], f"{page.url} is {wide} px wide"
        self.shots += 1
        self.shoot(page, f"{self.shots:02d}-{name}")

    def case_page(self, page: Any, case_id: int) -> None:
        page.wait_for_url(f"{self.server.url}/staff/cases/{case_id}/")

    def act(self, page: Any, action: str, case_id: int) -> str:
        """Press the action's button on the case page; the message it answers with."""
        page.locator(f"#act-{action} form[method=post] button[type=submit]").click()
        self.case_page(page, case_id)
        return page.inner_text(".messages")


def _tags(page: Any) -> str:
    return page.inner_text("p.case-tags")


def _where(page: Any) -> str:
    return page.inner_text("#where + dl")


@pytest.mark.parametrize("run", [ZH_PHONE, EN_DESKTOP], ids=["zh-phone", "en-desktop"])
def test_one_request_from_a_resident_to_the_quarters_scorecard(browser, live_server, shoot, monkeypatch, tmp_path, run):  # type: ignore[no-untyped-def]
    from web.cases.models import Case, Rating, Scorecard
    from web.cases.testing import make_case_world
    from web.org.testing import make_world

    cw = make_case_world(make_world())
    w = cw.org
    walk = Walk(browser, live_server, shoot, run)
    say = run.say

    # ---- 1. the resident files it (no account), and writes down the number and the code ------
    resident = walk.person()
    if run.card:  # the QR code of the representative's service card opens this form
        resident.goto(f"{live_server.url}/requests/card/{cw.representative.pk}/")
        assert resident.inner_text("h1") == say("向代表rep反映诉求", "A request to representative rep")
    else:
        resident.goto(f"{live_server.url}/")
        resident.get_by_role("link", name=say("提出诉求", "Raise a request")).first.click()
        resident.wait_for_url(f"{live_server.url}/requests/new/")
        assert resident.inner_text("h1") == say("反映诉求", "File a request")
    walk.look(resident, "resident-form")
    request_form_ready(resident)
    with resident.expect_navigation():
        resident.select_option("#id_community", str(w.community_a.pk))
    with resident.expect_navigation():
        resident.select_option("#id_grid", str(w.grid_a1.pk))
    resident.select_option("#id_building", str(w.building_a1.pk))
    resident.fill("#id_category_q", "噪音")
    with resident.expect_navigation():
        resident.select_option("#id_service_code", "noise")
    resident.fill("#id_description", DESCRIPTION)
    resident.fill("#id_requester_phone", PHONE_NUMBER)
    resident.fill("#id_requester_name", NAME)
    walk.look(resident, "resident-form-filled")
    resident.click("#request-form button.primary")
    resident.wait_for_selector("#tracking-code")
    assert resident.inner_text("#taken-title") == say("诉求已受理", "Request received")
    assert say("请现在把诉求编号和查询码抄下来", "Write down the case number and tracking code now") in (
        resident.inner_text(".taken")
    )
    number = resident.inner_text("#case-number").strip()
    code = resident.inner_text("#tracking-code").strip()
    walk.look(resident, "resident-code-shown-once")
    case = Case.objects.get(pk=int(number))
    assert case.channel == (Case.Channel.CARD if run.card else Case.Channel.ONLINE)
    assert case.representative == (cw.representative if run.card else None)

    def follow() -> str:
        """The resident follows the case by number and code; the state in their words."""
        resident.goto(f"{live_server.url}/requests/follow/")
        resident.fill("#id_number", number)
        resident.fill("#id_code", code)
        resident.click("#follow-form button[type=submit]")
        resident.wait_for_selector("#case-state")
        assert resident.inner_text("#case-level") == say("社区（村）", "Community (village)")  # never escalated
        return resident.inner_text("#case-state")

    assert follow() == say("已收到，正在安排承办单位", "Received; an office is being assigned")
    walk.look(resident, "resident-follows-received")

    # ---- 2. the street's dispatcher sends it where the catalogue says ----------------------------
    desk = walk.person("dispatcher")
    desk.locator("#home-case_desk").locator(f"a[href='/staff/cases/{number}/']").click()
    walk.case_page(desk, case.pk)
    assert say("已受理，待派单", "Received, waiting for dispatch") in _tags(desk)
    assert say("社区（村）办理", "Handled at Community (village) level") in _tags(desk)
    asked = desk.inner_text("#asked + p + dl")
    assert PHONE_NUMBER in asked and NAME in asked  # those handling it may call
    assert "和平社区第一网格 · 1栋" in asked
    assert say("派单目录指定：和平社区居委会", "The catalogue names: 和平社区居委会") in desk.inner_text(
        "#act-dispatch"
    )
    walk.look(desk, "dispatcher-case-received")
    assert walk.act(desk, "dispatch", case.pk) == say("已派单。", "Dispatched.")
    assert "和平社区居委会" in _where(desk)
    assert say("已派单，待签收", "Dispatched, waiting to be signed for") in _tags(desk)
    assert follow() == say("已交承办单位，等待签收", "Sent to an office, waiting for it to accept")

    # ---- the community's handler returns it as not theirs, with the evidence -------------------
    community = walk.person("community_handler")
    community.locator("#home-case_queue").locator(f"a[href='/staff/cases/{number}/']").click()
    walk.case_page(community, case.pk)
    community.locator("#act-return summary").click()
    community.select_option("#id_return-reason_code", "not_ours")
    community.fill("#id_return-reason", EVIDENCE)
    walk.look(community, "community-returns")
    assert walk.act(community, "return", case.pk) == say(
        "已退单，等待派单员审核。", "Returned; waiting for the dispatcher's decision."
    )
    assert say("已退单，待审核", "Returned, waiting for review") in _tags(community)
    assert [
        s
        for s in community.locator("main details.action summary").all_inner_texts()
        if s != say("增加协办单位", "Add an assisting office")
    ] == []
    walk.look(community, "community-returned")
    state = follow()
    assert state == say("正在重新安排承办单位", "Another office is being assigned")
    assert say(
        "和平社区居委会认为不归其办理，正在重新安排", "和平社区居委会 said it is not theirs"
    ) in resident.inner_text("ol.history")
    assert EVIDENCE not in resident.inner_text("main")  # the offices' own reasons stay with them
    assert "和平社区居委会" not in resident.inner_text("dl.facts")  # no office named while another is chosen
    walk.look(resident, "resident-follows-returned")

    # ---- the dispatcher reads the evidence and re-dispatches to the right office ----------------
    desk.goto(f"{live_server.url}/staff/cases/desk/?tab=returned")
    walk.look(desk, "dispatcher-desk-returned")
    desk.locator(f"main a[href='/staff/cases/{number}/']").first.click()
    walk.case_page(desk, case.pk)
    grounds = desk.inner_text("#return-reason")  # the evidence beside the decision
    assert EVIDENCE in grounds and say("不属于本单位职责", "Not our office's duty") in grounds
    desk.fill("#oq-dispatch", "环卫")
    desk.locator("#act-dispatch form[role=search] button").click()
    desk.wait_for_url(f"{live_server.url}/staff/cases/{number}/?oq=*")
    desk.select_option("#id_dispatch-office", label="春熙街道环卫所")
    walk.look(desk, "dispatcher-redispatches")
    assert walk.act(desk, "dispatch", case.pk) == say("已派单。", "Dispatched.")
    where = _where(desk)
    assert "春熙街道环卫所" in where
    assert say("退单 1 次 · 转派 1 次 · 重办 0 次", "returned 1 · transferred 1 · redone 0") in where
    assert say("社区（村）办理", "Handled at Community (village) level") in _tags(desk)  # not escalated

    # ---- the sanitation office signs for it and answers ----------------------------------------
    sanitation = walk.person("sanitation")
    sanitation.locator("#home-case_queue").locator(f"a[href='/staff/cases/{number}/']").click()
    walk.case_page(sanitation, case.pk)
    assert say("签收：", "to sign for:") in _tags(sanitation)  # the sign-for deadline in words
    walk.look(sanitation, "sanitation-to-sign")
    assert walk.act(sanitation, "sign", case.pk) == say("已签收，开始办理。", "Signed for; handling has begun.")
    assert say("办理中", "Being handled") in _tags(sanitation)
    sanitation.fill("#id_reply-text", REPLY)
    walk.look(sanitation, "sanitation-replies")
    assert walk.act(sanitation, "reply", case.pk) == say(
        "已答复，等待回访。", "Answered; waiting for the return visit."
    )
    assert say("已答复，待回访", "Replied, waiting for the return visit") in _tags(sanitation)
    walk.look(sanitation, "sanitation-replied")

    # ---- 3. the resident reads the answer; the return visit ------------------------------------
    assert follow() == say("已答复，请您评价办理结果", "Replied; please rate the result")
    assert REPLY in resident.inner_text("#case-reply")
    history = resident.inner_text("ol.history")
    assert "春熙街道环卫所" in history and "sanitation" not in history  # offices, never a person
    walk.look(resident, "resident-reads-reply")
    if not run.card:  # the resident answers the visit on the follow page
        resident.check("input[name=satisfaction][value='5']")
        resident.check("input[name=solved][value=yes]")
        resident.click("#answer-form button[type=submit]")
        resident.wait_for_selector(f"#case-state:has-text('{say('已回访', 'Rated')}')")
        walk.look(resident, "resident-answered-visit")
    else:  # the dispatcher calls and records the visit
        desk.goto(f"{live_server.url}/staff/cases/desk/?tab=visit")
        desk.locator(f"main a[href='/staff/cases/{number}/']").first.click()
        walk.case_page(desk, case.pk)
        desk.select_option("#id_visit-method", "phone")
        desk.check("input[name=visit-satisfaction][value='4']")
        desk.check("input[name=visit-solved][value=yes]")
        desk.fill("#id_visit-note", "电话回访：清运已改到七点以后，居民表示满意。")
        walk.look(desk, "dispatcher-records-phone-visit")
        assert walk.act(desk, "visit", case.pk) == "Return visit recorded."
    case.refresh_from_db()
    assert case.state == Case.State.VISITED and case.first_satisfaction == (4 if run.card else 5)

    # ---- 4. the dispatcher closes it ------------------------------------------------------------
    desk.goto(f"{live_server.url}/staff/cases/desk/?tab=close")
    walk.look(desk, "dispatcher-desk-to-close")
    desk.locator(f"main a[href='/staff/cases/{number}/']").first.click()
    walk.case_page(desk, case.pk)
    assert say("已回访，待办结", "Visited, waiting to be closed") in _tags(desk)
    assert walk.act(desk, "close", case.pk) == say("已办结。", "Closed.")
    assert say("已办结", "Resolved") in _tags(desk)
    assert say("社区（村）办理", "Handled at Community (village) level") in _tags(desk)
    walk.look(desk, "dispatcher-closed")
    assert follow() == say("已办结", "Resolved")
    walk.look(resident, "resident-follows-closed")

    if run.card:  # the representative it came through rates the office that handled it
        rep = walk.person("rep")
        rep.locator("#home-case_represented").locator(f"a[href='/staff/cases/{number}/']").click()
        walk.case_page(rep, case.pk)
        form = rep.locator("#act-rate")
        assert form.get_attribute("open") is not None
        rep.select_option("#id_rate-office", label="春熙街道环卫所")
        for part, score in (("attitude", "5"), ("speed", "4"), ("style", "5"), ("satisfaction", "4")):
            rep.select_option(f"#id_rate-{part}", score)
        walk.look(rep, "representative-rates")
        assert walk.act(rep, "rate", case.pk) == "Rated; it counts in the office's scorecard."
        assert "春熙街道环卫所" in rep.inner_text("#where ~ dl ~ h3 + ul")
        walk.look(rep, "representative-rated")
        assert Rating.objects.filter(case=case).count() == 1

    # ---- 5. after the quarter, the scheduler's job publishes the scorecard --------------------
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from web.cases.scorecards import last_quarter, quarter_span
    from web.jobs.queue import PERIODIC

    received = timezone.localtime(case.received_at)
    year, quarter = received.year, (received.month - 1) // 3 + 1
    after = quarter_span(year, quarter)[1] + dt.timedelta(days=3, hours=9)
    assert last_quarter(after.date()) == (year, quarter)
    monkeypatch.setattr("web.common.clock.now", lambda: after)
    job = next(p for p in PERIODIC if p.name == "publish_scorecards")
    assert import_string(job.func)() and import_string(job.func)() == []  # once
    card = Scorecard.objects.get(unit=w.street, year=year, quarter=quarter)

    visitor = walk.person()
    visitor.goto(f"{live_server.url}/")
    visitor.get_by_role("link", name=say("诉求办理公开", "Requests, in the open")).first.click()
    visitor.wait_for_url(f"{live_server.url}/board/requests/")
    walk.look(visitor, "board")
    item = visitor.locator("ul.requests li", has_text=say(f"编号 {number}", f"No. {number}"))
    shown = item.inner_text()
    assert "邻里噪音纠纷" in shown and say("已办结", "Resolved") in shown and "和平社区第一网格" in shown
    assert REPLY[:20] in shown
    board = visitor.inner_text("main")
    for secret in (NAME, PHONE_NUMBER, "1栋", DESCRIPTION[:12], code):
        assert secret not in board, secret
    visitor.get_by_role(
        "link", name=say(f"春熙街道 {year} 年第 {quarter} 季度", f"春熙街道, Q{quarter} {year}")
    ).click()
    visitor.wait_for_url(f"{live_server.url}/board/requests/scorecards/{card.pk}/")
    walk.look(visitor, "scorecard")
    page = visitor.inner_text("main")
    for secret in (NAME, PHONE_NUMBER, "1栋", DESCRIPTION[:12]):
        assert secret not in page, secret
    sanitation_row = visitor.locator("tr", has_text="春熙街道环卫所").inner_text()
    assert sanitation_row.count("1/1") >= 3  # responded, solved, satisfied: one of one
    assert say("件数不足，不排名", "Too few requests to rank") in sanitation_row
    community_row = visitor.locator("tr", has_text="和平社区居委会").inner_text()
    assert say("退单率 1/1", "Return rate 1/1") in community_row
    if run.card:
        assert "Rated once by representatives" in sanitation_row

    # the record downloaded from the page recounts, with the engine, to the published result
    files = {}
    for what, label in (("record", say("下载公开记录（JSON）", "Download the open record (JSON)")),
                        ("result", say("下载公布的结果（JSON）", "Download the published result (JSON)"))):  # fmt: skip
        with visitor.expect_download() as got:
            visitor.get_by_role("link", name=label).click()
        files[what] = tmp_path / got.value.suggested_filename
        got.value.save_as(files[what])
    record = json.loads(files["record"].read_text(encoding="utf-8"))
    text = files["record"].read_text(encoding="utf-8")
    for secret in (NAME, PHONE_NUMBER, "1栋", DESCRIPTION[:12]):
        assert secret not in text, secret
    from jiceng.record import record_sha256, tally

    assert record_sha256(record) in page
    assert tally(record) == json.loads(files["result"].read_text(encoding="utf-8")) == card.result
    verified = subprocess.run(
        [sys.executable, "-m", "jiceng", "verify", str(files["record"]), str(files["result"])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert walk.errors == []
