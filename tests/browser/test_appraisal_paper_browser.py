"""A paper appraisal session with double entry, in a real Chromium: the organiser sets up a
paper session on a desktop, opens it, hands a paper form to each rater at the desk, prints the
forms (a PDF); the two appointed tellers, each signed in on a device of their own and reaching
the entry from their home page, enter the returned forms form by form (one on a 360 px phone in
English, one on a desktop in Chinese); a slip of the second teller's shows as a difference, is
withdrawn and corrected, and only then do the two entries agree; the organiser counts the
session, and the engine's recount of the downloaded record gives the counts the tellers
entered. No page is wider than its screen."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 800}
SUBJECTS = ["王芳", "李强", "张伟", "刘洋"]
#: the returned forms: a grade per subject (1 优秀 … 4 不称职; 0 left blank on the form)
FORMS = [(1, 2, 2, 4), (2, 2, 3, 4), (1, 1, 2, 0), (2, 3, 2, 4), (1, 2, 4, 3)]
GRADES = ("优秀", "称职", "基本称职", "不称职")
SECRETS = {"t1": "first-teller-2026", "t2": "second-teller-2026"}


def _fits(page, width: int = PHONE["width"]) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide"


def _enter_form(page, keys: list[str], grades: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    for key, grade in zip(keys, grades, strict=True):
        if grade:
            page.click(f"label[for='g-{key}-{grade}']")
    page.click("button[name=step][value=add]")
    page.wait_for_selector(".message.success")


def _enter_all(page, keys: list[str], forms: list[tuple[int, ...]]) -> None:  # type: ignore[no-untyped-def]
    page.click("button[name=mode][value=ballots]")
    page.wait_for_selector("#appraisal-rows")
    for grades in forms:
        _enter_form(page, keys, grades)
    page.once("dialog", lambda d: d.accept())
    page.click("button[name=step][value=submit]")
    page.wait_for_selector(".message")


def test_a_paper_session_entered_twice_agrees_and_recounts_from_its_record(live_server, browser, shoot):
    from jiceng.record import tally
    from web.appraisals.models import Session
    from web.downloads import jobs
    from web.downloads.models import Download
    from web.meetings import actions
    from web.meetings.testing import appoint_teller, make_meeting
    from web.org.testing import make_world

    world = make_world()
    meeting = make_meeting(world, voters=len(FORMS), probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for name, secret in SECRETS.items():
        appoint_teller(world, meeting, name, password=secret)
    errors: list[str] = []

    # the organiser sets up a paper session on a desktop and opens it
    desk = signed_in(browser, live_server, "organiser", PASSWORD, errors, viewport=WIDE)
    desk.goto(f"{live_server.url}/staff/appraisals/")
    desk.click("a[href$='/staff/appraisals/new/']")
    desk.fill("#id_title", "2026年度居委会成员民主评议（纸质）")
    desk.check("input[name=mode][value=paper]")
    desk.select_option("#id_meeting", str(meeting.pk))
    desk.select_option("#id_raters", "body")
    desk.select_option("#id_scale", "individual")
    desk.fill("#id_subject_names", "\n".join(SUBJECTS))
    desk.check("input[name=visibility][value=restricted]")
    desk.click("form.card button[type=submit]")
    desk.wait_for_selector("#next")
    session = Session.objects.get()
    assert session.mode == "paper"
    desk.click("#next button[type=submit]")
    desk.wait_for_selector(".messages, #next")
    session.refresh_from_db()
    assert session.state == "open"

    # the desk: check the raters in, hand each a paper form from the poll page, print the forms
    for a in meeting.attendees.filter(kind="voter"):
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    desk.click(f"a[href$='/staff/polls/{session.poll_id}/']")
    desk.wait_for_selector("#issue-desk")
    for _ in FORMS:
        desk.locator("#waiting_results button[value=paper]").first.click()
        desk.wait_for_load_state()
    assert session.poll.issues.filter(channel="paper").count() == len(FORMS)
    _fits(desk, WIDE["width"])
    shoot(desk, "1-desk-paper-handed-out")
    desk.click(f"a[href$='/staff/polls/{session.poll_id}/ballots.pdf']")
    download = Download.objects.get()
    desk.wait_for_url(f"{live_server.url}{download.get_absolute_url()}")
    jobs.render(download.pk)  # what the worker does meanwhile
    desk.wait_for_selector("#download-progress >> text=已完成", timeout=30_000)
    href = desk.get_attribute("#download-progress a.button", "href")
    pdf = desk.request.get(f"{live_server.url}{href}").body()  # the browser would show it in its PDF viewer
    assert pdf[:5] == b"%PDF-"
    shoot(desk, "2-forms-printed")

    keys = [c.key for c in session.poll.candidates.order_by("position")]
    names = [c.name for c in session.poll.candidates.order_by("position")]
    # the form lists the subjects in stroke order: the entry follows the form's order
    forms = [tuple(grades[SUBJECTS.index(n)] for n in names) for grades in FORMS]

    # the first teller, on a phone in English, from their home page
    phone = signed_in(browser, live_server, "t1", SECRETS["t1"], errors)
    phone.click("form.langswitch button")
    phone.wait_for_selector("html[lang=en]")
    phone.click(f"a[href$='/staff/polls/{session.poll_id}/paper']")
    phone.wait_for_selector("button[name=mode][value=ballots]")
    _enter_all(phone, keys, forms)
    assert "waiting for the other teller" in phone.inner_text(".message.success")
    _fits(phone)
    shoot(phone, "3-first-teller-phone-en")

    # the second teller, on a desktop in Chinese, slips on the last form's first subject
    second = signed_in(browser, live_server, "t2", SECRETS["t2"], errors, viewport=WIDE)
    second.click(f"a[href$='/staff/polls/{session.poll_id}/paper']")
    second.wait_for_selector("button[name=mode][value=ballots]")
    slipped = [*forms[:-1], (4 if forms[-1][0] != 4 else 3, *forms[-1][1:])]
    _enter_all(second, keys, slipped)
    text = second.inner_text("main")
    assert "两份录入的差异" in text and "{" not in text
    session.poll.refresh_from_db()
    assert not session.poll.paper_accepted and session.poll.ballots.count() == 0
    shoot(second, "4-second-teller-difference")

    # withdrawn, the last form taken back and entered again: the two entries agree
    second.click("form:has(input[value=withdraw]) button[type=submit]")
    second.wait_for_selector("button[name=step][value=undo]")
    second.click("button[name=step][value=undo]")
    second.wait_for_selector(f"form.ballot h2 >> text=第 {len(FORMS)} 张")
    _enter_form(second, keys, forms[-1])
    second.once("dialog", lambda d: d.accept())
    second.click("button[name=step][value=submit]")
    second.wait_for_selector(".lead.ok")
    assert "两份录入一致" in second.inner_text("main")
    session.poll.refresh_from_db()
    assert session.poll.paper_accepted and session.poll.ballots.count() == len(FORMS)
    shoot(second, "5-entries-agree")

    # the organiser counts the session and the engine's recount of its record agrees
    desk.goto(f"{live_server.url}/staff/appraisals/{session.pk}/")
    desk.click("#next button[type=submit]")
    desk.wait_for_selector(".appraisal-result")
    assert "{" not in desk.inner_text("main")
    _fits(desk, WIDE["width"])
    shoot(desk, "6-counted")
    with desk.expect_download() as got_record:
        desk.click(f"a[href$='/staff/appraisals/{session.pk}/record.json']")
    record = json.loads(got_record.value.path().read_text(encoding="utf-8"))
    result = tally(record)
    counts = {s["id"]: s["counts"] for s in result["subjects"]}
    for key, name in zip(keys, names, strict=True):
        entered = Counter(GRADES[g[SUBJECTS.index(name)] - 1] for g in FORMS if g[SUBJECTS.index(name)])
        counted = {grade: n for grade, n in counts[key].items() if n and grade in GRADES}
        assert counted == dict(entered), name
        assert counts[key]["abstain"] == len(FORMS) - sum(entered.values()), name
    assert result["forms"]["valid"] == len(FORMS)
    session.refresh_from_db()
    assert session.state == "counted" and session.poll.result["record_sha256"] == result["record_sha256"]
    assert errors == []
