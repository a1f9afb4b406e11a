"""A democratic recommendation in community A's members' meeting, for tests: classes A and B of
recommenders among the meeting's voters, phone codes handed out by class."""

from __future__ import annotations

from typing import Any

from web.meetings import actions as meeting_actions
from web.meetings.models import Meeting, Poll
from web.meetings.testing import make_meeting
from web.recommendations import actions
from web.recommendations.actions import ClassSpec
from web.recommendations.models import Recommendation

NAMES = ["王芳", "李强", "张伟", "刘洋"]
CLASSES = [ClassSpec("A", "领导班子成员", "社区两委班子成员", 3), ClassSpec("B", "党员代表", "社区党员", 5)]


def open_meeting(world: Any, voters: int = 8) -> tuple[Meeting, list[Any]]:
    meeting = make_meeting(world, voters=voters, probationary=0)
    meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    present = [
        meeting_actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.filter(kind="voter").order_by("id")
    ]
    return meeting, present


def create(world: Any, meeting: Meeting, **kwargs: Any) -> Recommendation:
    defaults: dict[str, Any] = {
        "unit": world.community_a,
        "title": "社区党委书记人选民主推荐",
        "post": "社区党委书记",
        "places": 1,
        "names": NAMES,
        "classes": CLASSES,
        "meeting": meeting,
    }
    return actions.do_create_recommendation(acting_user=world.organiser, **(defaults | kwargs))


def class_poll(rec: Recommendation, key: str) -> Poll:
    return rec.classes.get(key=key).poll


def open_class(world: Any, rec: Recommendation, key: str, attendees: list[Any]) -> tuple[Poll, list[str]]:
    """Open the class's poll and hand its code slips to ``attendees``; the codes in order."""
    poll = meeting_actions.do_open_poll(poll=class_poll(rec, key), acting_user=world.organiser)
    return poll, meeting_actions.hand_out_codes(poll, attendees)


def pick_post(poll: Poll, names: list[str]) -> dict[str, Any]:
    keys = {c.name: c.key for c in poll.candidates.all()}
    return {"pick": [keys[n] for n in names]}


def cast(client: Any, poll: Poll, code: str, names: list[str]) -> Any:
    data: dict[str, Any] = {"code": code, "poll": poll.pk, **pick_post(poll, names)}
    if not names:
        data |= {"step": "blank", "blank": "confirmed"}
    return client.post("/vote/cast", data)


def hold(world: Any, client: Any, rec: Recommendation, forms: dict[str, list[list[str]]], present: list[Any]) -> None:
    """Each class fills its forms by phone (``forms[key]`` one list of names per form), then its
    poll is closed and counted."""
    start = 0
    for key, lists in forms.items():
        poll, codes = open_class(world, rec, key, present[start : start + len(lists)])
        start += len(lists)
        for code, names in zip(codes, lists, strict=True):
            assert cast(client, poll, code, names).status_code == 200
        meeting_actions.do_close_poll(poll=poll, acting_user=world.organiser)


def published(world: Any) -> Recommendation:
    """A recommendation of community A held in a meeting of its own (no form filled), counted
    and published: for the pages' access table."""
    from django.utils import timezone

    meeting = meeting_actions.do_create_meeting(
        body=world.body_a, title="民主推荐会", starts_at=timezone.now(), acting_user=world.organiser
    )
    meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    rec = create(world, meeting)
    for c in rec.classes.all():
        poll = meeting_actions.do_open_poll(poll=c.poll, acting_user=world.organiser)
        meeting_actions.do_close_poll(poll=poll, acting_user=world.organiser)
    rec = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    return actions.do_publish_recommendation(recommendation=rec, acting_user=world.organiser)
