"""Printable documents (PDF): the announcement of a poll's result and the record of the meeting
(anyone who can see the poll pages may print them), and the members' cards of a body (its staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from web.meetings import queries
from web.meetings.models import Poll
from web.meetings.pdf import documents


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@login_required
def announcement_pdf(request: HttpRequest, poll_id: int) -> HttpResponse:
    """当选公告 / 表决结果公告 of a counted poll; refused, with the reason, before the count."""
    poll = queries.access_poll(request.user, poll_id)
    if poll.state != Poll.State.CLOSED or not poll.result:
        messages.error(request, _("投票结束计票后才能生成结果公告。"))
        return redirect(poll)
    site = request.build_absolute_uri("/")
    return _pdf(documents.announcement_pdf(poll, site=site), f"announcement-{poll.pk}.pdf")


@require_GET
@login_required
def meeting_record_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """会议记录: attendance, officers and every poll's count — no ballot joined to a person."""
    meeting = queries.access_meeting(request.user, meeting_id)
    site = request.build_absolute_uri("/")
    return _pdf(documents.meeting_record_pdf(meeting, site=site), f"meeting-{meeting.pk}-record.pdf")


@require_GET
@login_required
def member_cards_pdf(request: HttpRequest, body_id: int) -> HttpResponse:
    """成员卡 / 党员卡 of everyone on a body's roster, eight to an A4 page, each with its QR code."""
    from web.org.queries import access_body

    body = access_body(request.user, body_id, manage=True)
    return _pdf(documents.member_cards_pdf(body), f"cards-{body.pk}.pdf")
