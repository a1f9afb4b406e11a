"""Written proxies honoured by the election meeting of a villagers' committee election
(DOMAIN.md §5.2): a checked-in holder collects one more ballot per grantor who is a voter on
the frozen roster, has not checked in and has no ballot for the poll; the grantors' ballots
are counted like any other, and ``2*voted > registered`` comes out right."""

from __future__ import annotations

import re

import pytest

from web.elections.stages import current_polls
from web.elections.tests.helpers import adjust, advance, create, members, messages_of, stage, step
from web.meetings import actions, batches
from web.meetings import proxies as meeting_proxies
from web.meetings.counting import count_record
from web.meetings.errors import MeetingError
from web.meetings.models import Attendee, Ballot, BallotIssue, MeetingProxy, VotingCode
from web.meetings.testing import received
from web.org.models import Body, BodySeat


@pytest.fixture
def village(world, client_for, clock):
    """12 villagers on the register, 8 of them nominated; 褚九 and 卫十 give 沈十二 their
    written proxies. Returns the organiser's client, the election and the people."""
    body = Body.objects.create(name="和平社区居民会议", kind="villagers_meeting", unit=world.community_a)
    people = members(world, 12)
    for p in people:
        BodySeat.objects.create(body=body, person=p)
    org = client_for(world.organiser)
    election = create(org, body.pk, "village", title="第十二届居民委员会选举")
    adjust(org, election, "register", election_day="2026-03-30")
    org.post(f"/staff/elections/{election.pk}/start")
    step(org, election, "register", "register")
    advance(org, election, "register")
    for p in people[:8]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    for voter in people[8:10]:
        step(org, election, "proxies", "proxy", {"voter": voter.id_number, "holder": people[11].id_number})
    return org, election, people


def _prepare_meeting(org, election, people):
    advance(org, election, "proxies")
    noms = {n.person_id: n.pk for n in election.nominations.all()}
    plan = {"director": people[0:2], "deputy_director": people[2:4], "member": people[4:8]}
    for post, who in plan.items():
        step(org, election, "election", "candidates", {"post": post, "nomination": [noms[p.pk] for p in who]})
    r = step(org, election, "election", "meeting")
    assert not [m for m in messages_of(r) if "已建立" not in m], messages_of(r)
    el = stage(election, "election")
    return el.meeting, current_polls(el)["director"]


def _check_in(org, meeting, *people):
    for p in people:
        line = meeting.attendees.get(person=p)
        assert org.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": line.pk}).status_code == 302


@pytest.fixture
def hall(village):
    """The election meeting open, its director poll open; nobody checked in yet."""
    org, election, people = village
    meeting, poll = _prepare_meeting(org, election, people)
    assert org.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 302
    assert org.post(f"/staff/polls/{poll.pk}/open/").status_code == 302
    poll.slips = _print(org, poll)  # the desk's pile of unnamed slips, in the order handed out
    return org, meeting, poll, people


def _print(org, poll, n=20):
    r = org.post(f"/staff/polls/{poll.pk}/codes", {"size": n})
    assert r.status_code == 200 and r["Cache-Control"].count("no-store") == 1
    return [s["code"] for s in r.context["slips"]]


def _issue(org, poll, meeting, person, channel="phone"):
    line = meeting.attendees.get(person=person)
    return org.post(f"/staff/polls/{poll.pk}/issue", {"attendee": line.pk, "channel": channel}, follow=True)


def _slips_for(r):
    """How many slips the desk was told to hand over, and for which grantors."""
    (text,) = [m for m in messages_of(r) if "任取" in m]
    n = int(re.search(r"任取 (\d+) 张", text).group(1))
    found = re.search(r"其中代 (.+) 领票", text)
    return n, found.group(1).split("、") if found else []


def test_the_meeting_takes_the_proxies_of_the_proxies_stage(village):
    org, election, people = village
    meeting, _poll = _prepare_meeting(org, election, people)
    pairs = {(p.grantor.person_id, p.holder.person_id) for p in MeetingProxy.objects.filter(meeting=meeting)}
    assert pairs == {(people[8].pk, people[11].pk), (people[9].pk, people[11].pk)}


def test_a_holder_with_two_proxies_gets_three_ballots(hall, client_for):
    org, meeting, poll, people = hall
    _check_in(org, meeting, people[11], people[0])
    page = org.get(f"/staff/polls/{poll.pk}/").content.decode()
    assert "另代 褚九、卫十 领票，共 3 张" in page
    r = _issue(org, poll, meeting, people[11])
    assert _slips_for(r) == (3, ["褚九", "卫十"])
    holder = meeting.attendees.get(person=people[11])
    issues = BallotIssue.objects.filter(poll=poll)
    assert issues.count() == 3 and VotingCode.objects.filter(poll=poll).count() == 20
    assert {(i.attendee.person.name, i.proxy_holder_id) for i in issues} == {
        ("沈十二", None),
        ("褚九", holder.pk),
        ("卫十", holder.pk),
    }
    # each code casts one ballot
    anon = client_for(None)
    key = poll.candidates.get(person=people[0]).key
    for code in poll.slips[:3]:
        r = anon.post("/vote/cast", {"code": code, "poll": poll.pk, f"mark-{key}": "for"})
        assert r.status_code == 200, r.content.decode()[:300]
    assert len(received(poll)) == 3
    # the poll page's issue list says who collected for whom
    page = org.get(f"/staff/polls/{poll.pk}/").content.decode()
    assert "代 褚九 领票" in page and "代 卫十 领票" in page and "另代" not in page


def test_paper_ballots_for_a_holder(hall):
    org, meeting, poll, people = hall
    _check_in(org, meeting, people[11])
    r = _issue(org, poll, meeting, people[11], channel="paper")
    assert any("共 3 张，其中代 褚九、卫十 领票" in m for m in messages_of(r))
    assert list(BallotIssue.objects.filter(poll=poll).values_list("channel", flat=True)) == ["paper"] * 3
    assert batches.code_counts(poll)["handed_out"] == 0  # the printed slips stay on the pile


def test_a_grantor_present_in_person_votes_in_person(hall):
    org, meeting, poll, people = hall
    _check_in(org, meeting, people[8], people[11])  # 褚九 came after all
    assert "另代 卫十 领票，共 2 张" in org.get(f"/staff/polls/{poll.pk}/").content.decode()
    assert _slips_for(_issue(org, poll, meeting, people[11])) == (2, ["卫十"])
    assert _slips_for(_issue(org, poll, meeting, people[8])) == (1, [])
    own = BallotIssue.objects.get(poll=poll, attendee__person=people[8])
    assert own.proxy_holder is None


def test_a_grantor_arriving_after_the_holder_collected_is_refused(hall):
    org, meeting, poll, people = hall
    _check_in(org, meeting, people[11])
    _issue(org, poll, meeting, people[11])
    line = meeting.attendees.get(person=people[8])
    r = org.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": line.pk}, follow=True)
    assert any("已由受托人 沈十二 代为领票" in m for m in messages_of(r))
    r = _issue(org, poll, meeting, people[8])
    assert any("褚九 的选票已由受托人 沈十二 代为领票" in m for m in messages_of(r))
    assert BallotIssue.objects.filter(poll=poll).count() == 3
    # the engine's refusal is a domain error with its own code, also outside the page
    with pytest.raises(MeetingError) as refused:
        actions.do_issue_paper(poll=poll, attendee=line)
    assert refused.value.code == "collected_by_proxy"


def test_a_grantor_left_out_of_expected_gives_no_ballot(village):
    org, election, people = village
    meeting, poll = _prepare_meeting(org, election, people)
    line = meeting.attendees.get(person=people[9])
    actions.do_exclude_attendee(attendee=line, reason="外出务工半年以上", approval="镇党委同意", acting_user=None)
    org.post(f"/staff/meetings/{meeting.pk}/open/")
    org.post(f"/staff/polls/{poll.pk}/open/")
    _check_in(org, meeting, people[11])
    _print(org, poll, 5)
    assert _slips_for(_issue(org, poll, meeting, people[11])) == (2, ["褚九"])


def test_proxy_ballots_count_as_voted(hall, client_for):
    """12 on the register, 5 in the hall, 2 proxies: 7 ballots, and 2*7 > 12 makes the
    election valid; without the proxies 5 voters would not."""
    org, meeting, poll, people = hall
    present = [people[11], people[4], people[5], people[6], people[7]]
    _check_in(org, meeting, *present)
    anon = client_for(None)
    keys = {c.person_id: c.key for c in poll.candidates.all()}
    handed = sum(_slips_for(_issue(org, poll, meeting, p))[0] for p in present)
    assert handed == 7
    codes = poll.slips[:7]
    for n, code in enumerate(codes):  # 4 for 赵一, 3 for 钱二
        choice = people[0] if n < 4 else people[1]
        r = anon.post("/vote/cast", {"code": code, "poll": poll.pk, f"mark-{keys[choice.pk]}": "for"})
        assert r.status_code == 200
    org.post(f"/staff/polls/{poll.pk}/close/")
    poll.refresh_from_db()
    assert poll.record["electorate"] == {"expected": 12, "present": 5}
    assert poll.record["ballots_issued"] == 7 and len(poll.record["ballots"]) == 7
    assert poll.result["status"] == "complete"
    quorum = poll.result["checks"][0]
    assert quorum["rule"] == "voted > 1/2 of expected"
    assert quorum["numbers"] == {"expected": 12, "voted": 7} and quorum["passed"]
    assert poll.result["elected"] == ["c1"] and poll.result["tally"][0]["name"] == "赵一"  # 4 of 7 voted
    # the same hall without the two proxy ballots: 2*5 > 12 fails
    without, _sha = count_record({**poll.record, "ballots_issued": 5, "ballots": poll.record["ballots"][:5]})
    assert without["status"] == "not_quorate"


def test_more_than_three_proxies_are_refused(village):
    org, election, people = village
    step(org, election, "proxies", "proxy", {"voter": people[10].id_number, "holder": people[11].id_number})
    r = step(org, election, "proxies", "proxy", {"voter": people[9].id_number, "holder": people[10].id_number})
    assert any("已经委托过" in m for m in messages_of(r))
    # the fourth: refused by the engine's check, so a holder never collects more than 3 extra ballots
    r = step(org, election, "proxies", "proxy", {"voter": people[7].id_number, "holder": people[11].id_number})
    assert any("沈十二 受托超过 3 人" in m for m in messages_of(r))
    assert election.proxies.filter(holder=people[11]).count() == 3
    # the meeting checks again: four pairs to one holder do not enter it
    meeting, _poll = _prepare_meeting(org, election, people)
    with pytest.raises(MeetingError) as refused:
        meeting_proxies.do_set_proxies(
            meeting=meeting, pairs=[(p, people[11]) for p in people[7:11]], limit=3, acting_user=None
        )
    assert "受托超过 3 人" in str(refused.value.message)
    assert MeetingProxy.objects.filter(meeting=meeting).count() == 3


def test_a_candidate_cannot_hold_a_proxy(village):
    org, election, people = village
    r = step(org, election, "proxies", "proxy", {"voter": people[10].id_number, "holder": people[0].id_number})
    assert any("候选人 赵一 不得接受委托投票" in m for m in messages_of(r))
    assert not election.proxies.filter(holder=people[0]).exists()
    meeting, _poll = _prepare_meeting(org, election, people)
    with pytest.raises(MeetingError) as refused:
        meeting_proxies.do_set_proxies(meeting=meeting, pairs=[(people[10], people[0])], acting_user=None)
    assert "候选人 赵一 不得接受委托投票" in str(refused.value.message)


def test_proxies_are_frozen_with_the_roster(hall):
    _org, meeting, _poll, _people = hall
    with pytest.raises(MeetingError) as refused:
        meeting_proxies.do_set_proxies(meeting=meeting, pairs=[], acting_user=None)
    assert refused.value.code == "wrong_state"


def test_a_reopened_proxies_stage_updates_a_meeting_not_yet_open(village):
    org, election, people = village
    meeting, _poll = _prepare_meeting(org, election, people)
    s = stage(election, "proxies")
    org.post(f"/staff/elections/{election.pk}/stages/{s.pk}/reopen", {"reason": "蒋十一补交委托书"})
    step(org, election, "proxies", "proxy", {"voter": people[10].id_number, "holder": people[11].id_number})
    advance(org, election, "proxies")
    grantors = set(MeetingProxy.objects.filter(meeting=meeting).values_list("grantor__person_id", flat=True))
    assert grantors == {people[8].pk, people[9].pk, people[10].pk}


def test_nothing_links_a_ballot_to_a_person():
    # ``group`` is the poll's issue group (one class per person in a recommendation), not a ballot
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    code_fields = {f.name for f in VotingCode._meta.get_fields()}
    assert ballot_fields == {"id", "poll", "spent_hash", "receipt", "content"}
    assert code_fields == {"id", "poll", "valid_hash"}
    issue_fields = {f.name for f in BallotIssue._meta.get_fields()}
    assert issue_fields == {"id", "poll", "attendee", "channel", "proxy_holder", "group"}
    assert Attendee._meta.get_field("proxy_ballots_collected").related_model is BallotIssue


def test_the_meetings_app_does_not_import_the_elections_app():
    """Proxies reach the meeting as data; the meetings app stays below the elections app."""
    import ast
    from pathlib import Path

    from django.conf import settings

    imports = set()
    for path in (Path(settings.BASE_DIR) / "web" / "meetings").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.add(node.module)
            elif isinstance(node, ast.Import):
                imports.update(alias.name for alias in node.names)
    assert not [m for m in imports if m.startswith("web.elections")]
