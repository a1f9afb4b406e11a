"""Two appointed tellers enter the paper ballots on one shared office computer, signed in by
the organiser: each step needs the teller's own password. Desktop in Chinese, then a
360-px phone in English; a wrong password is refused on the page."""

from __future__ import annotations

import pytest

from tests.browser.test_deliberation_browser import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SECRETS = {"t1": "first-teller-2026", "t2": "second-teller-2026"}


def _no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def _device(browser, live_server, errors, *, viewport, english):  # type: ignore[no-untyped-def]
    """The office computer (or a phone), signed in by the organiser."""
    page = _sign_in(browser, live_server, errors, viewport=viewport)
    if english:
        page.click("form.langswitch button")
        page.wait_for_selector("html[lang=en]")
    return page


def _enter(page, name, votes, shoot, label):  # type: ignore[no-untyped-def]
    """Teller ``name`` enters ``votes`` on the page, typing their own password at every step."""
    link = page.locator(f".teller-choice a >> text=计票{name}")
    if link.count():  # not yet the chosen teller
        link.click()
    page.fill("#pw-start", SECRETS[name])
    page.click("button[name=mode][value=ballots]")
    for n, vote in enumerate(votes):
        page.check(f"input[name=vote][value={vote}]")
        page.fill("#pw-ballot", SECRETS[name])
        if n == 1:
            shoot(page, f"{label}-entering")
        page.click("button[name=step][value=add]")
        page.wait_for_selector(".message.success")
    page.fill("#pw-ballot", SECRETS[name])
    page.click("button[name=step][value=submit]")
    page.wait_for_selector(".message.success")


def test_two_tellers_enter_on_one_shared_device(live_server, browser, shoot):  # type: ignore[no-untyped-def]
    from web.meetings.models import PaperEntry, Poll
    from web.meetings.testing import appoint_teller, open_motion_with_paper
    from web.org.testing import make_world

    world = make_world()
    poll = open_motion_with_paper(world, voters=4, paper=3, rules={"passes": "yes > 1/2 of present"})
    for name, secret in SECRETS.items():
        appoint_teller(world, poll.meeting, name, password=secret)
    url = f"{live_server.url}/staff/polls/{poll.pk}/paper"
    errors: list[str] = []

    desk = _device(browser, live_server, errors, viewport=DESKTOP, english=False)
    desk.goto(url)
    assert "在共用的办公电脑上" in desk.inner_text("main")
    shoot(desk, "1-desktop-zh-choose-teller")
    # the organiser cannot start an entry for the teller with a guess
    desk.click(".teller-choice a >> text=计票t1")
    desk.fill("#pw-start", "organiser-guess")
    desk.click("button[name=mode][value=ballots]")
    assert "计票t1 的密码不正确" in desk.inner_text("[role=alert]")
    assert not PaperEntry.objects.exists()
    shoot(desk, "2-desktop-zh-wrong-password")
    _enter(desk, "t1", ["yes", "no", "yes"], shoot, "3-desktop-zh")
    assert "已提交，等待另一名计票人提交" in desk.inner_text(".message.success")
    shoot(desk, "4-desktop-zh-first-submitted")

    phone = _device(browser, live_server, errors, viewport=PHONE, english=True)
    phone.goto(url)
    assert "confirmed by that teller typing their own password" in phone.inner_text("main")
    _enter(phone, "t2", ["yes", "no", "yes"], shoot, "5-phone-en")
    assert "The two entries agree" in phone.inner_text("body")
    assert _no_sideways_scroll(phone)
    shoot(phone, "6-phone-en-accepted")
    desk.goto(url)
    shoot(desk, "7-desktop-zh-accepted")

    poll = Poll.objects.get(pk=poll.pk)
    assert poll.paper_accepted and poll.ballots.count() == 3
    assert sorted(e.teller.person.user.username for e in poll.paper_entries.all()) == ["t1", "t2"]
    assert errors == []


def test_a_new_account_sets_its_own_password_through_the_one_time_link(live_server, browser, shoot):  # type: ignore[no-untyped-def]
    from web.org.testing import make_world

    world = make_world()
    errors: list[str] = []
    desk = _device(browser, live_server, errors, viewport=DESKTOP, english=False)
    desk.goto(f"{live_server.url}/staff/units/{world.community_a.pk}/roles/")
    desk.fill("#id_username", "LiQiang")
    desk.fill("#id_id_number", world.person_a2.id_number)
    desk.select_option("#id_kind", "representative")
    desk.click("main form.card button[type=submit]")
    link = desk.inner_text("#setup-link")
    assert "/accounts/setup/" in link and "只显示这一次" in desk.inner_text("main")
    shoot(desk, "1-desktop-zh-roles-setup-link")

    owner = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    owner.on("pageerror", lambda exc: errors.append(str(exc)))
    owner.goto(f"{live_server.url}/")
    owner.click("form.langswitch button")
    owner.wait_for_selector("html[lang=en]")
    owner.goto(link)
    assert "liqiang" in owner.inner_text("main")
    owner.fill("#id_new_password1", "a-long-new-passphrase-2026")
    owner.fill("#id_new_password2", "a-long-new-passphrase-2026")
    shoot(owner, "2-phone-en-setup")
    assert _no_sideways_scroll(owner)
    owner.click("main button[type=submit]")
    owner.wait_for_url(f"{live_server.url}/accounts/login/")
    owner.fill("#id_username", "LIQIANG ")
    owner.fill("#id_password", "a-long-new-passphrase-2026")
    owner.click("main button[type=submit]")
    owner.wait_for_url(f"{live_server.url}/staff/")
    owner.goto(link)
    assert "already been used" in owner.inner_text("main")
    shoot(owner, "3-phone-en-link-used")
    assert errors == []
