"""Issue 12, tried again as a new user would: one test per row of the issue's table of what new
users hit. Each starts where that person starts (the sign-in and their home page, or the public
board's home), goes on by pressing links and buttons only (no address typed after that), does the
thing the row says failed, and asserts it now works.

Clicks are counted: a link, a button or a choice (a radio button) pressed is one click; typing
into a field is not. Each test holds its journey to the clicks it takes now, so a journey
that grows longer fails, and the three limits of the issue are asserted as such: a matter moved
one step in at most 5 clicks from the secretary's home page, quarterly progress recorded in at
most 4, paper entry reached by the teller from their home page. The counts are written to
``screenshots/new-user-rows.json`` (the closing note's table is made from them).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SCREENSHOTS, signed_in
from web.org.models import Role
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
RAW = ("{'", "[{", '": ', "['")


class Clicks:
    """Presses links, buttons and choices on ``page`` and counts them: one press, one click.
    Typing into a field is not counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def __call__(self, target: Any) -> None:
        locator = self.page.locator(target) if isinstance(target, str) else target
        locator.click()
        self.count += 1

    def check(self, selector: str) -> None:
        self.page.check(selector)
        self.count += 1


def _record(row: str, clicks: Clicks, seen: str) -> None:
    """Adds this row's count and what the person now sees to the run's table of counts."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / "new-user-rows.json"
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    table[row] = {"clicks": clicks.count, "sees": seen}
    path.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")


def _fits(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def _no_raw_data(page: Any) -> None:
    text = page.inner_text("main")
    assert not [r for r in RAW if r in text], text[:2000]


def _user(world: Any, username: str, kind: str, *, unit: Any = None, person: Any = None, body: Any = None) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, person=person)
    Role.objects.create(user=user, unit=unit or world.community_a, body=body, kind=kind)
    return user


def _home_section(page: Any, key: str) -> Any:
    section = page.locator(f"#home-{key}")
    assert section.count() == 1, f"the home page has no section {key}: {page.inner_text('main')[:1000]}"
    return section


def _home_link(page: Any) -> Any:
    return page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作台")


# -- the village secretary: moving a matter one step ------------------------------------------


def _counted_step(org: Any, anonymous: Any, matter: Any, body: Any, *, present: int, yes: int) -> Any:
    """The current step's meeting held and its vote counted, not yet concluded (the meeting's own
    work: check-in and phones, done through the pages as in web.deliberation.tests.helpers)."""
    from web.deliberation.tests.helpers import hold
    from web.meetings.models import Attendee
    from web.meetings.testing import print_slips

    step = hold(org, matter, body)
    meeting, poll = step.meeting, step.poll
    assert org.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 302
    voters = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).order_by("id"))[:present]
    for a in voters:
        assert org.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": a.pk}).status_code == 302
    assert org.post(f"/staff/polls/{poll.pk}/open/").status_code == 302
    for a, code in zip(voters, print_slips(org, poll, present), strict=False):
        assert org.post(f"/staff/polls/{poll.pk}/issue", {"attendee": a.pk}).status_code == 302
        vote = "yes" if yes > 0 else "no"
        yes -= 1
        assert anonymous.post("/vote/cast", {"code": code, "poll": poll.pk, "vote": vote}).status_code == 200
    assert org.post(f"/staff/polls/{poll.pk}/close/").status_code == 302
    return step


def test_village_secretary_moves_a_matter_one_step_from_the_home_page(browser, live_server, shoot, client_for):  # type: ignore[no-untyped-def]
    from web.deliberation.tests.helpers import make_village, propose
    from web.org.testing import make_world

    world = make_world()
    village = make_village(world)
    _user(world, "secretary", Role.Kind.SECRETARY)
    org, anonymous = client_for(world.organiser), client_for(None)
    matter = propose(org, world, title="修建村道")
    _counted_step(org, anonymous, matter, village.committee, present=3, yes=3)
    errors: list[str] = []
    page = signed_in(browser, live_server, "secretary", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    waiting = _home_section(page, "matters")
    assert "修建村道 · 党支部提议：可以办结本环节" in waiting.inner_text()
    home = page.inner_text("main")
    assert home.index("等您推进的议事环节") < home.index("我负责的单位")  # the work first, the units below
    shoot(page, "1-home")
    clicks(waiting.get_by_role("link", name="修建村道", exact=False))
    page.wait_for_url(f"{live_server.url}/staff/matters/{matter.pk}/")
    assert "当前环节：党支部提议" in page.inner_text("#current")
    shoot(page, "2-matter")
    clicks("#current button:has-text('按计票结果办结本环节')")
    page.wait_for_selector(".message.success >> text=已按计票结果办结本环节。")
    assert "当前环节：“两委”联席会议商议" in page.inner_text("#current")
    # the next step's meeting is convened from the same page: its one body is already chosen
    page.fill("#hold-at", "2026-03-20T09:00")
    page.fill("#hold-place", "村委会")
    clicks("#current button:has-text('召开会议并建立表决')")
    page.wait_for_selector(".message.success >> text=会议和表决已建立")
    assert "尚未召开本环节的会议" not in page.inner_text("#current")
    shoot(page, "3-moved-and-convened")
    matter.refresh_from_db()
    assert matter.current_step.kind == "joint_committees" and matter.current_step.meeting is not None
    assert clicks.count <= 5
    assert clicks.count == 3
    _record(
        "secretary-matter",
        clicks,
        "工作台“等您推进的议事环节”：修建村道 · 党支部提议：可以办结本环节；"
        "事项页按计票结果办结，下一环节的会议在同一页召开",
    )
    assert errors == []


# -- the village secretary: an overdue commitment ------------------------------------------------


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9)))


def _overdue_commitment(world: Any, owner: Any, monkeypatch: Any) -> Any:
    """An item of 2026 due 31 October, owned by the secretary: reminded each quarter before its
    progress was reported (Q4 at 75%), then reminded as overdue in November and December; today is
    3 December."""
    from django.db import transaction

    from web.commitments import actions

    now = {"at": _at("2026-01-10")}
    monkeypatch.setattr("web.common.clock.now", lambda: now["at"])
    year = actions.do_create_year(unit=world.community_a, year=2026, acting_user=world.organiser)
    item = actions.do_add_commitment(
        year=year,
        item="五组灌溉渠整治",
        owner=owner.person,
        deadline=dt.date(2026, 10, 31),
        budget=Decimal(150000),
        category="infrastructure",
        acting_user=world.organiser,
    )
    actions.do_adopt_year(year=year, meeting=None, acting_user=world.organiser)
    for quarter, (month, percent) in enumerate(zip(("03", "06", "09", "12"), (20, 45, 60, 75), strict=True), 1):
        now["at"] = _at(f"2026-{month}-25")
        with transaction.atomic():
            actions.run_reminders(today=now["at"].date())
        now["at"] = _at(f"2026-{month}-28" if month != "12" else "2026-12-01")
        actions.do_post_progress(commitment=item, quarter=quarter, percent=percent, text="推进中", acting_user=owner)
    for day in ("2026-11-03", "2026-12-03"):
        now["at"] = _at(day)
        with transaction.atomic():
            actions.run_reminders(today=now["at"].date())
    return item


def test_village_secretary_completes_an_overdue_commitment_from_the_home_page(  # type: ignore[no-untyped-def]
    browser, live_server, shoot, monkeypatch
):
    from web.commitments.models import Reminder
    from web.org.testing import make_world

    world = make_world()
    secretary = _user(world, "secretary", Role.Kind.SECRETARY, person=world.person_a2)
    item = _overdue_commitment(world, secretary, monkeypatch)
    assert Reminder.objects.filter(commitment=item).count() >= 4  # Q1–Q3 cleared when reported
    assert Reminder.objects.filter(commitment=item, resolved_at__isnull=True).exists()  # overdue
    errors: list[str] = []
    page = signed_in(browser, live_server, "secretary", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    due = _home_section(page, "commitments")
    assert "五组灌溉渠整治：完成时限 2026-10-31 已过，尚未完成" in due.inner_text()
    shoot(page, "1-home")
    clicks(due.get_by_role("link", name="五组灌溉渠整治", exact=False))
    page.wait_for_url(f"{live_server.url}/staff/commitments/{item.pk}/progress")
    assert page.locator("#id_quarter").input_value() == "4"  # the current quarter, not the first
    assert "逾期报送" in page.inner_text("main")
    page.fill("#id_percent", "100")
    page.fill("#id_text", "渠道全线贯通，已验收。")
    shoot(page, "2-form")
    clicks("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/commitments/{item.pk}/")
    main = page.inner_text("main")
    assert "已完成" in main and "逾期报送" in main and "每个季度只报送一次" not in main
    shoot(page, "3-done")
    assert clicks.count <= 4
    assert clicks.count == 2
    # every reminder, of each quarter and of the overdue months, has cleared
    assert not Reminder.objects.filter(commitment=item, resolved_at__isnull=True).exists()
    _record(
        "secretary-commitment",
        clicks,
        "工作台“逾期承诺和本季度待报送的进展”直达报送表，季度默认第 4 季度，标“逾期报送”；完成后提醒全部消除",
    )
    clicks(_home_link(page))  # and the home page no longer asks
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("#home-commitments").count() == 0
    assert errors == []


# -- the teller -----------------------------------------------------------------------------------


def test_teller_reaches_paper_entry_from_the_home_page_and_reads_the_ballots_in_words(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.meetings.testing import appoint_teller, open_motion_with_paper
    from web.org.testing import make_world

    world = make_world()
    poll = open_motion_with_paper(world, voters=4, paper=2, rules={"passes": "yes > 1/2 of present"})
    appoint_teller(world, poll.meeting, "teller", password=PASSWORD)
    errors: list[str] = []
    page = signed_in(browser, live_server, "teller", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    counting = _home_section(page, "counting")
    assert "表决：录入纸质选票" in counting.inner_text()
    shoot(page, "1-home")
    clicks(counting.get_by_role("link", name="表决：录入纸质选票"))
    page.wait_for_url(f"{live_server.url}/staff/polls/{poll.pk}/paper")
    reached = clicks.count
    assert reached == 1  # paper entry, from the home page
    if page.locator(".teller-choice a").count():  # the teller names themself, when asked
        clicks(page.locator(".teller-choice a"))
    clicks("button[name=mode][value=ballots]")
    for vote in ("yes", "no"):
        clicks.check(f"input[name=vote][value={vote}]")
        clicks("button[name=step][value=add]")
        page.wait_for_selector(".message.success")
    entered = page.inner_text("main")
    assert "我已录入的选票" in entered and "赞成" in entered and "反对" in entered
    assert "'vote'" not in entered
    _no_raw_data(page)
    shoot(page, "2-entered")
    # the poll and its meeting open for the teller (they answered 404)
    clicks(page.locator("main p.muted a", has_text="表决"))
    page.wait_for_url(f"{live_server.url}/staff/polls/{poll.pk}/")
    assert page.title() != "" and "找不到该页面" not in page.inner_text("main")
    shoot(page, "3-poll")
    clicks(page.locator(f"main a[href='{poll.meeting.get_absolute_url()}']").first)
    page.wait_for_url(f"{live_server.url}{poll.meeting.get_absolute_url()}")
    assert "和平社区党员大会" in page.inner_text("main")
    shoot(page, "4-meeting")
    assert clicks.count == 8
    _record(
        "teller",
        clicks,
        f"工作台“计票任务”一键进入纸质选票录入（{reached} 次点击）；已录入的选票以“赞成”“反对”列出；会议和表决页可打开",
    )
    assert errors == []


# -- the representative, the handler and the resident -------------------------------------------

NO_ROSTER = "您目前没有可查看名册的单位"


def _dispatched_to_the_streets_sanitation(world: Any) -> Any:
    """A resident's request about rubbish, dispatched to the street's sanitation office, whose
    handler (``sanitation``, a department handler of the street) has not signed for it yet."""
    from web.cases.actions import do_dispatch_case, do_take_case
    from web.cases.testing import make_case_world

    cw = make_case_world(world)
    Role.objects.create(user=cw.sanitation_handler, unit=world.street, kind=Role.Kind.DEPARTMENT_HANDLER)
    case, _code = do_take_case(
        channel="phone",
        entry=cw.entry("rubbish"),
        unit=world.building_a1,
        description="小区垃圾三天没有清运。",
        acting_user=cw.dispatcher,
        requester_name="王芳",
        requester_phone="13800000001",
        consent=True,
    )
    return do_dispatch_case(case=case, acting_user=cw.dispatcher)


def test_representative_handler_and_resident_each_find_their_own_work_from_home(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.meetings.testing import make_meeting
    from web.org.models import Person
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=3, probationary=0)  # world.body_a meets; 王芳 sits on it
    _user(world, "representative", Role.Kind.REPRESENTATIVE, person=world.person_a, body=world.body_a)
    case = _dispatched_to_the_streets_sanitation(world)
    spouse = Person.objects.create(
        name="王建国",
        id_number=world.person_a.id_number[:-4] + "0019",
        gender="M",
        birth_date=dt.date(1978, 5, 1),
        unit=world.building_a1,
        unit_path=world.building_a1.path,
        household=world.household_a,
        relation="配偶",
    )
    _user(world, "resident", Role.Kind.RESIDENT, person=spouse)
    errors: list[str] = []
    seen = {}

    # the representative: their body's meeting, and from it all the body's meetings
    page = signed_in(browser, live_server, "representative", PASSWORD, errors, viewport=PHONE)
    clicks = Clicks(page)
    assert NO_ROSTER not in page.inner_text("main")
    mine = _home_section(page, "my_meetings")
    shoot(page, "1-representative-home")
    clicks(mine.get_by_role("link", name="和平社区党员大会", exact=False))
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    assert "和平社区党员大会" in page.inner_text("h1")
    clicks(page.locator(f"main a[href='/staff/bodies/{world.body_a.pk}/meetings/']").first)
    page.wait_for_url(f"{live_server.url}/staff/bodies/{world.body_a.pk}/meetings/")
    assert "找不到该页面" not in page.inner_text("main")
    assert page.locator(f"main a[href='{meeting.get_absolute_url()}']").count() >= 1
    assert _fits(page)
    shoot(page, "2-representative-body-meetings")
    seen["representative"] = clicks.count
    page.context.close()

    # the street department's handler: the request waiting for them, signed for from its page
    page = signed_in(browser, live_server, "sanitation", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)
    assert NO_ROSTER not in page.inner_text("main")
    assert page.locator("nav.topnav a[href^='/api/']").count() == 0  # no API among their work
    queue = _home_section(page, "case_queue")
    shoot(page, "3-handler-home")
    clicks(queue.get_by_role("link", name="生活垃圾清运不及时", exact=False))
    page.wait_for_url(f"{live_server.url}/staff/cases/{case.pk}/")
    if page.locator("#act-sign[open]").count() == 0:
        clicks("#act-sign summary")
    clicks("#act-sign button[type=submit]")
    page.wait_for_selector(".message.success")
    case.refresh_from_db()
    assert case.signed_at is not None
    shoot(page, "3-handler-signed")
    seen["handler"] = clicks.count
    page.context.close()

    # the resident: their household, from the home page
    page = signed_in(browser, live_server, "resident", PASSWORD, errors, viewport=PHONE)
    clicks = Clicks(page)
    assert NO_ROSTER not in page.inner_text("main")
    household = _home_section(page, "household")
    shoot(page, "4-resident-home")
    clicks(household.locator("a").first)
    page.wait_for_url(f"{live_server.url}/staff/me/household/")
    main = page.inner_text("main")
    assert "王芳" in main and "王建国" in main and "配偶" in main
    assert world.person_a.id_number not in main  # names and relations, not ID numbers
    assert _fits(page)
    shoot(page, "5-resident-household")
    seen["resident"] = clicks.count
    page.context.close()

    assert seen == {"representative": 2, "handler": 2, "resident": 1}
    total = Clicks(None)
    total.count = sum(seen.values())
    _record(
        "representative-handler-resident",
        total,
        "代表：工作台“我参加的会议”→ 会议 → 本机构全部会议（2 次）；"
        "承办人：“等您签收和答复的诉求”→ 诉求 → 签收（2 次）；居民：“我的家庭”（1 次）",
    )
    assert errors == []


# -- street staff ---------------------------------------------------------------------------------


def test_street_staff_see_every_community_and_the_streets_matters_rolled_up(browser, live_server, shoot, monkeypatch):  # type: ignore[no-untyped-def]
    from web.org.testing import make_world
    from web.overview.tests.helpers import TODAY, at, commitments_of, matter_in, survey_of

    monkeypatch.setattr("web.common.clock.now", lambda: at(TODAY))
    world = make_world()
    commitments_of(world, world.community_a, done=1, overdue=0, on_track=1)
    commitments_of(world, world.community_b, done=0, overdue=1, on_track=1)
    survey_of(world, world.community_b, year=2025, satisfied=10, basic=10, unsatisfied=20)
    matter_in(world, world.community_a, "修建村道")
    matter_in(world, world.community_b, "红星社区活动室修缮")
    errors: list[str] = []
    page = signed_in(browser, live_server, "street_staff", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    clicks(page.get_by_role("link", name="春熙街道各村、社区概览"))
    page.wait_for_url(f"{live_server.url}/staff/units/{world.street.pk}/overview/")
    table = page.inner_text("#overview")
    assert "和平社区" in table and "红星社区" in table
    assert "满意率低于 60%" in table and "1/2（50%）" in table  # a rate beside its denominator
    shoot(page, "1-overview")
    # the street's matters: the total of the column links to them, the villages' rolled up
    clicks(page.locator(f"#overview a[href='/staff/units/{world.street.pk}/matters/']"))
    page.wait_for_url(f"{live_server.url}/staff/units/{world.street.pk}/matters/")
    matters = page.inner_text("main")
    assert "修建村道" in matters and "红星社区活动室修缮" in matters
    shoot(page, "2-street-matters")
    assert clicks.count == 2
    _record(
        "street-staff",
        clicks,
        "工作台“春熙街道各村、社区概览”：每个社区的选举、议事、承诺（比率旁附分母）、满意率及 60% 标记；"
        "街道的议事事项汇总各社区",
    )
    assert errors == []


# -- the public -----------------------------------------------------------------------------------


def _published_motion_with_a_receipt(world: Any) -> tuple[Any, str]:
    """web.portal.testing.published_motion, keeping the receipt of the one vote against."""
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes
    from web.meetings.results import do_publish
    from web.meetings.testing import open_motion_with_paper
    from web.portal.testing import MOTION_RULES

    poll = open_motion_with_paper(world, voters=6, paper=0, rules=MOTION_RULES)
    receipts = [
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes" if n < 3 else "no"})
        for n, code in enumerate(hand_out_codes(poll, list(poll.meeting.attendees.order_by("id")[:4])))
    ]
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    return do_publish(poll=closed, acting_user=world.organiser), receipts[-1]


def test_the_public_checks_a_receipt_and_finds_a_villages_result_from_the_board_home(  # type: ignore[no-untyped-def]
    browser, live_server, shoot, tmp_path
):
    from web.org.testing import make_world

    world = make_world()
    poll, receipt = _published_motion_with_a_receipt(world)
    errors: list[str] = []
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    clicks = Clicks(page)
    page.goto(f"{live_server.url}/")
    assert page.locator("a.entry", has_text="投票").count() == 1
    shoot(page, "1-home")

    clicks(page.locator("a.entry", has_text="核对回执"))
    page.wait_for_url(f"{live_server.url}/check/")
    page.fill("#receipt", receipt)
    clicks("#check-form button[type=submit]")
    choice = page.inner_text("#ballot-choice")
    assert "反对" in choice and "marks" not in choice and "vote" not in choice
    _no_raw_data(page)
    shoot(page, "2-receipt-checked")

    clicks(page.get_by_role("navigation", name="主导航").get_by_role("link", name="公开栏"))
    page.wait_for_url(f"{live_server.url}/")
    page.fill("#q", "和平")
    clicks("form[role=search] button[type=submit]")
    clicks(page.locator("ul.found a", has_text="和平社区"))
    page.wait_for_url(f"**/u/{world.community_a.code}/")
    assert page.locator("nav.toc a[href='#results']").count() == 1
    shoot(page, "3-board")
    clicks("nav.toc a[href='#results']")
    clicks(page.locator("#results a", has_text=poll.title).first)
    page.wait_for_url(f"**/results/{poll.pk}/")
    assert "python3 jiceng-recount.pyz" in page.inner_text("#recount")
    shoot(page, "4-result")
    with page.expect_download() as got:
        clicks(page.locator("a", has_text="下载公布的结果（JSON）"))
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["status"] == poll.result["status"]
    with page.expect_download() as got:
        clicks(page.locator("a", has_text="下载核对程序"))
    assert got.value.suggested_filename == "jiceng-recount.pyz"
    assert clicks.count == 9
    _record(
        "public",
        clicks,
        "公开栏首页“投票”“核对回执”两个入口和单位树、搜索；回执核对显示“反对”；社区页顶部有目录、各栏分页；"
        "结果文件和只需 Python 3 的核对程序可下载",
    )
    assert errors == []


# -- a villager voting ----------------------------------------------------------------------------


def test_a_villager_votes_on_a_phone_after_a_wrong_code_and_a_language_switch(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes
    from web.meetings.testing import make_meeting, open_election, received
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=3, probationary=0)
    poll = open_election(world, meeting, seats=1, names=["王芳", "李强"])
    attendee = meeting.attendees.filter(kind="voter").first()
    present = actions.do_check_in(attendee=attendee, method="search", acting_user=world.organiser)
    [code] = hand_out_codes(poll, [present])
    errors: list[str] = []
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    clicks = Clicks(page)
    page.goto(f"{live_server.url}/")

    clicks(page.locator("a.entry", has_text="投票"))
    page.wait_for_url(f"{live_server.url}/vote/")
    wrong = code[:15] + ("Z" if code[15] != "Z" else "Y")
    page.fill("#code", wrong)
    clicks("#code-form button[type=submit]")
    assert page.input_value("#code") == wrong and "投票码无效" in page.inner_text("#code-error")
    page.fill("#code", code)
    clicks(".langswitch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.input_value("#code") == code  # kept across the language switch
    clicks(".langswitch button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-Hans]")
    assert page.input_value("#code") == code
    clicks("#code-form button[type=submit]")
    page.wait_for_selector("#ballot")
    facts = page.inner_text(".ballot-meeting")
    assert world.body_a.name in facts and meeting.title in facts and str(meeting.starts_at.year) in facts
    shoot(page, "1-ballot")
    clicks("#cast-button")  # nothing marked: asked first
    page.wait_for_selector("#blank-question")
    assert not received(poll)
    shoot(page, "2-asked")
    clicks("#blank-back")
    page.wait_for_selector("#ballot")
    clicks.check("input[name^=mark-][value=for] >> nth=0")
    clicks("#cast-button")
    page.wait_for_selector("#receipt")
    choice = page.inner_text("#ballot-choice")
    assert "王芳" in choice and "赞成" in choice and "{" not in choice
    assert _fits(page)
    shoot(page, "3-receipt")
    assert page.locator("a#check-link").count() == 1  # to the check page
    assert len(received(poll)) == 1
    assert clicks.count == 9
    _record(
        "villager-voting",
        clicks,
        "输错的码和切换语言后码仍在框内；选票写明机构、会议和日期；未作标记先询问；回执页显示所选并链接核对页",
    )
    assert errors == []


# -- the organiser ------------------------------------------------------------------------------


def test_organiser_appoints_a_teller_by_name_reads_stages_in_words_and_gets_the_statutory_quorum(  # type: ignore[no-untyped-def]
    browser, live_server, shoot
):
    from web.meetings import actions
    from web.meetings.models import Meeting, Officer
    from web.meetings.testing import make_meeting
    from web.org.models import Body, BodySeat
    from web.org.testing import make_world
    from web.overview.tests.helpers import running_election

    world = make_world()
    meeting = make_meeting(world, voters=3, probationary=0)  # 王芳, 赵一, 钱二
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    election = running_election(world, world.body_a)
    reps = Body.objects.create(name="和平社区居民代表会议", kind="resident_reps", unit=world.community_a)
    for person in (world.person_a, world.person_a2, world.person_b):
        BodySeat.objects.create(body=reps, person=person)
    errors: list[str] = []
    page = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    # a teller, found by name among those present (no ID number typed)
    clicks(_home_section(page, "meetings").get_by_role("link", name="和平社区党员大会", exact=False))
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    page.fill("#officer_q", "钱二")
    page.locator("#officer_results tbody tr", has_text="钱二").wait_for()
    expect(page.locator("#officer_results tbody tr")).to_have_count(1)
    clicks(page.locator("#officer_results button[value=teller]"))
    page.wait_for_selector("main li:has-text('计票人：钱二')")
    assert Officer.objects.get(meeting=meeting).person.name == "钱二"
    shoot(page, "1-teller-appointed")

    # the election's stages, in words
    clicks(_home_link(page))
    clicks(_home_section(page, "elections").get_by_role("link", name=election.title, exact=False))
    page.wait_for_url(f"{live_server.url}/staff/elections/{election.pk}/")
    _no_raw_data(page)
    assert " of expected" not in page.inner_text("main") and " of voted" not in page.inner_text("main")
    shoot(page, "2-election")

    # a representatives' meeting: the statutory two thirds is chosen, in words with its basis
    clicks(_home_link(page))
    clicks(page.locator("#unit-tree a", has_text="和平社区").first)
    page.wait_for_url(f"{live_server.url}/staff/units/{world.community_a.pk}/")
    clicks(page.locator("main li", has_text="和平社区居民代表会议").get_by_role("link", name="会议与投票"))
    page.wait_for_url(f"{live_server.url}/staff/bodies/{reps.pk}/meetings/")
    chosen = page.locator("fieldset.preset-field label.preset", has=page.locator("input:checked"))
    assert "三分之二" in chosen.inner_text() and "应到 3 人，至少 2 人出席" in chosen.inner_text()
    assert "present >=" not in page.inner_text("fieldset.preset-field")
    shoot(page, "3-new-reps-meeting")
    page.fill("#id_title", "居民代表会议")
    page.fill("#id_starts_at", "2026-12-10T09:00")
    clicks("form.card button.primary[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/meetings/**")
    assert Meeting.objects.get(body=reps).quorum_rule == "present >= 2/3 of expected"
    assert "三分之二" in page.inner_text("main")
    shoot(page, "4-reps-meeting")
    assert clicks.count == 8
    _record(
        "organiser",
        clicks,
        "计票人按姓名在已签到者中查找后一键推选；选举各阶段设置以文字显示；"
        "居民代表会议默认“不少于应到人数的三分之二”并写明依据和人数",
    )
    assert errors == []


# -- everyone on a phone ------------------------------------------------------------------------


def _at_review(world: Any, org: Any) -> Any:
    """An open-nomination election of A's members' meeting with two registrants, at the review."""
    from web.elections.tests.helpers import advance, create, members, stage, step

    people = [world.person_a, *members(world, 3, start=40)]
    election = create(org, world.body_a.pk, "open_nomination")
    assert org.post(f"/staff/elections/{election.pk}/start").status_code == 302
    for person in people[:2]:
        step(org, election, "nomination", "nominate", {"id_number": person.id_number, "channel": "self"})
    advance(org, election, "nomination")
    assert stage(election, "review").state == "active"
    return election


def test_on_a_phone_the_candidate_review_reads_on_one_line_and_a_counted_poll_fits(  # type: ignore[no-untyped-def]
    browser, live_server, shoot, client_for
):
    from web.elections.models import Election
    from web.org.testing import make_world
    from web.portal.testing import published_motion

    world = make_world()
    election = _at_review(world, client_for(world.organiser))
    poll = published_motion(world)
    errors: list[str] = []
    page = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=PHONE)
    clicks = Clicks(page)

    clicks(_home_section(page, "elections").get_by_role("link", name=election.title, exact=False))
    page.wait_for_url(f"{live_server.url}/staff/elections/{election.pk}/")
    name = page.locator("form.searchbar b", has_text="王芳").first
    name.scroll_into_view_if_needed()
    box = name.bounding_box()
    line = float(page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) || 24"))
    assert box is not None and box["height"] < 1.6 * line, f"the name is {box} with lines of {line}px"
    assert box["width"] >= 2 * 12  # two characters side by side, not one a line
    assert _fits(page)
    shoot(page, "1-review")
    clicks(page.locator("form.searchbar", has_text="王芳").first.locator("button[type=submit]"))
    page.wait_for_selector(".message.success >> text=审查结果已记录。")
    assert Election.objects.get(pk=election.pk).nominations.filter(checks__isnull=False).exists()
    assert _fits(page)

    clicks(_home_link(page))
    clicks(_home_section(page, "meetings").get_by_role("link", name=poll.meeting.title, exact=False))
    clicks(page.locator(f"main a[href='{poll.get_absolute_url()}']").first)
    page.wait_for_url(f"{live_server.url}{poll.get_absolute_url()}")
    assert "计票结果" in page.inner_text("main")
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 12)"""
    )
    assert width <= PHONE["width"], f"the counted poll is {width} px wide: {wide}"
    shoot(page, "2-counted-poll")
    assert clicks.count == 5
    _record(
        "phone",
        clicks,
        f"360×740：候选人资格审查一行一人、姓名横排；已计票的表决页宽 {width} px，不需横向滚动",
    )
    assert errors == []


# -- everyone: lists that scale ----------------------------------------------------------------


def test_a_long_roster_comes_a_page_at_a_time_and_a_poll_finds_one_voter_by_name(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.elections import actions as elections
    from web.meetings import actions
    from web.meetings.models import BallotIssue
    from web.meetings.testing import make_meeting, motion
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=60, probationary=0)  # more than a page of 50
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_open_poll(poll=motion(world, meeting, "修缮活动室"), acting_user=world.organiser)
    election = elections.do_create_election(
        body=world.body_a, title="和平社区党支部换届选举", template="open_nomination", acting_user=world.organiser
    )
    errors: list[str] = []
    page = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=DESKTOP)
    clicks = Clicks(page)

    # the meeting: its roster of 60 a page at a time, with a search
    clicks(_home_section(page, "meetings").get_by_role("link", name="和平社区党员大会", exact=False))
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    size = len(page.content().encode())
    assert size < 150_000, f"the meeting page is {size} bytes"
    assert page.locator("#results table tbody tr").count() <= 50
    shoot(page, "1-meeting")

    # the poll: one voter found by name among 60 and handed a paper ballot
    clicks(page.locator(f"main a[href='{poll.get_absolute_url()}']").first)
    page.wait_for_url(f"{live_server.url}{poll.get_absolute_url()}")
    assert page.locator("#waiting_results tbody tr").count() <= 50
    page.fill("#waiting_q", "孙三14")
    expect(page.locator("#waiting_results tbody tr")).to_have_count(1)
    clicks(page.locator("#waiting_results button[value=paper]"))
    page.wait_for_selector(".message.success")
    assert BallotIssue.objects.get(poll=poll).attendee.person.name == "孙三14"
    size = len(page.content().encode())
    assert size < 150_000, f"the poll page is {size} bytes"
    shoot(page, "2-poll")

    # the village's election, without opening a roster: the unit's page lists its bodies' elections
    clicks(_home_link(page))
    clicks(page.locator("#unit-tree a", has_text="和平社区").first)
    page.wait_for_url(f"{live_server.url}/staff/units/{world.community_a.pk}/")
    clicks(page.locator("main li", has_text="和平社区党员大会").get_by_role("link", name="选举", exact=True))
    page.wait_for_url(f"{live_server.url}/staff/bodies/{world.body_a.pk}/elections/")
    clicks(page.get_by_role("link", name=election.title))
    page.wait_for_url(f"{live_server.url}/staff/elections/{election.pk}/")
    shoot(page, "3-election")
    assert clicks.count == 7
    _record(
        "everyone-lists",
        clicks,
        "名册、领票名单每页 50 人并可搜索，页面均小于 150 KB；按姓名找到一人即可发票；"
        "单位页的机构列表直达“选举”，不经名册",
    )
    assert errors == []
