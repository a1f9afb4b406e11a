"""Issue 12, a stuck journey walked on a phone: a representative with no staff role opens their
body's meetings, a meeting and its poll, and finds no button that changes anything; another
body's meeting answers Jiceng's own 404 page with a way back."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import signed_in_phone
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_reads_their_bodys_meeting_and_poll(browser, live_server, shoot):  # type: ignore[no-untyped-def]
    from web.meetings import actions
    from web.meetings.testing import make_meeting, motion
    from web.org.models import Body, Role
    from web.org.testing import make_world

    world = make_world()
    rep = get_user_model().objects.create_user(username="rep", password=PASSWORD, person=world.person_a)
    Role.objects.create(user=rep, unit=world.community_a, body=world.body_a, kind=Role.Kind.REPRESENTATIVE)
    meeting = make_meeting(world, voters=3, probationary=0)
    poll = motion(world, meeting, "修缮活动室")
    other = Body.objects.create(name="红星社区党员大会", kind="members_meeting", unit=world.community_b)
    hidden = actions.do_create_meeting(
        body=other, title="红星社区党员大会", starts_at=meeting.starts_at, acting_user=world.outsider
    )
    errors: list[str] = []
    page = signed_in_phone(browser, live_server, "rep", PASSWORD, errors)
    page.goto(f"{live_server.url}/staff/bodies/{world.body_a.pk}/meetings/")
    assert page.title().startswith("会议")
    shoot(page, "body-meetings")
    page.click(f"a[href='{meeting.get_absolute_url()}']")
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    assert "和平社区党员大会" in page.inner_text("main")
    shoot(page, "meeting")
    page.click(f"a[href='{poll.get_absolute_url()}']")
    page.wait_for_url(f"{live_server.url}{poll.get_absolute_url()}")
    assert "修缮活动室" in page.inner_text("main")
    assert page.locator("main form[method=post]").count() == 0  # read-only: nothing to press
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "poll")

    response = page.goto(f"{live_server.url}{hidden.get_absolute_url()}")
    assert response is not None and response.status == 404
    assert "找不到该页面" in page.inner_text("main")
    assert page.locator("main a[href='/']").count() == 1  # the way back home
    shoot(page, "not-found")
    assert errors == []
    page.context.close()
