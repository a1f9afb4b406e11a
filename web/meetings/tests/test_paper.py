"""Paper ballots: two tellers, entered separately, accepted only when they agree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError

from web.meetings import actions, paper
from web.meetings.errors import MeetingError
from web.meetings.models import Ballot, PaperEntry, Poll
from web.meetings.testing import appoint_teller, as_teller, make_meeting, open_motion_with_paper
from web.meetings.tests.test_concurrency import _run_in_threads
from web.org.models import Role

RULES = {"quorum": "present >= 4/5 of expected", "passes": "yes > 1/2 of present"}


def _teller(world, name, poll):
    return appoint_teller(world, poll.meeting, name)


@pytest.fixture
def poll(world):
    return open_motion_with_paper(world, voters=4, paper=3, rules=RULES)


def _enter(client, poll, votes, submit=True):
    client.post(f"/staff/polls/{poll.pk}/paper", {"step": "start"})
    for v in votes:
        data = {"step": "add", **({"spoiled": "1"} if v == "spoiled" else {"vote": v})}
        assert client.post(f"/staff/polls/{poll.pk}/paper", data).status_code == 302
    if submit:
        client.post(f"/staff/polls/{poll.pk}/paper", {"step": "submit"})


def test_two_agreeing_entries_are_accepted_and_counted(world, client_for, poll):
    t1, t2 = _teller(world, "t1", poll), _teller(world, "t2", poll)
    _enter(client_for(t1), poll, ["yes", "yes", "spoiled"])
    assert not Ballot.objects.filter(poll=poll).exists()
    assert paper.blockers_before_close(poll)
    with pytest.raises(MeetingError, match="尚未核对一致"):
        actions.do_close_poll(poll=poll, acting_user=world.organiser)
    _enter(client_for(t2), poll, ["yes", "yes", "spoiled"])
    poll.refresh_from_db()
    assert poll.paper_accepted
    assert sorted(str(b.content) for b in Ballot.objects.filter(poll=poll)) == sorted(
        [str({"vote": "yes"})] * 2 + [str({"spoiled": True})]
    )
    assert all(b.spent_hash is None for b in Ballot.objects.filter(poll=poll))
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    # 2 yes of 4 present is exactly half: "more than half" fails (DOMAIN.md §5)
    assert closed.result["status"] == "rejected"
    assert closed.result["counts"] == {"yes": 2, "no": 0, "abstain": 0}
    assert closed.result["ballots"] == {"issued": 3, "returned": 3, "valid": 2, "invalid": 1}
    assert closed.record["ballots_issued"] == 3 and len(closed.record["ballots"]) == 3


def test_disagreement_is_shown_ballot_by_ballot_and_can_be_corrected(world, client_for, poll):
    t1, t2 = _teller(world, "t1", poll), _teller(world, "t2", poll)
    _enter(client_for(t1), poll, ["yes", "no", "yes"])
    _enter(client_for(t2), poll, ["yes", "yes", "yes"])
    poll.refresh_from_db()
    assert not poll.paper_accepted
    comparison = paper.compare(poll)
    assert comparison.differences == [(2, {"vote": "no"}, {"vote": "yes"})]
    page = client_for(t1).get(f"/staff/polls/{poll.pk}/paper").content.decode()
    assert "两份录入的差异" in page
    c1 = client_for(t1)
    c1.post(f"/staff/polls/{poll.pk}/paper", {"step": "withdraw"})
    c1.post(f"/staff/polls/{poll.pk}/paper", {"step": "undo"})
    c1.post(f"/staff/polls/{poll.pk}/paper", {"step": "undo"})
    _enter(c1, poll, ["yes", "yes"])
    poll.refresh_from_db()
    assert poll.paper_accepted and Ballot.objects.filter(poll=poll).count() == 3


def test_a_third_teller_is_refused_and_one_teller_cannot_be_both(world, client_for, poll):
    t1 = _teller(world, "t1", poll)
    first = paper.do_start_entry(poll=poll, teller=as_teller(poll, t1))
    assert paper.do_start_entry(poll=poll, teller=as_teller(poll, t1)) == first
    paper.do_start_entry(poll=poll, teller=as_teller(poll, _teller(world, "t2", poll)))
    with pytest.raises(MeetingError, match="两名计票人"):
        paper.do_start_entry(poll=poll, teller=as_teller(poll, _teller(world, "t3", poll)))


def test_submitting_someone_elses_entry_is_refused(world, poll):
    t1, t2 = _teller(world, "t1", poll), _teller(world, "t2", poll)
    entry = paper.do_start_entry(poll=poll, teller=as_teller(poll, t1))
    with pytest.raises(MeetingError, match="只能操作自己的录入"):
        paper.do_submit_entry(entry=entry, teller=as_teller(poll, t2))


def test_two_tellers_starting_at_once_get_different_slots(transactional_db, world):
    meeting = make_meeting(world, voters=2, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting, title="x", kind="motion", rules=RULES, acting_user=world.organiser
        ),
        acting_user=world.organiser,
    )
    tellers = [_teller(world, f"t{i}", poll) for i in range(4)]

    def work(i):
        try:
            return paper.do_start_entry(poll=poll, teller=as_teller(poll, tellers[i])).slot
        except MeetingError as exc:
            return exc.code
        except OperationalError:
            return "busy"

    results = _run_in_threads(4, work)
    slots = sorted(r for r in results if isinstance(r, int))
    assert slots in ([1, 2], [1], [2])  # never the same slot twice
    assert PaperEntry.objects.filter(poll=poll).count() == len(slots)


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("outsider", 404), ("organiser", 200)])
def test_paper_page_access(world, client_for, poll, persona, status):
    assert client_for(getattr(world, persona)).get(f"/staff/polls/{poll.pk}/paper").status_code == status


def test_a_teller_of_another_unit_cannot_enter(world, client_for, poll):
    stranger = get_user_model().objects.create_user(username="t9", password="x" * 12)
    Role.objects.create(user=stranger, unit=world.community_b, kind="teller")
    assert client_for(stranger).get(f"/staff/polls/{poll.pk}/paper").status_code == 404


def test_an_unreadable_entry_is_a_clear_error(world, client_for, poll):
    c = client_for(_teller(world, "t1", poll))
    c.post(f"/staff/polls/{poll.pk}/paper", {"step": "start"})
    response = c.post(f"/staff/polls/{poll.pk}/paper", {"step": "add", "vote": "perhaps"})
    assert response.status_code == 422 and "请选择赞成" in response.content.decode()
    assert c.post(f"/staff/polls/{poll.pk}/paper", {"step": "fly"}).status_code == 422


def test_entering_after_close_is_refused(world, client_for, poll):
    t1, t2 = _teller(world, "t1", poll), _teller(world, "t2", poll)
    _enter(client_for(t1), poll, ["yes"])
    _enter(client_for(t2), poll, ["yes"])
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    with pytest.raises(MeetingError):
        paper.do_start_entry(poll=Poll.objects.get(pk=poll.pk), teller=as_teller(poll, _teller(world, "t3", poll)))
