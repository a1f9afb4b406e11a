"""Reads and access checks for meetings and polls: the body's unit decides who sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.meetings.models import Attendee, Candidate, Meeting, Poll
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


def officer_choices(meeting: Meeting) -> QuerySet[Attendee]:
    """Whom the meeting may choose as a scrutineer or teller: people checked in to it, not a
    candidate of any of its polls (by person, or by name for a candidate typed without one),
    and not already one of its officers (DOMAIN.md §2)."""
    candidates = Candidate.objects.filter(poll__meeting=meeting)
    return (
        meeting.attendees.filter(checked_in_at__isnull=False)
        .exclude(person__in=candidates.filter(person__isnull=False).values("person"))
        .exclude(person__name__in=candidates.filter(person__isnull=True).values("name"))
        .exclude(person__in=meeting.officers.values("person"))
        .select_related("person")
        .order_by("id")
    )


def open_poll_for_code(code: str) -> Poll | None:
    """The open poll a voting code belongs to (codes are hashed per poll, so try each)."""
    for poll in Poll.objects.filter(state=Poll.State.OPEN).select_related("meeting__body"):
        if is_code_of(poll, code):
            return poll
    return None


def is_code_of(poll: Poll, code: str) -> bool:
    """Whether ``code`` is one of the poll's voting codes (used or not)."""
    from web.meetings import secrecy
    from web.meetings.models import VotingCode

    return VotingCode.objects.filter(poll=poll, valid_hash=secrecy.valid_hash(poll.pk, code)).exists()


def attendance(meeting: Meeting) -> dict[str, int]:
    """Expected, present (voters checked in) and observers, for the live page and the count;
    in a joint meeting also ``<group>.expected`` and ``<group>.present`` per group."""
    rows = meeting.attendees.all().values_list("kind", "excluded", "checked_in_at", "group")
    expected = sum(1 for kind, excluded, _at, _g in rows if kind == Attendee.Kind.VOTER and not excluded)
    present = sum(1 for kind, excluded, at, _g in rows if kind == Attendee.Kind.VOTER and not excluded and at)
    observers = sum(1 for kind, _e, at, _g in rows if kind == Attendee.Kind.OBSERVER and at)
    excluded = sum(1 for kind, exc, _at, _g in rows if kind == Attendee.Kind.VOTER and exc)
    counts = {"expected": expected, "present": present, "observers": observers, "excluded": excluded}
    for name in sorted({g for *_r, g in rows if g}):
        voters = [(exc, at) for kind, exc, at, g in rows if g == name and kind == Attendee.Kind.VOTER]
        counts[f"{name}.expected"] = sum(1 for exc, _at in voters if not exc)
        counts[f"{name}.present"] = sum(1 for exc, at in voters if not exc and at)
    return counts
