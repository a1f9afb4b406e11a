"""Who may see and do what in a congress meeting's work reports and inquiries.

- The meeting's readers and managers are the meetings app's (``web.meetings.queries``): the
  congress's liaison office (staff who manage the body's unit) manages the agenda, creates the
  rating and the approval polls and records the answers; the representatives, members of the
  body, read the meeting, the agenda and every inquiry of it.
- A representative files inquiries on their own seat only: a seat of post ``representative`` on
  the meeting's congress held by the signed-in person, read as it is now inside the action.
- Everything is published on the board (``web.congress.board``): reports with their ratings and
  approvals, inquiries with their answers."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from web.congress.errors import CongressError
from web.congress.models import Inquiry, WorkReport
from web.meetings.models import Meeting
from web.meetings.queries import check_meeting
from web.org.models import Body, BodySeat
from web.org.queries import can_manage_path


def is_congress(meeting: Meeting) -> bool:
    return bool(meeting.body.kind == Body.Kind.CONGRESS)


def access_meeting(user: Any, meeting_id: int, *, manage: bool = False) -> Meeting:
    """A congress meeting the user may read (or manage): 404 for any other meeting."""
    meeting = Meeting.objects.filter(pk=meeting_id, body__kind=Body.Kind.CONGRESS).select_related("body__unit").first()
    if meeting is None:
        raise Http404
    check_meeting(user, meeting, manage=manage)
    return meeting


def access_inquiry(user: Any, inquiry_id: int) -> Inquiry:
    inquiry = (
        Inquiry.objects.filter(pk=inquiry_id).select_related("meeting__body__unit", "seat__person", "filed_by").first()
    )
    if inquiry is None:
        raise Http404
    check_meeting(user, inquiry.meeting)
    return inquiry


def access_report(user: Any, report_id: int) -> WorkReport:
    report = WorkReport.objects.filter(pk=report_id).select_related("meeting__body__unit").first()
    if report is None:
        raise Http404
    check_meeting(user, report.meeting)
    return report


def manages(user: Any, meeting: Meeting) -> bool:
    """The congress's liaison office: staff who manage the meeting body's unit."""
    return bool(getattr(user, "is_authenticated", False)) and can_manage_path(user, meeting.body.unit.path)


def seat_of(user: Any, meeting: Meeting) -> BodySeat | None:
    """The user's own representative seat on the meeting's congress, as it is now."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    return (
        BodySeat.objects.filter(body_id=meeting.body_id, person_id=person_id, post=BodySeat.Post.REPRESENTATIVE)
        .select_related("person")
        .first()
    )


def refuse(message: object, code: str, status: int = 409) -> CongressError:
    return CongressError(message, code=code, status=status)


def check_manages(user: Any, meeting: Meeting) -> None:
    if not manages(user, meeting):
        raise refuse(_("只有党代表联络工作人员（管理本次会议的工作人员）可以这样做。"), "not_liaison", 403)
