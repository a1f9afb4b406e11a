"""Voting by phone: no sign-in, one code, one ballot, a receipt. Works on a small screen.

The code travels in the POST body only (the QR link puts it after ``#``, which browsers do
not send), so it appears in no URL and no access log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from web.common.numbers import is_ascii_digits
from web.meetings import actions, ballots, queries, sealing, secrecy
from web.meetings.errors import CODE_UNKNOWN, MeetingError
from web.meetings.models import Poll


def _ballot_page(request: HttpRequest, poll: Poll, code: str, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "meetings/vote_ballot.html",
        {
            "poll": poll,
            "code": code,
            "error": error,
            "candidates": poll.candidates.all(),
            "submitted": request.POST if error else {},
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "meetings/vote_code.html", {})
    code = secrecy.normalise(request.POST.get("code", ""))
    poll = queries.open_poll_for_code(code) if len(code) == secrecy.CODE_LENGTH else None
    if poll is None:
        return render(request, "meetings/vote_code.html", {"error": CODE_UNKNOWN}, status=403)
    if sealing.is_spent(poll.pk, secrecy.spent_hash(poll.pk, code)):
        return render(request, "meetings/vote_code.html", {"error": _("这个投票码已经投过票了。")}, status=409)
    return _ballot_page(request, poll, code)


@never_cache
@require_POST
def cast(request: HttpRequest) -> HttpResponse:
    """The ballot page names its poll; the code is checked against that poll inside
    ``cast_ballot``, under the poll's lock (an unknown code, or a code of another poll, is
    refused there)."""
    code = secrecy.normalise(request.POST.get("code", ""))
    raw_poll = request.POST.get("poll", "")
    poll = (
        Poll.objects.filter(pk=int(raw_poll)).only("id", "title", "kind", "seats").first()
        if is_ascii_digits(raw_poll) and len(raw_poll) < 12 and len(code) == secrecy.CODE_LENGTH
        else None
    )
    if poll is None:
        return render(request, "meetings/vote_code.html", {"error": CODE_UNKNOWN}, status=403)
    try:
        content = ballots.clean_content(poll, request.POST)
        receipt = actions.cast_ballot(poll_id=poll.pk, code=code, content=content)
    except MeetingError as exc:
        if exc.code == "invalid_ballot":
            return _ballot_page(request, poll, code, error=str(exc.message), status=422)
        return render(request, "meetings/vote_code.html", {"error": exc.message}, status=exc.status)
    return render(request, "meetings/vote_receipt.html", {"poll": poll, "receipt": secrecy.grouped(receipt)})
