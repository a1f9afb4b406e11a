"""A poll that names its electors (``web.meetings.electors``): the desk hands its form only to a
checked-in attendee on the list, the proxies a holder collects only for listed grantors, and the
list is set from the roster before any form is handed out."""

from __future__ import annotations

import pytest

from web.meetings import actions, electors, proxies
from web.meetings.errors import MeetingError
from web.meetings.models import BallotIssue, PollElector
from web.meetings.testing import make_meeting, motion
from web.org.models import Person


def _motion(world, meeting):
    return motion(world, meeting, "A 类推荐表")


@pytest.fixture
def hall(world):
    meeting = make_meeting(world, voters=6, probationary=0)
    poll = _motion(world, meeting)
    voters = list(meeting.attendees.filter(kind="voter").select_related("person").order_by("id"))
    return meeting, poll, voters


def _open(world, meeting, voters):
    """Open the meeting and check everyone in; the roster lines as they are now."""
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    return [actions.do_check_in(attendee=a, method="search", acting_user=world.organiser) for a in voters]


def test_only_the_listed_receive_the_form_and_the_refusal_is_a_sentence(world, hall):
    meeting, poll, voters = hall
    assert electors.set_electors(poll, [v.person for v in voters[:3]]) == 3
    voters = _open(world, meeting, voters)
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    for channel in ("paper", "phone"):
        with pytest.raises(MeetingError) as refused:
            proxies.do_issue_ballots(poll=poll, attendee=voters[4], channel=channel)
        assert refused.value.code == "not_an_elector"
        assert voters[4].person.name in str(refused.value) and "领票名单" in str(refused.value)
    assert not BallotIssue.objects.filter(poll=poll).exists()
    actions.do_issue_paper(poll=poll, attendee=voters[0])
    assert BallotIssue.objects.filter(poll=poll).count() == 1


def test_a_poll_without_a_list_is_the_whole_rosters(world, hall):
    meeting, poll, voters = hall
    voters = _open(world, meeting, voters)
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    for a in voters:
        actions.do_issue_paper(poll=poll, attendee=a)
    assert BallotIssue.objects.filter(poll=poll).count() == len(voters)


def test_the_list_is_of_the_roster_and_fixed_once_a_form_is_handed_out(world, hall):
    meeting, poll, voters = hall
    stranger = Person.objects.exclude(pk__in=[v.person_id for v in voters]).first()
    assert stranger is not None
    with pytest.raises(MeetingError) as refused:
        electors.set_electors(poll, [voters[0].person, stranger])
    assert refused.value.code == "not_on_roster" and stranger.name in str(refused.value)
    assert not PollElector.objects.exists()
    electors.set_electors(poll, [voters[0].person, voters[1].person])
    voters = _open(world, meeting, voters)
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    actions.do_issue_paper(poll=poll, attendee=voters[0])
    with pytest.raises(MeetingError) as late:
        electors.set_electors(poll, [v.person for v in voters])
    assert late.value.code == "issued_already"
    assert set(PollElector.objects.values_list("person_id", flat=True)) == {voters[0].person_id, voters[1].person_id}


def test_a_holder_collects_only_the_listed_grantors_forms(world):
    meeting = make_meeting(world, voters=6, probationary=0)
    poll = _motion(world, meeting)
    voters = list(meeting.attendees.filter(kind="voter").select_related("person").order_by("id"))
    holder, listed_grantor, unlisted_grantor = voters[0], voters[1], voters[2]
    proxies.do_set_proxies(
        meeting=meeting,
        pairs=[(listed_grantor.person, holder.person), (unlisted_grantor.person, holder.person)],
        acting_user=world.organiser,
    )
    electors.set_electors(poll, [holder.person, listed_grantor.person])
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    holder = actions.do_check_in(attendee=holder, method="search", acting_user=world.organiser)
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    issued = proxies.do_issue_ballots(poll=poll, attendee=holder, channel="paper")
    assert [b.grantor.pk if b.grantor else None for b in issued] == [None, listed_grantor.pk]
    assert set(BallotIssue.objects.filter(poll=poll).values_list("attendee_id", flat=True)) == {
        holder.pk,
        listed_grantor.pk,
    }
