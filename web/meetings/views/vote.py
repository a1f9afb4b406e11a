"""Voting by phone: no sign-in, one code, one ballot, a receipt. Works on a small screen.

The code travels in the POST body only (the QR link puts it after ``#``, which browsers do
not send), so it appears in no URL and no access log. It is never kept on the server between
pages either (no session: a session row written as the voter goes would sit in the database's
log beside the desk's record of the slip): each page carries it on in its form. So the pages'
language switch posts the page's own form (``switches_language_in_form``) and a wrong code comes
back filled in, to be corrected.

The receipt page shows the choice from the ballot just posted; nothing else keeps it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from web.common.http import language_chosen_in, no_store, switches_language_in_form
from web.common.numbers import is_ascii_digits
from web.meetings import actions, appraisal, ballots, queries, recommendation, sealing, secrecy
from web.meetings.errors import CODE_UNKNOWN, CODE_USED, POLL_NOT_OPEN, MeetingError
from web.meetings.models import Poll

#: what the phone pages post for a code: the box takes 40 characters (dashes and spaces allowed)
TYPED_MAX = 40
#: the blank-ballot question's step, posted back by its buttons
BLANK_STEP = "blank"


def _code_page(request: HttpRequest, *, error: Any = "", status: int = 200) -> HttpResponse:
    typed = request.POST.get("code", "")[:TYPED_MAX] if request.method == "POST" else ""
    return render(request, "meetings/vote_code.html", {"typed": typed, "error": error}, status=status)


def _ballot_context(poll: Poll, code: str) -> dict[str, Any]:
    return {"poll": poll, "meeting": poll.meeting, "code": code}


def _ballot_page(request: HttpRequest, poll: Poll, code: str, *, error: str = "", status: int = 200) -> HttpResponse:
    extra: dict[str, Any]
    if poll.kind == Poll.Kind.APPRAISAL:
        rows = appraisal.as_posted(poll, request.POST)
        extra = {"grades": appraisal.grades_of(poll.rules)}
    elif poll.kind == Poll.Kind.RECOMMENDATION:
        rows, extra = recommendation.as_posted(poll, request.POST), {"places": recommendation.places_of(poll)}
    else:
        rows, extra = ballots.as_posted(poll, request.POST), {}
    context = _ballot_context(poll, code) | extra | {"error": error, "rows": rows, "vote": request.POST.get("vote", "")}
    return render(request, "meetings/vote_ballot.html", context, status=status)


def _blank_question(request: HttpRequest, poll: Poll, code: str) -> HttpResponse:
    """Asked before a ballot with no mark is cast; an appraisal form also before one that leaves
    subjects ungraded (when its rules say ask). The marks made ride along in hidden fields, so
    going back or confirming posts the same form; a form the server refuses goes back at once."""
    context = _ballot_context(poll, code) | {"step": BLANK_STEP}
    if poll.kind == Poll.Kind.APPRAISAL:
        try:
            content = ballots.clean_content(poll, request.POST)
        except MeetingError as exc:
            return _ballot_page(request, poll, code, error=str(exc.message), status=422)
        left = appraisal.unanswered(poll, request.POST)
        context |= {"fields": ballots.as_fields(content), "unanswered": left, "graded": bool(content.get("grades"))}
    return render(request, "meetings/vote_blank.html", context)


def _refusal(request: HttpRequest, poll: Poll, code: str) -> HttpResponse | None:
    """Why this code cannot vote in this poll now, as the code page says it, or None (in the
    order ``cast_ballot`` refuses)."""
    if poll.state != Poll.State.OPEN:
        return _code_page(request, error=POLL_NOT_OPEN, status=409)
    if not queries.is_code_of(poll, code):
        return _code_page(request, error=CODE_UNKNOWN, status=403)
    if sealing.is_spent(poll.pk, secrecy.spent_hash(poll.pk, code)):
        return _code_page(request, error=CODE_USED, status=409)
    return None


@no_store
@switches_language_in_form
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" or language_chosen_in(request):
        return _code_page(request)
    code = secrecy.normalise(request.POST.get("code", ""))
    poll = queries.open_poll_for_code(code) if len(code) == secrecy.CODE_LENGTH else None
    if poll is None:
        return _code_page(request, error=CODE_UNKNOWN, status=403)
    return _refusal(request, poll, code) or _ballot_page(request, poll, code)


def _posted_poll(request: HttpRequest) -> Poll | None:
    raw = request.POST.get("poll", "")
    if not (is_ascii_digits(raw) and len(raw) < 12):
        return None
    return Poll.objects.filter(pk=int(raw)).select_related("meeting__body").first()


@no_store
@switches_language_in_form
@require_POST
def cast(request: HttpRequest) -> HttpResponse:
    """The ballot page names its poll; the code is checked against that poll inside
    ``cast_ballot``, under the poll's lock (an unknown code, or a code of another poll, is
    refused there).

    Before that, the ballot may come back: in the other language, from the blank-ballot
    question (going back, or its language switch), or with that question when an election
    ballot has no mark and the voter has not yet confirmed it blank."""
    code = secrecy.normalise(request.POST.get("code", ""))
    poll = _posted_poll(request) if len(code) == secrecy.CODE_LENGTH else None
    if poll is None:
        return _code_page(request, error=CODE_UNKNOWN, status=403)
    asking = request.POST.get("step") == BLANK_STEP and "back" not in request.POST
    if language_chosen_in(request) or "back" in request.POST:
        return _refusal(request, poll, code) or (
            _blank_question(request, poll, code) if asking else _ballot_page(request, poll, code)
        )
    if ballots.is_unmarked(poll, request.POST) and request.POST.get("blank") != "confirmed":
        return _refusal(request, poll, code) or _blank_question(request, poll, code)
    try:
        content = ballots.clean_content(poll, request.POST)
        receipt = actions.cast_ballot(poll_id=poll.pk, code=code, content=content)
    except MeetingError as exc:
        if exc.code == "invalid_ballot":
            return _ballot_page(request, poll, code, error=str(exc.message), status=422)
        return _code_page(request, error=exc.message, status=exc.status)
    return _receipt_page(request, poll, receipt, content)


def _receipt_page(request: HttpRequest, poll: Poll, receipt: str, content: dict[str, Any]) -> HttpResponse:
    context = {
        "poll": poll,
        "receipt": secrecy.grouped(receipt),
        "content": content,
        "fields": ballots.as_fields(content),
    }
    return render(request, "meetings/vote_receipt.html", context)


@no_store
@switches_language_in_form
@require_POST
def receipt_again(request: HttpRequest) -> HttpResponse:
    """The receipt page once more, in the language just chosen, from what the page itself posts
    (the receipt and the choice it showed): nothing is looked up, written or kept. Made-up
    fields show a made-up page to the one who made them up, as editing the page would."""
    receipt = secrecy.normalise(request.POST.get("receipt", ""))
    poll = _posted_poll(request) if len(receipt) == secrecy.RECEIPT_LENGTH else None
    try:
        content = ballots.clean_content(poll, request.POST) if poll else None
    except MeetingError:
        content = None
    if poll is None or content is None:
        return _code_page(request, status=400)
    return _receipt_page(request, poll, receipt, content)
