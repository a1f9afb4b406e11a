"""The home page reads in a bounded number of queries for every persona, whatever the number of
things that need them: every registered source has more than a page of work here, and doubling
it adds no query. A new source that reads per item fails here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from web.commitments import actions as commitments
from web.common import attention
from web.deliberation import actions as deliberation
from web.elections import actions as elections
from web.meetings import actions as meetings
from web.meetings.testing import appoint_user_as_teller, open_motion_with_paper
from web.notify.outbox import notify
from web.org.testing import persona_user

#: the most queries the home page may take for anyone (the sources', the session's, the tree's):
#: the organiser's and the street's and district's staff, with every kind of work past a page (the
#: street's and district's staff also read the proposals waiting for the liaison office: one query).
#: A representative's congress seats are read once for every source that asks (``seats_held``), so
#: with the studios', points', congress's, proposals' and appraisals' sources the street's and
#: district's staff take 31 and the representative 28; the democratic recommendations of the units
#: one manages are one more query (``web/recommendations/attention.py``): 32; this month's random
#: inspection draws of the plans a street's or district's staff manage, one more
#: (``web/inspections/attention.py``): 33
MOST = 33
MOTION = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}
PERSONAS = (
    "organiser",
    "member",
    "observer",
    "outsider",
    "street_staff",
    "district_staff",
    "teller",
    "resident",
    "handler",
    "dispatcher",
    "representative",
)


def _work(world, n: int, *, tag: str) -> None:
    """``n`` of each kind of work in community A, more than the home page lists of each."""
    org = world.organiser
    for i in range(n):
        meeting = meetings.do_create_meeting(
            body=world.body_a, title=f"{tag}会议{i}", starts_at=timezone.now(), quorum_rule=None, acting_user=org
        )
        meetings.do_open_meeting(meeting=meeting, acting_user=org)
        election = elections.do_create_election(
            body=world.body_a, title=f"{tag}选举{i}", template="open_nomination", acting_user=org
        )
        elections.do_start_election(election=election, acting_user=org)
        deliberation.do_propose_matter(
            unit=world.community_a, title=f"{tag}事项{i}", kind="project", chain="four_deliberations", acting_user=org
        )
        from web.recommendations.testing import create as recommendation

        recommendation(world, meeting, title=f"{tag}民主推荐{i}")  # forms being filled: on the organiser's home
    year = commitments.do_create_year(unit=world.community_a, year=2026 if tag == "a" else 2025, acting_user=org)
    for i in range(n):
        commitments.do_add_commitment(
            year=year,
            item=f"{tag}承诺{i}",
            owner=world.person_a,
            deadline=dt.date(2026, 1, 1) if i % 2 else dt.date(2099, 1, 1),
            budget=Decimal(1000),
            category="infrastructure",
            acting_user=org,
        )
    commitments.do_adopt_year(year=year, meeting=None, acting_user=org)
    _cases(world, n)
    _proposals(world, n)
    with transaction.atomic():
        for i in range(n):
            notify(
                world.person_a,
                "commitment.progress_due",
                {"unit": "和平社区", "item": "路灯", "quarter": 1, "due": "2026-03-31"},
                key=f"{tag}.{i}",
            )


def _cases(world, n: int) -> None:
    """``n`` requests new at the desk, ``n`` waiting to be signed for in the grid worker's grid,
    ``n`` answered and not yet rated by their representative."""
    from web.cases import actions as cases

    cw = world.cases
    for _i in range(n):
        made = []
        for _kind in range(3):
            case, _code = cases.do_take_case(
                channel="phone",
                entry=cw.entry("noise"),
                unit=world.building_a1,
                description="楼上装修噪音",
                acting_user=cw.dispatcher,
                requester_phone="13800000001",
                consent=True,
                representative=cw.representative,
            )
            made.append(case)
        cases.do_dispatch_case(case=made[1], acting_user=cw.dispatcher)
        answered = cases.do_sign_case(
            case=cases.do_dispatch_case(case=made[2], acting_user=cw.dispatcher), acting_user=cw.community_handler
        )
        cases.do_reply_case(case=answered, text="已办", acting_user=cw.community_handler)


def _proposals(world, n: int) -> None:
    """``n`` proposals inviting the representative to second them, ``n`` waiting for review by the
    district's staff, ``n`` assigned to the handler's office and overdue."""
    from web.proposals import actions as proposals
    from web.proposals import testing

    pw = world.proposals
    for _i in range(n):
        testing.file(pw, by=3, cosigners=(1, 4))
        testing.submitted(pw)
        p = testing.voted(pw)
        proposals.do_assign_proposal(proposal=p, office=world.cases.community_a, acting_user=pw.district_staff)


@pytest.fixture
def users(world):
    users = {p: persona_user(world, p) for p in ("organiser", "member", "observer", "outsider", "street_staff")}
    users["resident"] = get_user_model().objects.create_user(username="jumin", person=world.person_a)
    poll = open_motion_with_paper(world, voters=4, paper=2, rules=MOTION)
    users["teller"] = appoint_user_as_teller(world, poll.meeting, get_user_model().objects.create_user(username="jp"))
    from web.cases.testing import make_case_world

    world.cases = make_case_world(world)
    users["handler"] = world.cases.community_handler
    users["dispatcher"] = world.cases.dispatcher
    users["representative"] = world.cases.representative
    from web.proposals.testing import make_proposal_world

    # the cases' representative is also a representative of the district's congress (李强's seat)
    users["representative"].person = world.person_a2
    users["representative"].save(update_fields=["person"])
    world.proposals = make_proposal_world(world)
    users["district_staff"] = world.proposals.district_staff
    return users


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/staff/").status_code == 200
    return len(captured.captured_queries)


def test_the_home_page_reads_in_a_bounded_number_of_queries_for_every_persona(world, users, client_for):
    _work(world, attention.LIMIT + 1, tag="a")
    clients = {p: client_for(users[p]) for p in PERSONAS}
    before = {p: _queries(clients[p]) for p in PERSONAS}
    _work(world, attention.LIMIT + 1, tag="b")
    after = {p: _queries(clients[p]) for p in PERSONAS}
    assert after == before, "a source reads per item"
    assert max(after.values()) <= MOST, after
    shown = {s.source.key for s in clients["organiser"].get("/staff/").context["sections"]}
    assert {"meetings", "elections", "matters", "commitments"} <= shown
    shown = {s.source.key for s in clients["resident"].get("/staff/").context["sections"]}
    assert {"household", "notices", "open_votes", "commitments", "my_meetings"} <= shown
    batch = 2 * (attention.LIMIT + 1)  # each kind of case, made twice
    for persona, source, total in (
        ("handler", "case_queue", batch),  # to sign
        ("dispatcher", "case_desk", 2 * batch),  # new, and answered waiting for the visit
        ("representative", "case_represented", batch),  # answered, not rated
        ("observer", "case_grid", 3 * batch),  # every open case in the grid
    ):
        shown = {s.source.key: s.found.total for s in clients[persona].get("/staff/").context["sections"]}
        assert shown.get(source) == total, (persona, shown)
