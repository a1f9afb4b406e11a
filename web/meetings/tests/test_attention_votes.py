"""The meetings' part of the home page, continued: results waiting for the upper level's approval
(only for those who may approve them), and the open votes of a person on the roster (linked to
the phone ballot; never whether they voted)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from web.common.testing import home_sections
from web.meetings import actions
from web.meetings.actions import hand_out_codes
from web.meetings.models import Attendee, Poll
from web.meetings.testing import make_meeting, open_motion_with_paper

ELECTED = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}
MOTION = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}


def _pending_result(world):
    meeting = make_meeting(world, voters=4, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="书记选举",
        kind="election",
        seats=1,
        rules=ELECTED,
        candidates=[("王芳", None), ("李强", None)],
        needs_approval=True,
        acting_user=world.organiser,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    keys = {c.name: c.key for c in poll.candidates.all()}
    for code in hand_out_codes(poll, list(meeting.attendees.filter(kind="voter"))):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"marks": {keys["王芳"]: "for"}})
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert closed.approval == Poll.Approval.PENDING
    return closed


def test_a_result_waiting_for_approval_is_on_the_upper_levels_home_until_decided(world, client_for):
    poll = _pending_result(world)
    street = client_for(world.street_staff)
    found, page = home_sections(street)
    [item] = found["approvals"].items
    assert found["approvals"].total == 1 and "书记选举：计票结果待您批准" == item.text and "待批准的结果" in page
    assert item.url == f"/staff/polls/{poll.pk}/#approval"
    shown = street.get(item.url).content.decode()
    assert 'id="approval"' in shown and f"/staff/polls/{poll.pk}/approval" in shown
    # the community cannot approve its own result, so it is not on its staff's home
    for persona in ("organiser", "member", "observer", "outsider"):
        assert "approvals" not in home_sections(client_for(getattr(world, persona)))[0], persona
    assert street.post(f"/staff/polls/{poll.pk}/approval", {"decision": "approve", "note": "同意"}).status_code == 302
    assert "approvals" not in home_sections(street)[0]


def _resident(world):
    """王芳 (person_a), on the party members' meeting's roster, signs in without a staff role."""
    return get_user_model().objects.create_user(username="wangfang", person=world.person_a)


def test_a_voter_sees_the_open_vote_and_never_whether_they_voted(world, client_for):
    poll = open_motion_with_paper(world, voters=4, paper=0, rules=MOTION)
    resident = client_for(_resident(world))
    found, _page = home_sections(resident)
    [item] = found["open_votes"].items
    assert found["open_votes"].total == 1 and item.url == "/vote/" and poll.title in item.text
    assert resident.get(item.url).status_code == 200
    for persona in ("organiser", "member", "observer", "outsider", "street_staff"):
        assert "open_votes" not in home_sections(client_for(getattr(world, persona)))[0], persona

    mine = Attendee.objects.get(meeting=poll.meeting, person=world.person_a)
    [code] = hand_out_codes(poll, [mine])
    actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes"})
    after, page_after = home_sections(resident)
    assert after["open_votes"] == found["open_votes"]  # the same, voted or not
    assert "已投" not in page_after

    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    assert "open_votes" not in home_sections(resident)[0]


def test_a_member_without_the_vote_is_not_asked_to_vote(world, client_for):
    poll = open_motion_with_paper(world, voters=4, paper=0, rules=MOTION)
    Attendee.objects.filter(meeting=poll.meeting, person=world.person_a).update(kind=Attendee.Kind.OBSERVER)
    assert "open_votes" not in home_sections(client_for(_resident(world)))[0]
