"""Reads and access checks for meetings and polls: the body's unit decides who sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.meetings.models import Attendee, Meeting, Poll
from web.org.queries import check_path


def access_meeting(user: Any, meeting_id: int, *, manage: bool = False) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("body__unit").first()
    if meeting is None:
        raise Http404
    check_path(user, meeting.body.unit.path, manage=manage)
    return meeting


def access_poll(user: Any, poll_id: int, *, manage: bool = False) -> Poll:
    poll = Poll.objects.filter(pk=poll_id).select_related("meeting__body__unit").first()
    if poll is None:
        raise Http404
    check_path(user, poll.meeting.body.unit.path, manage=manage)
    return poll


def roster(meeting: Meeting, *, q: str = "") -> QuerySet[Attendee]:
    qs = meeting.attendees.select_related("person", "person__membership")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(person__name__contains=q) | Q(person__id_number__endswith=q.upper()) | Q(person__phone__endswith=q)
        )
    return qs.order_by("id")


def open_poll_for_code(code: str) -> Poll | None:
    """The open poll a voting code belongs to (codes are hashed per poll, so try each)."""
    from web.meetings import secrecy
    from web.meetings.models import VotingCode

    for poll in Poll.objects.filter(state=Poll.State.OPEN).select_related("meeting"):
        if VotingCode.objects.filter(poll=poll, valid_hash=secrecy.valid_hash(poll.pk, code)).exists():
            return poll
    return None
