"""The check-in desk's search (a person without their card) is the common listing: every match,
a page of 50 at a time with links that keep the search, and filters for who is still to come."""

from __future__ import annotations

import re

from web.meetings import actions
from web.meetings.testing import add_members, make_meeting


def _names(page: str) -> list[str]:
    return re.findall(r"<tr><td>(\S+) <span class=\"muted small nowrap\">", page)


def test_a_search_matching_more_than_a_page_is_paged_keeping_the_search(world, client_for):
    add_members(world, 70, start=200)
    meeting = make_meeting(world, voters=2, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    c = client_for(world.organiser)
    url = f"/staff/meetings/{meeting.pk}/check-in"
    first = c.get(url, {"q": "51010419700101"}).content.decode()  # the start of 71 ID numbers
    assert "找到 71 人" in first and len(_names(first)) == 50
    assert "q=51010419700101&amp;page=2" in first
    second = c.get(url, {"q": "51010419700101", "page": "2"}).content.decode()
    assert len(_names(second)) == 21 and not set(_names(first)) & set(_names(second))


def test_who_is_still_to_come_is_a_filter_and_nothing_is_listed_before_asking(world, client_for):
    meeting = make_meeting(world, voters=5, probationary=1)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    here = meeting.attendees.select_related("person").get(person=world.person_a)
    actions.do_check_in(attendee=here, method="search", acting_user=world.organiser)
    c = client_for(world.organiser)
    url = f"/staff/meetings/{meeting.pk}/check-in"
    assert _names(c.get(url).content.decode()) == []  # the desk starts with the scanner and the search box
    waiting = c.get(url, {"present": "no"}).content.decode()
    assert len(_names(waiting)) == 5 and world.person_a.name not in _names(waiting)
    assert _names(c.get(url, {"present": "no", "kind": "observer"}).content.decode()) == ["吴五100"]
