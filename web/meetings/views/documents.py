"""Printable documents (PDF): the announcement of a poll's result and the record of the meeting
(anyone who can see the poll pages may print them), and the members' cards of a body (its staff).
Each is made in the background (web.downloads): the page asks for it, after the same checks as
before, and shows its progress; the job checks again and makes it (web.meetings.downloads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from web.accounts.actors import acting
from web.downloads import kinds
from web.downloads.actions import do_request_download
from web.meetings import queries
from web.meetings.models import Poll

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def requested(
    request: HttpRequest,
    kind: kinds.Kind,
    parameters: dict[str, Any],
    *,
    subject: str,
    unit_id: int,
    name: StrOrPromise | None = None,
) -> HttpResponse:
    """Ask for the document and go to its page (progress, then the file)."""
    download = do_request_download(
        kind=kind.key,
        parameters=parameters,
        subject=subject,
        unit_id=unit_id,
        name=name,
        acting_user=acting(request),
    )
    return redirect(download)


@require_GET
@login_required
def announcement_pdf(request: HttpRequest, poll_id: int) -> HttpResponse:
    """当选公告 / 表决结果公告 of a counted poll; refused, with the reason, before the count."""
    poll = queries.access_poll(request.user, poll_id)
    if poll.state != Poll.State.CLOSED or not poll.result:
        messages.error(request, _("投票结束计票后才能生成结果公告。"))
        return redirect(poll)
    names = {
        Poll.Kind.MOTION: _("表决结果公告"),
        Poll.Kind.APPRAISAL: _("测评结果公告"),
        Poll.Kind.RECOMMENDATION: _("民主推荐结果公告"),
    }
    name = names.get(Poll.Kind(poll.kind), _("当选公告"))
    parameters = {"poll": poll.pk, "site": request.build_absolute_uri("/")}
    return requested(
        request, kinds.ANNOUNCEMENT, parameters, subject=poll.title, unit_id=poll.meeting.body.unit_id, name=name
    )


@require_GET
@login_required
def meeting_record_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """会议记录: attendance, officers and every poll's count — no ballot joined to a person."""
    meeting = queries.access_meeting(request.user, meeting_id)
    parameters = {"meeting": meeting.pk, "site": request.build_absolute_uri("/")}
    return requested(request, kinds.MEETING_RECORD, parameters, subject=meeting.title, unit_id=meeting.body.unit_id)


@require_GET
@login_required
def member_cards_pdf(request: HttpRequest, body_id: int) -> HttpResponse:
    """成员卡 / 党员卡 of everyone on a body's roster, eight to an A4 page, each with its QR code."""
    from web.org.queries import access_body

    body = access_body(request.user, body_id, manage=True)
    name = _("党员卡") if body.party_org_id else None
    return requested(request, kinds.MEMBER_CARDS, {"body": body.pk}, subject=body.name, unit_id=body.unit_id, name=name)
