"""A meeting from roster to ballots: freezing, exclusions, check-in, issuing, casting."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.meetings import actions, batches, queries, secrecy
from web.meetings.errors import MeetingError
from web.meetings.models import Attendee, Ballot, BallotIssue, PendingBallot, Poll, VotingCode
from web.meetings.testing import add_members, make_meeting, received

MOTION_RULES = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}


@pytest.fixture
def meeting(world):
    return make_meeting(world, voters=5, probationary=1)


def _open_with_everyone(meeting, world):
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)


def _motion(meeting, world):
    poll = actions.do_create_poll(
        meeting=meeting, title="是否同意", kind="motion", rules=MOTION_RULES, acting_user=world.organiser
    )
    return actions.do_open_poll(poll=poll, acting_user=world.organiser)


def test_roster_takes_voters_and_observers_from_party_status(meeting):
    kinds = sorted(meeting.attendees.values_list("kind", flat=True))
    assert kinds == ["observer"] + ["voter"] * 5
    assert queries.attendance(meeting) == {"expected": 5, "present": 0, "observers": 0, "excluded": 0}


def test_exclusion_needs_reason_and_approval_and_only_before_opening(meeting, world):
    a = meeting.attendees.filter(kind="voter").first()
    with pytest.raises(MeetingError):
        actions.do_exclude_attendee(attendee=a, reason="", approval="", acting_user=world.organiser)
    actions.do_exclude_attendee(
        attendee=a, reason="出国半年以上", approval="街道党工委同意，党员大会通过", acting_user=world.organiser
    )
    assert queries.attendance(meeting)["expected"] == 4
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    b = meeting.attendees.filter(kind="voter", excluded=False).first()
    with pytest.raises(MeetingError, match="冻结"):
        actions.do_exclude_attendee(attendee=b, reason="x", approval="y", acting_user=world.organiser)


def test_roster_is_frozen_at_opening(meeting, world):
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    add_members(world, 2, start=50)  # joins the body after the meeting opened
    assert queries.attendance(meeting)["expected"] == 5


def test_check_in_only_in_an_open_meeting_and_once(meeting, world):
    a = meeting.attendees.first()
    with pytest.raises(MeetingError):
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    actions.do_check_in(attendee=a, method="card", acting_user=world.organiser)
    with pytest.raises(MeetingError, match="已经签到"):
        actions.do_check_in(attendee=a, method="card", acting_user=world.organiser)


def test_one_person_one_ballot_across_phone_and_paper(meeting, world):
    _open_with_everyone(meeting, world)
    poll = _motion(meeting, world)
    voter = meeting.attendees.filter(kind="voter").first()
    actions.do_issue_paper(poll=poll, attendee=voter)
    with pytest.raises(MeetingError, match="已经领过"):
        actions.do_issue_phone_slip(poll=poll, attendee=voter)
    observer = meeting.attendees.get(kind="observer")
    with pytest.raises(MeetingError, match="没有表决权"):
        actions.do_issue_phone_slip(poll=poll, attendee=observer)
    assert BallotIssue.objects.filter(poll=poll).count() == 1


def test_a_voter_must_be_checked_in_to_get_a_ballot(meeting, world):
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = _motion(meeting, world)
    with pytest.raises(MeetingError, match="尚未签到"):
        actions.do_issue_phone_slip(poll=poll, attendee=meeting.attendees.filter(kind="voter").first())


def test_a_code_works_once_and_nothing_links_it_to_the_voter(meeting, world):
    _open_with_everyone(meeting, world)
    poll = _motion(meeting, world)
    voter = meeting.attendees.filter(kind="voter").first()
    code = batches.do_issue_code_batch(poll=poll, size=5, acting_user=world.organiser)[0]
    audit_before = AuditEntry.objects.count()  # the batch is audited (its size), nothing after it
    actions.do_issue_phone_slip(poll=poll, attendee=voter)
    receipt = actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes"})
    with pytest.raises(MeetingError) as used:
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "no"})
    assert used.value.code == "code_used"
    assert AuditEntry.objects.count() == audit_before  # issuing and casting write no audit line
    [ballot] = received(poll)
    assert ballot["receipt"] == receipt and ballot["content"] == {"vote": "yes"}
    # the code itself is stored nowhere; the two hashes differ and need the code to connect
    valid = list(VotingCode.objects.filter(poll=poll).values_list("valid_hash", flat=True))
    assert code not in str([*valid, ballot["spent_hash"]]) and ballot["spent_hash"] not in valid
    assert secrecy.valid_hash(poll.pk, code) in valid
    for model in (Ballot, PendingBallot):
        field_names = {f.name for f in model._meta.get_fields()}
        assert not field_names & {"attendee", "person", "user", "created_at", "cast_at", "issue"}


def test_unknown_codes_and_closed_polls_are_refused(meeting, world):
    _open_with_everyone(meeting, world)
    poll = _motion(meeting, world)
    with pytest.raises(MeetingError) as unknown:
        actions.cast_ballot(poll_id=poll.pk, code="ABCDEFGHJKMNPQRS", content={"vote": "yes"})
    assert unknown.value.code == "code_unknown"
    draft = actions.do_create_poll(
        meeting=meeting, title="未开始", kind="motion", rules=MOTION_RULES, acting_user=world.organiser
    )
    voters = list(meeting.attendees.filter(kind="voter"))
    code = actions.hand_out_codes(draft, voters[:1])[0]  # slips may be handed out before the vote opens
    with pytest.raises(MeetingError) as early:
        actions.cast_ballot(poll_id=draft.pk, code=code, content={"vote": "yes"})
    assert early.value.code == "wrong_state" and draft.state == Poll.State.DRAFT
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    with pytest.raises(MeetingError) as late:
        actions.do_issue_paper(poll=closed, attendee=voters[1])
    assert late.value.code == "wrong_state"


def test_meeting_cannot_close_while_a_poll_is_open(meeting, world):
    _open_with_everyone(meeting, world)
    _motion(meeting, world)
    with pytest.raises(MeetingError, match="还有投票"):
        actions.do_close_meeting(meeting=meeting, acting_user=world.organiser)


def test_attendance_counts_only_expected_voters_as_present(meeting, world):
    _open_with_everyone(meeting, world)
    assert queries.attendance(meeting) == {"expected": 5, "present": 5, "observers": 1, "excluded": 0}
    assert Attendee.objects.filter(meeting=meeting, checked_in_at__isnull=False).count() == 6


def _officer_results(page: str) -> str:
    """The meeting page's list of people the meeting may choose as officers."""
    return page[page.index('id="officer_results"') : page.index('id="roster"')]


def _present_but_one_with_two_candidates(meeting, world):
    """The meeting open, every voter present but the last; the third and fourth are candidates."""
    voters = list(meeting.attendees.filter(kind="voter").select_related("person").order_by("id"))
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in voters[:-1]:
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    _election(meeting, world, [(voters[2].person.name, voters[2].person), (voters[3].person.name, None)])
    return voters


def _election(meeting, world, candidates):
    return actions.do_create_poll(
        meeting=meeting,
        title="选举",
        kind="election",
        seats=1,
        rules={"elected": "for > 1/2 of present"},
        candidates=candidates,
        acting_user=world.organiser,
    )


def test_officers_are_chosen_from_the_present_who_are_not_candidates(meeting, world, client_for):
    voters = _present_but_one_with_two_candidates(meeting, world)
    c = client_for(world.organiser)
    url = f"/staff/meetings/{meeting.pk}/"
    shown = _officer_results(c.get(url).content.decode())
    assert voters[0].person.name in shown and voters[1].person.name in shown
    # a candidate (by person, or by name only) and the absent voter cannot be chosen
    assert all(v.person.name not in shown for v in voters[2:])
    found = _officer_results(c.get(url, {"officer_q": voters[1].person.name}).content.decode())
    assert voters[1].person.name in found and voters[0].person.name not in found
    c.post(f"{url}officers", {"attendee": voters[0].pk, "role": "scrutineer"})
    c.post(f"{url}officers", {"attendee": voters[1].pk, "role": "teller"})
    assert sorted(meeting.officers.values_list("role", flat=True)) == ["scrutineer", "teller"]
    # once chosen, they leave the list
    assert "推选为计票人" not in _officer_results(c.get(url).content.decode())
    with pytest.raises(MeetingError, match="不能作为候选人"):
        _election(meeting, world, [(voters[0].person.name, voters[0].person)])


@pytest.mark.parametrize("who", [2, 3, 4], ids=["candidate", "candidate-by-name", "absent"])
def test_the_server_refuses_an_officer_outside_the_present_non_candidates(meeting, world, client_for, who):
    """A form sent by hand naming a candidate or an absent voter is refused (422) with the
    sentence; nothing is recorded."""
    voters = _present_but_one_with_two_candidates(meeting, world)
    response = client_for(world.organiser).post(
        f"/staff/meetings/{meeting.pk}/officers", {"attendee": voters[who].pk, "role": "teller"}
    )
    assert response.status_code == 422
    assert [str(m) for m in response.context["messages"]] == [
        "请从已签到、不是候选人的人员中查找并选择，再选择监票人或计票人。"
    ]
    assert not meeting.officers.exists()


def test_only_the_unit_managers_choose_officers(meeting, world, client_for):
    voters = _present_but_one_with_two_candidates(meeting, world)
    url = f"/staff/meetings/{meeting.pk}/"
    assert 'id="officer_results"' not in client_for(world.member).get(url).content.decode()
    response = client_for(world.member).post(f"{url}officers", {"attendee": voters[0].pk, "role": "teller"})
    assert response.status_code == 403
    assert not meeting.officers.exists()


def test_officers_are_chosen_once_people_are_present(meeting, world, client_for):
    page = client_for(world.organiser).get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert 'id="officer_results"' not in page and "从已签到、不是候选人的人员中推选" in page
