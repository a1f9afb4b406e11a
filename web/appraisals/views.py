"""The staff pages of appraisal sessions: the list (the sessions of the units one reads), the
form that sets one up, and the session page with its steps, its result in the engine's words,
the flags to review and the open record. A refused step shows the page again with the sentence
(its status: 403, 409 or 422); nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.appraisals import actions, commitments, departments, queries, words
from web.appraisals.errors import AppraisalError
from web.appraisals.forms import ReviewForm, SessionForm
from web.appraisals.models import Session
from web.appraisals.two_way import townships_to_organise
from web.common import clock
from web.common.errors import RefusedStep
from web.common.listing import Filter, by_state, listing
from web.common.numbers import ascii_int
from web.org.models import Unit
from web.org.queries import is_staff_user


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not is_staff_user(request.user):
        raise PermissionDenied
    shown = listing(
        request,
        queries.sessions_for(request.user).order_by("-year", "-id"),
        search=queries.search,
        filters=[Filter("state", gettext_lazy("状态"), by_state, choices=Session.State.choices)],
        placeholder=gettext_lazy("测评名称、单位、测评对象或年度"),
        per_page=20,
    )
    units = queries.units_to_organise(request.user)
    context = {
        "listing": shown,
        "may_create": units.exists(),
        "may_evaluate_departments": units.filter(kind__in=departments.ORGANISING_KINDS).exists(),
        "may_two_way": townships_to_organise(request.user).exists(),
    }
    return render(request, "appraisals/index.html", context)


def _unit_for(request: HttpRequest) -> Unit:
    units = queries.units_to_organise(request.user)
    raw = request.GET.get("unit", "")
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() and raw.isascii() else None
    if unit is None:
        unit = units.first()
    if unit is None:
        raise PermissionDenied
    return unit


def _subjects(form: SessionForm) -> list[actions.SubjectIn]:
    kind = form.cleaned_data["subject_kind"]
    listed: list[actions.SubjectIn] = []
    body = form.roster_body()
    if body is not None:
        listed += [actions.SubjectIn(name=s.person.name, person=s.person) for s in body.seats.select_related("person")]
    listed += [actions.SubjectIn(name=n, kind=kind) for n in form.names()]
    return listed


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    unit = _unit_for(request)
    form = SessionForm(
        request.POST or None,
        meetings=queries.meetings_to_hold(unit),
        bodies=queries.bodies_of(unit),
        initial={
            "year": clock.now().year,
            "mode": Session.Mode.PHONE,
            "visibility": "public",
            "meeting": ascii_int(request.GET.get("meeting")),  # a list of raters just made
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = actions.do_create_session(
                    unit=unit,
                    title=d["title"],
                    year=d["year"],
                    mode=d["mode"],
                    raters=d["raters"],
                    scale=d["scale"],
                    subjects=_subjects(form),
                    visibility=d["visibility"],
                    meeting=d.get("meeting"),
                    body=d.get("body"),
                    opens_at=d.get("opens_at"),
                    closes_at=d.get("closes_at"),
                    abstentions_in_base=d["abstentions_in_base"],
                    two_years_end_term=d["two_years_end_term"],
                    acting_user=acting(request),
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("测评已设立。"))
                return redirect("appraisals:session", session_id=session.pk)
    units = queries.units_to_organise(request.user)
    return render(request, "appraisals/new.html", {"form": form, "unit": unit, "units": units}, status=status)


def _session_page(
    request: HttpRequest, session: Session, *, status: int = 200, review_errors: Any = None
) -> HttpResponse:
    return render(
        request,
        "appraisals/session.html",
        {
            "s": session,
            "manages": queries.manages(request.user, session),
            **words.session_context(session),
            "commitment_year": commitments.year_for(session),
            **departments.page_context(session),
            "review_form": ReviewForm(),
        },
        status=status,
    )


@require_GET
@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    return _session_page(request, queries.access_session(request.user, session_id))


STEPS = {
    "open": actions.do_open_session,
    "count": actions.do_count_session,
    "publish": actions.do_publish_session,
    "commitments": commitments.do_take_into_commitments,
}
DONE = {
    "open": gettext_lazy("测评已开始。"),
    "count": gettext_lazy("已结束并由计票程序计票。"),
    "publish": gettext_lazy("结果和公开记录已在公开栏公布。"),
    "commitments": gettext_lazy("已作为公开承诺的年终满意度测评，替代手工录入的数字。"),
}


@require_POST
@login_required
def act(request: HttpRequest, session_id: int, step: str) -> HttpResponse:
    session = queries.access_session(request.user, session_id, manage=True)
    if step not in STEPS:
        raise Http404
    try:
        STEPS[step](session=session, acting_user=acting(request))
    except RefusedStep as exc:
        messages.error(request, str(exc.message))
        session = queries.access_session(request.user, session_id)
        return _session_page(request, session, status=exc.status)
    messages.success(request, str(DONE[step]))
    return redirect("appraisals:session", session_id=session.pk)


@require_POST
@login_required
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    found = queries.access_review(request.user, review_id)
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise AppraisalError(_("请写明组织研究的意见（300 字以内）。"), code="reason_required", status=422)
        actions.do_decide_review(review=found, decision=form.cleaned_data["decision"], acting_user=acting(request))
    except RefusedStep as exc:
        messages.error(request, str(exc.message))
        session = queries.access_session(request.user, found.session_id)
        return _session_page(request, session, status=exc.status)
    messages.success(request, _("研究意见已记录。"))
    return redirect(f"{found.session.get_absolute_url()}#review-{found.pk}")


def record_response(session: Session) -> HttpResponse:
    if session.poll.record is None:
        raise Http404
    response = JsonResponse(session.poll.record, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="appraisal-{session.pk}-record.json"'
    return response


@require_GET
@login_required
def record(request: HttpRequest, session_id: int) -> HttpResponse:
    """The open record (the engine's input) for whoever may read the session: an internal
    session's readers have it too, though the board does not."""
    return record_response(queries.access_session(request.user, session_id))


@require_GET
@login_required
def result(request: HttpRequest, session_id: int) -> HttpResponse:
    """The engine's result as it gave it: what ``jiceng verify`` compares a recount with."""
    session = queries.access_session(request.user, session_id)
    if session.poll.result is None:
        raise Http404
    response = JsonResponse(session.poll.result, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="appraisal-{session.pk}-result.json"'
    return response
