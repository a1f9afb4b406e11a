"""The staff pages of a congress meeting's work reports and inquiries.

- The agenda (``agenda``): the reports in order, each with its document and, for the two
  committees' reports, its secret-ballot approval; the rating of the reports; the inquiries of
  the meeting. The liaison office adds reports and starts the votes there; a representative
  files an inquiry there.
- An inquiry (``inquiry``): what was asked, its answers and history; the liaison office records
  the answer on the spot and the written one.
- The representative's own inquiries (``mine``) and the written answers the liaison office owes
  (``owed``), both paged and searchable.

A refused action shows the page again with the sentence and what was typed (its status: 403,
409 or 422); a done one redirects back with a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from web.accounts.actors import acting
from web.common.errors import RefusedStep
from web.common.listing import Filter, by_state, listing
from web.congress import access, actions, queries
from web.congress import forms as f
from web.congress.flow import INQUIRIES
from web.congress.models import Inquiry, WorkReport
from web.meetings.models import Meeting

SEARCH_HINT = gettext_lazy("编号、内容、部门或代表姓名")
STATE_FILTER = Filter("state", gettext_lazy("状态"), by_state, choices=Inquiry.State.choices)


def _agenda_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    report_form: f.ReportForm | None = None,
    inquiry_form: f.InquiryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reports = queries.agenda(meeting)
    manages = access.manages(request.user, meeting)
    seat = access.seat_of(request.user, meeting)
    closed = meeting.state == Meeting.State.CLOSED
    return render(
        request,
        "congress/agenda.html",
        {
            "meeting": meeting,
            "reports": reports,
            "rated": any(r.rated for r in reports),
            "rating_form": f.RatingForm() if manages and not closed else None,
            "rating": getattr(meeting, "report_rating", None),
            "manages": manages,
            "closed": closed,
            "report_form": report_form or (f.ReportForm() if manages and not closed else None),
            "inquiry_form": inquiry_form or (f.InquiryForm() if seat is not None and not closed else None),
            "inquiries": listing(
                request,
                queries.inquiries_of(meeting),
                search=queries.search,
                filters=[STATE_FILTER],
                placeholder=SEARCH_HINT,
                per_page=20,
            ),
        },
        status=status,
    )


@require_GET
@login_required
def agenda(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _agenda_page(request, access.access_meeting(request.user, meeting_id))


def _refused(request: HttpRequest, exc: RefusedStep, form: Any) -> None:
    if form is not None:
        form.add_error(None, str(exc.message))
    else:
        messages.error(request, str(exc.message))


@require_POST
@login_required
def report_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, meeting_id, manage=True)
    form = f.ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _agenda_page(request, meeting, report_form=form, status=422)
    d = form.cleaned_data
    try:
        report = actions.do_add_report(
            meeting=meeting,
            kind=d["kind"],
            committee=d["committee"],
            reporter=d["reporter"],
            post=d["post"],
            title=d["title"],
            document=d["document"],
            acting_user=acting(request),
        )
    except RefusedStep as exc:
        _refused(request, exc, form)
        return _agenda_page(request, meeting, report_form=form, status=exc.status)
    messages.success(request, _("已列入议程：%(title)s") % {"title": report.title})
    return redirect("congress:agenda", meeting_id=meeting.pk)


@require_POST
@login_required
def rating(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, meeting_id, manage=True)
    form = f.RatingForm(request.POST)
    if form.is_valid():
        try:
            made = actions.do_create_rating(
                meeting=meeting, scale=form.cleaned_data["scale"], acting_user=acting(request)
            )
        except RefusedStep as exc:
            messages.error(request, str(exc.message))
            return _agenda_page(request, meeting, status=exc.status)
        messages.success(request, _("述职测评已建立：在会议页面开始测评，代表用手机或纸质测评表评定。"))
        return redirect("meetings:poll", poll_id=made.poll_id)
    messages.error(request, _("请选择测评等级。"))
    return _agenda_page(request, meeting, status=422)


REPORT_STEPS = {
    "remove": (actions.do_remove_report, gettext_lazy("已移出议程。")),
    "approval": (actions.do_create_approval, gettext_lazy("表决已建立，可在会议页面开始投票。")),
}


@require_POST
@login_required
def report_step(request: HttpRequest, report_id: int, step: str) -> HttpResponse:
    report = access.access_report(request.user, report_id)
    if step not in REPORT_STEPS:
        raise Http404
    access.access_meeting(request.user, report.meeting_id, manage=True)
    run, done = REPORT_STEPS[step]
    try:
        run(report=report, acting_user=acting(request))
    except RefusedStep as exc:
        messages.error(request, str(exc.message))
        return _agenda_page(request, report.meeting, status=exc.status)
    messages.success(request, str(done))
    return redirect("congress:agenda", meeting_id=report.meeting_id)


def document_response(report: WorkReport) -> FileResponse:
    if not report.document:
        raise Http404
    name = report.document_name or f"{report.title}.pdf"
    response = FileResponse(report.document.open("rb"), content_type="application/pdf", filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def document(request: HttpRequest, report_id: int) -> FileResponse:
    return document_response(access.access_report(request.user, report_id))


@require_POST
@login_required
def inquiry_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, meeting_id)
    form = f.InquiryForm(request.POST)
    if not form.is_valid():
        return _agenda_page(request, meeting, inquiry_form=form, status=422)
    d = form.cleaned_data
    try:
        inquiry = actions.do_file_inquiry(
            meeting=meeting, to=d["to"], to_name=d["to_name"], text=d["text"], acting_user=acting(request)
        )
    except RefusedStep as exc:
        _refused(request, exc, form)
        return _agenda_page(request, meeting, inquiry_form=form, status=exc.status)
    messages.success(
        request,
        _("询问已提出（编号 %(n)s），书面答复期限 %(due)s。") % {"n": inquiry.pk, "due": inquiry.answer_by.isoformat()},
    )
    return redirect("congress:inquiry", inquiry_id=inquiry.pk)


ANSWERS: dict[str, tuple[type[f.SpotAnswerForm] | type[f.WrittenAnswerForm], Any, Any]] = {
    "spot": (f.SpotAnswerForm, actions.do_answer_on_spot, gettext_lazy("现场答复已记录。")),
    "written": (f.WrittenAnswerForm, actions.do_answer_in_writing, gettext_lazy("书面答复已记录并公开。")),
}
#: the move each answer makes (its form is offered only where the move may be made)
MOVES = {"spot": "answer_spot", "written": "answer_writing"}


def _inquiry_page(
    request: HttpRequest, inquiry: Inquiry, *, sent: tuple[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    manages = access.manages(request.user, inquiry.meeting)
    forms = {}
    if manages:
        for name, (form_class, _run, _done) in ANSWERS.items():
            if inquiry.state in INQUIRIES.moves[MOVES[name]].leaves:
                forms[name] = sent[1] if sent and sent[0] == name else form_class(prefix=name)
    return render(
        request,
        "congress/inquiry.html",
        {
            "inquiry": inquiry,
            "manages": manages,
            "forms": forms,
            "events": list(inquiry.events.select_related("by").order_by("id")),
        },
        status=status,
    )


@require_GET
@login_required
def inquiry(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    return _inquiry_page(request, access.access_inquiry(request.user, inquiry_id))


@require_POST
@login_required
def inquiry_step(request: HttpRequest, inquiry_id: int, step: str) -> HttpResponse:
    item = access.access_inquiry(request.user, inquiry_id)
    if step not in ANSWERS:
        raise Http404
    access.access_meeting(request.user, item.meeting_id, manage=True)
    form_class, run, done = ANSWERS[step]
    form = form_class(request.POST, prefix=step)
    if not form.is_valid():
        return _inquiry_page(request, item, sent=(step, form), status=422)
    try:
        run(inquiry=item, acting_user=acting(request), **form.cleaned_data)
    except RefusedStep as exc:
        form.add_error(None, str(exc.message))
        return _inquiry_page(
            request, access.access_inquiry(request.user, inquiry_id), sent=(step, form), status=exc.status
        )
    messages.success(request, str(done))
    return redirect("congress:inquiry", inquiry_id=item.pk)


def _list_page(request: HttpRequest, rows: Any, *, title: Any, intro: Any, empty: Any) -> HttpResponse:
    return render(
        request,
        "congress/list.html",
        {
            "title": title,
            "intro": intro,
            "empty": empty,
            "inquiries": listing(request, rows, search=queries.search, filters=[STATE_FILTER], placeholder=SEARCH_HINT),
        },
    )


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        queries.own_inquiries(request.user),
        title=_("我提出的询问"),
        intro=_("您在党代会上提出的询问和它们的答复。书面答复由党代表联络工作人员记录并公开。"),
        empty=_("您还没有提出过询问。询问在党代会会前或会议期间，从会议的述职议程页面提出。"),
    )


@require_GET
@login_required
def owed(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        queries.owed_by(request.user),
        title=_("待记录的询问书面答复"),
        intro=_("您负责的党代会上，书面答复还没有记录的询问，期限最近的在前。"),
        empty=_("没有等待书面答复的询问。"),
    )
