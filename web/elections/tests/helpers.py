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
    response = client.post(f"/staff/elections/{election.pk}/stages/{s.pk}/{name}", data or {}, follow=True)
    assert_home_agrees(election)
    return response


def advance(client: Any, election: Election, kind: str, *, nth: int = 0) -> Any:
    s = stage(election, kind, nth)
    response = client.post(f"/staff/elections/{election.pk}/stages/{s.pk}/advance", follow=True)
    assert_home_agrees(election)
    return response


def assert_home_agrees(election: Election) -> None:
    """The home page's sentence for ``election`` (``web.elections.attention``, which reads the
    active stages of all the elections it lists at once) is the one its stage's kind gives from
    the election and its stages read afresh, whole: checked after every step the tests take."""
    from web.common import clock
    from web.common.attention import Asking
    from web.elections.attention import ELECTIONS, _sentence

    fresh = Election.objects.get(pk=election.pk)
    found = ELECTIONS.find(Asking(user=fresh.created_by, now=clock.now()))
    url = f"/staff/elections/{election.pk}/"
    shown = [i.text for i in (found.items if found else []) if i.url == url]
    if fresh.state == Election.State.DONE:
        assert shown == []
        return
    assert shown == [_sentence(fresh, list(fresh.stages.filter(state=Stage.State.ACTIVE)))]


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


def posted(form: Any) -> dict[str, Any]:
    """What a browser sends for a settings form as it is shown, untouched."""
    from django import forms

    from web.common.presetfield import TEXT, PresetField

    data: dict[str, Any] = {}
    for name, fld in form.fields.items():
        key, value = form.add_prefix(name), form.get_initial_for_field(fld, name)
        if isinstance(fld, PresetField):
            data[key], data[key + TEXT] = fld.widget.split(value)
        elif isinstance(fld, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(fld, forms.MultipleChoiceField):
            data[key] = list(value or [])
        elif value is not None:
            data[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return data


def adjust(client: Any, election: Election, kind: str, **changes: Any) -> Any:
    """Adjust one stage's settings on the election page: its form as shown, with ``changes``."""
    from web.elections.kinds import KINDS

    s = stage(election, kind)
    form = KINDS[kind].settings_form(settings=s.settings, step=s, prefix=f"s{s.pk}")
    data = posted(form) | {form.add_prefix(k): v for k, v in changes.items()}
    return client.post(f"/staff/elections/{election.pk}/stages/{s.pk}/settings", data, follow=True)
