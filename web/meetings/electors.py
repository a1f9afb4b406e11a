"""Who may receive a poll's form, when not the whole roster: a poll may name its electors
(``PollElector``), e.g. one class of recommenders in a meeting where each class fills its own
form (``web.recommendations``). The desk then hands a form only to a checked-in attendee on that
list; the list says who may receive one, never who did or what they marked."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from web.meetings.errors import MeetingError
from web.meetings.models import Attendee, Meeting, Poll, PollElector
from web.org.models import Person


def set_electors(poll: Poll, people: Iterable[Person]) -> int:
    """Name the people who may receive ``poll``'s forms, before any is handed out; each must be on
    the roster of the poll's meeting (its body's seats, or its frozen roster once it opened).
    Called inside the action that sets the poll up, which audits it; returns how many."""
    people = list(people)
    if poll.issues.exists():
        raise MeetingError(_("已经开始发票，不能再改领票名单。"), code="issued_already")
    meeting = poll.meeting
    on_roster = set(roster_people(meeting).values_list("pk", flat=True))
    outside = [p.name for p in people if p.pk not in on_roster]
    if outside:
        raise MeetingError(
            _("%(names)s 不在会议“%(meeting)s”的名册中。") % {"names": _("、").join(outside), "meeting": meeting.title},
            code="not_on_roster",
        )
    PollElector.objects.filter(poll=poll).delete()
    PollElector.objects.bulk_create(PollElector(poll=poll, person=p) for p in people)
    return len(people)


def roster_people(meeting: Meeting) -> QuerySet[Person]:
    """The people on the meeting's roster: its frozen roster once it opened, else its body's seats."""
    if meeting.attendees.exists():
        return Person.objects.filter(attendances__meeting=meeting)
    return Person.objects.filter(seats__body_id=meeting.body_id).distinct()


def refuse_unless_elector(poll: Poll, attendee: Attendee) -> None:
    """Refused with a sentence when the poll names its electors and the attendee is not one."""
    found = PollElector.objects.filter(poll=poll).aggregate(
        listed=Count("id"), here=Count("id", filter=Q(person_id=attendee.person_id))
    )  # one read at the desk, whether or not the poll has a list
    if not found["listed"] or found["here"]:
        return
    if poll.kind == Poll.Kind.RECOMMENDATION:
        text = _("%(name)s 不在这一类别的推荐人名单中，不能领取“%(poll)s”。")
    else:
        text = _("%(name)s 不在这项投票的领票名单中，不能领取“%(poll)s”的选票。")
    raise MeetingError(text % {"name": attendee.person.name, "poll": poll.title}, code="not_an_elector")


def electors_of(poll: Poll) -> set[int]:
    """The people (ids) who may receive the poll's forms; empty when the whole roster may."""
    return set(PollElector.objects.filter(poll=poll).values_list("person_id", flat=True))
