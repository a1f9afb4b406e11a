"""Reads and access checks for meetings and polls: the body's unit decides who sees them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from jiceng.presets import default_for
from web.meetings.models import Attendee, Candidate, Meeting, Poll
from web.org.models import Body, BodySeat, PartyMembership, Role
from web.org.queries import check_path

#: roles tied to a body that make their holder one of its members
MEMBER_ROLES = (Role.Kind.REPRESENTATIVE, Role.Kind.COMMITTEE_MEMBER)


def is_member_of(user: Any, body: Body) -> bool:
    """Whether ``user`` sits on ``body``: their roster person holds a seat on it, or they hold a
    representative's or committee member's role tied to it. Members read the body's meetings and
    polls (the minutes of what they sit in), and change nothing there."""
    if not getattr(user, "is_authenticated", False):
        return False
    person_id = getattr(user, "person_id", None)
    if person_id is not None and BodySeat.objects.filter(body=body, person_id=person_id).exists():
        return True
    return Role.objects.filter(user=user, body=body, kind__in=MEMBER_ROLES).exists()


def check_body(user: Any, body: Body, *, manage: bool = False, joint: Body | None = None) -> None:
    """Staff access to the body's unit (``check_path``), or a member's reading: a member of the
    body (or of ``joint``, the other body of a joint meeting) who is not staff there reads its
    meetings and polls and is refused any change with 403; anyone else gets 404, as outside
    their units."""
    try:
        check_path(user, body.unit.path, manage=manage)
    except Http404:
        if not any(is_member_of(user, b) for b in (body, joint) if b is not None):
            raise
        if manage:
            raise PermissionDenied from None


def reads_body(user: Any, body: Body) -> bool:
    """Whether ``user`` reads the body's own pages (all its meetings), not only one meeting of
    it as that meeting's officer."""
    try:
        check_body(user, body)
    except Http404:
        return False
    return True


def access_body(user: Any, body_id: int, *, manage: bool = False) -> Body:
    body = Body.objects.filter(pk=body_id).select_related("unit", "party_org").first()
    if body is None:
        raise Http404
    check_body(user, body, manage=manage)
    return body


#: bodies whose members vote only as full party members (条例 2020, DOMAIN.md §5.1)
PARTY_BODIES = frozenset(
    {
        Body.Kind.MEMBERS_MEETING,
        Body.Kind.PARTY_COMMITTEE,
        Body.Kind.FULL_COMMITTEE,
        Body.Kind.STANDING_COMMITTEE,
        Body.Kind.CONGRESS,
    }
)

#: a meeting's quorum where its kind of body has no statutory one
FALLBACK_QUORUM = "present >= 4/5 of expected"


def statutory_quorum(body_kind: str) -> str:
    """The quorum rule of a kind of body (``jiceng.presets``), as the engine reads it."""
    preset = default_for("quorum", body_kind)
    return preset.rule if preset is not None and isinstance(preset.rule, str) else FALLBACK_QUORUM


def expected_of(body: Body) -> int:
    """How many a new meeting of the body will expect: its members with the vote (as
    ``do_create_meeting`` makes the roster), before any is excluded."""
    seats = body.seats.all()
    if body.kind in PARTY_BODIES:
        seats = seats.filter(person__membership__status__in=PartyMembership.VOTING_STATUSES)
    return seats.count()


def check_meeting(user: Any, meeting: Meeting, *, manage: bool = False) -> None:
    """``check_body`` for the meeting's body; besides, the meeting's own officers (an appointed
    teller, who may sit on no body of the unit) read the meeting and its polls, the work they
    were chosen for, and are refused any change with 403."""
    try:
        check_body(user, meeting.body, manage=manage, joint=meeting.joint_body)
    except Http404:
        person_id = getattr(user, "person_id", None)
        if person_id is None or not meeting.officers.filter(person_id=person_id).exists():
            raise
        if manage:
            raise PermissionDenied from None


def access_meeting(user: Any, meeting_id: int, *, manage: bool = False) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("body__unit", "joint_body").first()
    if meeting is None:
        raise Http404
    check_meeting(user, meeting, manage=manage)
    return meeting


def access_poll(user: Any, poll_id: int, *, manage: bool = False) -> Poll:
    poll = Poll.objects.filter(pk=poll_id).select_related("meeting__body__unit", "meeting__joint_body").first()
    if poll is None:
        raise Http404
    check_meeting(user, poll.meeting, manage=manage)
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
