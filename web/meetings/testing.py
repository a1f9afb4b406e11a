"""A members' meeting of community A with a roster, for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.meetings import actions
from web.meetings.models import Meeting
from web.org.idnumbers import check_digit
from web.org.models import BodySeat, PartyMembership, Person

NAMES = ["赵一", "钱二", "孙三", "周四", "吴五", "郑六", "冯七", "陈八", "褚九", "卫十", "蒋十一", "沈十二"]


def add_members(world: Any, n: int, *, status: str = "full", start: int = 0) -> list[Person]:
    people = []
    for i in range(start, start + n):
        first17 = f"51010419700101{i:03d}"
        person = Person.objects.create(
            name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            id_number=first17 + check_digit(first17),
            gender="M",
            birth_date=dt.date(1970, 1, 1),
            unit=world.grid_a2,
            unit_path=world.grid_a2.path,
        )
        PartyMembership.objects.create(person=person, org=world.branch_a, status=status)
        BodySeat.objects.create(body=world.body_a, person=person)
        people.append(person)
    return people


def make_meeting(world: Any, *, voters: int = 5, probationary: int = 1, quorum: str | None = None) -> Meeting:
    """``voters`` full members besides world.person_a, and some probationary members (observers)."""
    add_members(world, voters - 1)
    add_members(world, probationary, status="probationary", start=100)
    return actions.do_create_meeting(
        body=world.body_a,
        title="和平社区党员大会",
        starts_at=timezone.now(),
        quorum_rule=quorum,
        acting_user=world.organiser,
    )


#: a joint meeting's two quorums (DOMAIN.md §5.3), as the engine reads them
JOINT_QUORUM = {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]}


def joint_meeting(world: Any) -> Meeting:
    """A joint meeting of world.body_a (person_a and 3 more members) and a villager
    representatives' body of two (one of those members, and person_a2)."""
    from web.org.models import Body

    members = add_members(world, 3)
    reps = Body.objects.create(name="和平社区居民代表会议", kind="villager_reps", unit=world.community_a)
    for person in [members[0], world.person_a2]:  # members[0] sits on both rosters
        BodySeat.objects.create(body=reps, person=person)
    return actions.do_create_meeting(
        body=world.body_a,
        title="党员和居民代表联席会议",
        starts_at=timezone.now(),
        quorum_rule=JOINT_QUORUM,
        joint_body=reps,
        groups=("members", "reps"),
        acting_user=world.organiser,
    )


def motion(world: Any, meeting: Meeting, title: str = "表决") -> Any:
    """A motion of ``meeting`` (passes with more than half of those present), not opened yet."""
    return actions.do_create_poll(
        meeting=meeting,
        title=title,
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )


def open_election(
    world: Any, meeting: Meeting, *, seats: int, names: list[str], title: str = "选举社区党委委员"
) -> Any:
    """The meeting opened, with an open election poll of ``names`` for ``seats`` seats (elected
    with more than half of those who voted)."""
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    return actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title=title,
            kind="election",
            seats=seats,
            rules={"elected": "for > 1/2 of voted"},
            candidates=[(name, None) for name in names],
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )


def open_motion_with_paper(world: Any, *, voters: int, paper: int, rules: dict[str, str]) -> Any:
    """An open motion in a new meeting where everyone checked in and ``paper`` voters took a
    paper ballot."""
    meeting = make_meeting(world, voters=voters, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting, title="表决", kind="motion", rules=rules, acting_user=world.organiser
    )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    for a in meeting.attendees.order_by("id")[:paper]:
        actions.do_issue_paper(poll=poll, attendee=a)
    return poll


def appoint_teller(world: Any, meeting: Meeting, username: str, *, password: str = "") -> Any:
    """A person of community A with an account, appointed a teller of the meeting; the user."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password or f"{username}-secret-2026")
    return appoint_user_as_teller(world, meeting, user)


def appoint_user_as_teller(world: Any, meeting: Meeting, user: Any) -> Any:
    """Link ``user`` to a new person of community A and appoint that person a teller."""
    from web.meetings.models import Officer

    n = Person.objects.count() + 500
    first17 = f"51010419750101{n:03d}"
    person = Person.objects.create(
        name=f"计票{user.username}",
        id_number=first17 + check_digit(first17),
        gender="F",
        birth_date=dt.date(1975, 1, 1),
        unit=world.grid_a2,
        unit_path=world.grid_a2.path,
    )
    user.person, user.display_name = person, person.name
    user.save(update_fields=["person", "display_name"])
    actions.do_appoint_officer(meeting=meeting, person=person, role=Officer.Role.TELLER, acting_user=world.organiser)
    return user


def as_teller(poll: Any, user: Any) -> Any:
    """The appointed teller ``user`` taking a step on their own account (``tellers.confirm``)."""
    from web.meetings import tellers

    officer = tellers.officer_of(user, poll.meeting)
    return tellers.confirm(
        poll=poll, officer_id=officer.pk if officer else "", password="", acting_user=user, address=""
    )


def print_slips(client: Any, poll: Any, n: int) -> list[str]:
    """Through the poll page: print a batch of at least ``n`` unnamed slips; their codes, in the
    order the pile is handed out."""
    from web.meetings.batches import min_batch

    page = client.post(f"/staff/polls/{poll.pk}/codes", {"size": max(n, min_batch())})
    assert page.status_code == 200 and page["Cache-Control"].count("no-store") == 1
    return [slip["code"] for slip in page.context["slips"]]


def received(poll: Any) -> list[dict[str, Any]]:
    """Every ballot of the poll received so far, sealed or still waiting to be sealed (on
    PostgreSQL a cast waits in ``PendingBallot``: ``web.meetings.sealing``)."""
    from web.meetings.models import Ballot, PendingBallot

    fields = ("receipt", "content", "spent_hash")
    return [*Ballot.objects.filter(poll=poll).values(*fields), *PendingBallot.objects.filter(poll=poll).values(*fields)]
