"""Walking an election through the pages, as the organiser does, and voting as voters do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.elections.models import Election, Stage
from web.meetings.models import Attendee, Meeting, Poll
from web.meetings.testing import add_members, print_slips

T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


class Clock:
    """The one clock (``web.common.clock.now``), frozen and moved by hand."""

    def __init__(self) -> None:
        self.at = T0

    def now(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


def stage(election: Election, kind: str, nth: int = 0) -> Stage:
    return list(election.stages.filter(kind=kind))[nth]


def step(
    client: Any, election: Election, kind: str, name: str, data: dict[str, Any] | None = None, *, nth: int = 0
) -> Any:
    s = stage(election, kind, nth)
    return client.post(f"/staff/elections/{election.pk}/stages/{s.pk}/{name}", data or {}, follow=True)


def advance(client: Any, election: Election, kind: str, *, nth: int = 0) -> Any:
    s = stage(election, kind, nth)
    return client.post(f"/staff/elections/{election.pk}/stages/{s.pk}/advance", follow=True)


def page(client: Any, election: Election) -> Any:
    return client.get(f"/staff/elections/{election.pk}/")


def create(client: Any, body_id: int, template: str, title: str = "和平社区党支部换届选举") -> Election:
    r = client.post(f"/staff/bodies/{body_id}/elections/", {"title": title, "template": template})
    assert r.status_code == 302, r.content.decode()[:2000]
    return Election.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))


def members(world: Any, n: int, *, start: int = 0) -> list[Any]:
    return add_members(world, n, start=start)


def open_and_check_in(client: Any, meeting: Meeting) -> None:
    assert client.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 302
    for a in meeting.attendees.filter(kind=Attendee.Kind.VOTER):
        assert client.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": a.pk}).status_code == 302


def vote(client: Any, anonymous: Any, poll: Poll, ballots: list[dict[str, str]]) -> None:
    """Open the poll, hand each checked-in voter a code, cast each ballot on the phone page
    (by candidate name), then close and count."""
    assert client.post(f"/staff/polls/{poll.pk}/open/").status_code == 302
    keys = {c.name: c.key for c in poll.candidates.all()}
    voters = poll.meeting.attendees.filter(kind=Attendee.Kind.VOTER, checked_in_at__isnull=False)
    pile = print_slips(client, poll, len(voters))
    for attendee, marks, code in zip(voters, ballots, pile, strict=False):
        assert client.post(f"/staff/polls/{poll.pk}/issue", {"attendee": attendee.pk}).status_code == 302
        data = {"code": code, "poll": poll.pk} | {f"mark-{keys[n]}": m for n, m in marks.items()}
        r = anonymous.post("/vote/cast", data)
        assert r.status_code == 200, r.content.decode()[:500]
    r = client.post(f"/staff/polls/{poll.pk}/close/", follow=True)
    assert r.status_code == 200
    poll.refresh_from_db()
    assert poll.state == Poll.State.CLOSED, [str(m) for m in r.context["messages"]]


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]
