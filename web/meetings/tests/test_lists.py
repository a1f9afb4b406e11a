"""The meeting's roster, the issue desk, the list of ballots taken and a body's meetings: paged,
searched and filtered (web/common/listing.py)."""

from __future__ import annotations

import re

import pytest

from web.common.listing import PER_PAGE
from web.meetings import actions
from web.meetings.models import Attendee
from web.meetings.testing import make_meeting

MOTION_RULES = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}
VOTERS = 70


def _block(page: bytes, block_id: str) -> str:
    """The part of the page from the block ``block_id`` to the next heading or the end."""
    text = page.decode()
    start = text.index(f'id="{block_id}"')
    end = text.find("<h2", start)
    return text[start : end if end > 0 else len(text)]


def _rows(block: str) -> int:
    return len(re.findall(r"<tr><td>", block))


@pytest.fixture
def hall(world):
    """An open meeting of 70 voters and an observer, all but the last ten voters checked in,
    with an open motion whose ballots the first five took."""
    meeting = make_meeting(world, voters=VOTERS, probationary=1)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    voters = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).order_by("id"))
    voters = [actions.do_check_in(attendee=a, method="search", acting_user=world.organiser) for a in voters[:-10]]
    voters += list(meeting.attendees.filter(kind=Attendee.Kind.VOTER, checked_in_at__isnull=True).order_by("id"))
    poll = actions.do_create_poll(
        meeting=meeting, title="是否同意", kind="motion", rules=MOTION_RULES, acting_user=world.organiser
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    for a in voters[:5]:
        actions.do_issue_paper(poll=poll, attendee=a)
    world.meeting, world.poll, world.voters = meeting, poll, voters
    return world


def test_the_meeting_roster_is_paged(hall, client_for):
    c = client_for(hall.member)
    url = f"/staff/meetings/{hall.meeting.pk}/"
    assert _rows(_block(c.get(url).content, "results")) == PER_PAGE
    assert _rows(_block(c.get(url, {"page": 2}).content, "results")) == VOTERS + 1 - PER_PAGE


def test_the_meeting_roster_is_searched_and_filtered(hall, client_for):
    c = client_for(hall.member)
    url = f"/staff/meetings/{hall.meeting.pk}/"
    name = hall.voters[20].person.name
    found = _block(c.get(url, {"q": name}).content, "results")
    assert name in found and hall.voters[21].person.name not in found
    assert _rows(_block(c.get(url, {"present": "no"}).content, "results")) == 10 + 1  # and the observer
    assert _rows(_block(c.get(url, {"kind": "voter", "present": "no"}).content, "results")) == 10
    assert _rows(_block(c.get(url, {"kind": "observer"}).content, "results")) == 1
    assert f"找到 {VOTERS - 10} 人" in _block(c.get(url, {"kind": "voter", "present": "yes"}).content, "results")
    # a value outside the choices is no filter at all
    assert _rows(_block(c.get(url, {"present": "maybe"}).content, "results")) == PER_PAGE


def test_the_issue_desk_lists_the_present_without_a_ballot_paged_and_searchable(hall, client_for):
    c = client_for(hall.organiser)
    url = f"/staff/polls/{hall.poll.pk}/"
    desk = _block(c.get(url).content, "waiting_results")
    assert f"{VOTERS - 10 - 5} 人" in desk and _rows(desk) == PER_PAGE
    assert _rows(_block(c.get(url, {"waiting_page": 2}).content, "waiting_results")) == VOTERS - 15 - PER_PAGE
    waiting, issued = hall.voters[30], hall.voters[2]
    found = _block(c.get(url, {"waiting_q": waiting.person.name}).content, "waiting_results")
    assert waiting.person.name in found and f'name="attendee" value="{waiting.pk}"' in found
    none = _block(c.get(url, {"waiting_q": issued.person.name}).content, "waiting_results")
    assert f'value="{issued.pk}"' not in none
    # the desk issues from a search result
    c.post(f"/staff/polls/{hall.poll.pk}/issue", {"attendee": waiting.pk, "channel": "paper"})
    assert hall.poll.issues.filter(attendee=waiting).exists()


def test_the_list_of_ballots_taken_is_searchable_and_paging_one_list_keeps_the_other(hall, client_for):
    c = client_for(hall.organiser)
    url = f"/staff/polls/{hall.poll.pk}/"
    taken = hall.voters[3].person.name
    page = c.get(url, {"issued_q": taken, "waiting_page": 2})
    issued = _block(page.content, "issued_results")
    assert taken in issued and hall.voters[4].person.name not in issued
    assert '<details class="card" id="issues" open>' in page.content.decode()
    # the desk's page link keeps the search of the other list
    assert "issued_q=" in _block(page.content, "waiting_results")


def test_a_body_s_meetings_are_searched_and_filtered_by_state(hall, client_for):
    from django.utils import timezone

    actions.do_create_meeting(
        body=hall.body_a, title="年度民主评议", starts_at=timezone.now(), quorum_rule=None, acting_user=hall.organiser
    )
    c = client_for(hall.member)
    url = f"/staff/bodies/{hall.body_a.pk}/meetings/"
    assert "年度民主评议" in c.get(url).content.decode()
    searched = c.get(url, {"q": "民主评议"}).content.decode()
    assert "年度民主评议" in searched and hall.meeting.title not in _block(searched.encode(), "results")
    drafts = _block(c.get(url, {"state": "draft"}).content, "results")
    assert "年度民主评议" in drafts and hall.meeting.title not in drafts
    assert "没有符合条件的会议" in _block(c.get(url, {"state": "closed"}).content, "results")


def test_another_community_s_meeting_lists_are_not_found(hall, client_for):
    c = client_for(hall.outsider)
    for url in (f"/staff/meetings/{hall.meeting.pk}/", f"/staff/polls/{hall.poll.pk}/"):
        assert c.get(url, {"q": hall.voters[0].person.name}).status_code == 404
