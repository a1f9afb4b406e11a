"""A village with the bodies of 四议两公开, and a matter walked through the pages as the
organiser does it, with voters voting on their phones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from web.deliberation.models import Matter, MatterStep
from web.meetings.models import Attendee, Poll
from web.meetings.testing import print_slips
from web.org.idnumbers import check_digit
from web.org.models import Body, BodySeat, PartyMembership, Person


@dataclass
class Village:
    committee: Body  # 党支部委员会: 3 members
    two_committees: Body  # “两委”联席会议: the 3 above and 2 villagers' committee members
    members: Body  # 党员大会: 6 full members (world.body_a with world.person_a and 5 more)
    reps: Body  # 村民代表会议: 6 representatives


def _person(world: Any, n: int, name: str, *, party: bool) -> Person:
    first17 = f"51010419750101{n:03d}"
    person = Person.objects.create(
        name=name,
        id_number=first17 + check_digit(first17),
        gender="M",
        birth_date=dt.date(1975, 1, 1),
        unit=world.grid_a2,
        unit_path=world.grid_a2.path,
    )
    if party:
        PartyMembership.objects.create(person=person, org=world.branch_a, status="full")
    return person


def make_village(world: Any) -> Village:
    a = world.community_a
    party = [world.person_a] + [_person(world, i, f"党员{i}", party=True) for i in range(1, 6)]
    villagers = [_person(world, 10 + i, f"村民{i}", party=False) for i in range(6)]
    committee = Body.objects.create(
        name="和平社区党支部委员会", kind="party_committee", unit=a, party_org=world.branch_a
    )
    two = Body.objects.create(name="和平社区“两委”联席会议", kind="two_committees", unit=a)
    reps = Body.objects.create(name="和平社区居民代表会议", kind="villager_reps", unit=a)
    for p in party[:3]:
        BodySeat.objects.create(body=committee, person=p)
    for p in party[:3] + villagers[:2]:
        BodySeat.objects.create(body=two, person=p)
    for p in party[1:]:
        BodySeat.objects.create(body=world.body_a, person=p)
    for p in villagers:
        BodySeat.objects.create(body=reps, person=p)
    return Village(committee=committee, two_committees=two, members=world.body_a, reps=reps)


def propose(
    client: Any,
    world: Any,
    *,
    chain: str = "four_deliberations",
    kind: str = "project",
    title: str = "修建村道",
    status: int = 302,
) -> Matter:
    r = client.post(
        f"/staff/units/{world.community_a.pk}/matters/",
        {"title": title, "kind": kind, "chain": chain, "description": "村道硬化 2 公里，预算 40 万元"},
    )
    assert r.status_code == status, r.content.decode()[:2000]
    return Matter.objects.order_by("-id").first()


def current(matter: Matter) -> MatterStep:
    step = matter.current_step
    assert step is not None
    return step


def post_step(client: Any, matter: Matter, step: MatterStep, action: str, data: dict[str, Any] | None = None) -> Any:
    response = client.post(f"/staff/matters/{matter.pk}/steps/{step.pk}/{action}", data or {}, follow=True)
    assert_home_agrees(matter)
    return response


def assert_home_agrees(matter: Matter) -> None:
    """The home page's item for ``matter`` (``web.deliberation.attention``, which reads only the
    columns its kinds' blockers need and the units' bodies and the gates of all the matters it
    lists at once) says what its current step's kind gives from the step read afresh, whole:
    checked after every step the tests take."""
    from web.common import clock
    from web.common.attention import Asking
    from web.deliberation.attention import _OPEN, STEPS_WAITING, _is_late, _sentence

    fresh = Matter.objects.get(pk=matter.pk)
    asking = Asking(user=fresh.proposed_by, now=clock.now())
    found = STEPS_WAITING.find(asking)
    shown = [(i.text, i.late) for i in (found.items if found else []) if i.url == f"/staff/matters/{matter.pk}/"]
    step = fresh.current_step
    if step is None or fresh.state not in _OPEN:
        assert shown == []
        return
    assert shown == [(_sentence(step), _is_late(step, asking))]


def messages_of(response: Any) -> list[str]:
    """What the page says: its messages, and the sentences on a step's form sent back to the
    person (refused or mistyped: the matter page again, with what they typed)."""
    said = [str(m) for m in response.context["messages"]]
    sent = response.context.get("sent")
    if sent is not None:
        said += [str(e) for errors in sent.errors.values() for e in errors]
    return said


def hold(client: Any, matter: Matter, body: Body) -> MatterStep:
    step = current(matter)
    r = post_step(client, matter, step, "hold", {"body": body.pk, "starts_at": "2026-03-10T09:00", "place": "村委会"})
    step.refresh_from_db()
    assert step.poll_id, messages_of(r)
    return step


def hold_and_vote(
    client: Any, anonymous: Any, matter: Matter, body: Body, *, present: int, yes: int, no: int = 0
) -> Any:
    """Convene the current step's meeting, check in ``present`` voters, let ``yes`` vote for and
    ``no`` against on their phones, count, and conclude the step. Returns the conclusion page."""
    step = hold(client, matter, body)
    meeting, poll = step.meeting, step.poll
    assert client.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 302
    voters = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).order_by("id"))
    for a in voters[:present]:
        assert client.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": a.pk}).status_code == 302
    assert client.post(f"/staff/polls/{poll.pk}/open/").status_code == 302
    pile = print_slips(client, poll, present)
    for a, vote, code in zip(voters[:present], ["yes"] * yes + ["no"] * no, pile, strict=False):
        assert client.post(f"/staff/polls/{poll.pk}/issue", {"attendee": a.pk}).status_code == 302
        r = anonymous.post("/vote/cast", {"code": code, "poll": poll.pk, "vote": vote})
        assert r.status_code == 200, r.content.decode()[:500]
    client.post(f"/staff/polls/{poll.pk}/close/")
    poll.refresh_from_db()
    assert poll.state == Poll.State.CLOSED
    assert_home_agrees(matter)  # counted, not concluded yet
    return post_step(client, matter, step, "conclude")
