"""The public board of the congress (``/board/congress/``): each congress meeting's work reports
with their rating (in the engine's words, once counted) and the two committees' approvals, and
its inquiries with both answers. Published as soon as they exist: an inquiry is public when
filed, its answers when recorded. Nothing here names who rated or voted what."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from web.common.listing import Filter, by_state, listing
from web.congress import queries
from web.congress.models import Inquiry, WorkReport
from web.congress.views import document_response
from web.meetings.models import Meeting
from web.org.models import Body


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    meetings = listing(
        request,
        queries.congress_meetings(),
        search=lambda rows, q: rows.filter(title__contains=q),
        placeholder=gettext_lazy("会议名称"),
        per_page=20,
    )
    return render(request, "congress/board_index.html", {"meetings": meetings})


@require_GET
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = (
        Meeting.objects.filter(pk=meeting_id, body__kind=Body.Kind.CONGRESS)
        .select_related("body__unit", "report_rating__poll")
        .first()
    )
    if found is None:
        raise Http404
    reports = queries.agenda(found)
    rating = getattr(found, "report_rating", None)
    # the board shows a rating once the meetings app published it (as every poll's result)
    published = rating is not None and rating.poll.published_at is not None
    return render(
        request,
        "congress/board_meeting.html",
        {
            "meeting": found,
            "reports": reports,
            "rated": any(r.rated for r in reports),
            "rating": rating,
            "published": published,
            "record_url": reverse("portal:result_record", args=[found.body.unit.code, rating.poll_id])
            if published and rating is not None
            else "",
            "inquiries": listing(
                request,
                queries.inquiries_of(found),
                search=queries.search,
                filters=[Filter("state", gettext_lazy("状态"), by_state, choices=Inquiry.State.choices)],
                placeholder=gettext_lazy("编号、内容、部门或代表姓名"),
                per_page=20,
            ),
        },
    )


@require_GET
def document(request: HttpRequest, report_id: int) -> FileResponse:
    report = WorkReport.objects.filter(pk=report_id, meeting__body__kind=Body.Kind.CONGRESS).first()
    if report is None:
        raise Http404
    return document_response(report)
