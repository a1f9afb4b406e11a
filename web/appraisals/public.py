"""The public board of appraisals (/board/appraisals/, readable without an account): every
session set up as public, once published, with its result in the engine's words and its open
record to download and recount. An internal session is never shown here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.appraisals import departments, queries, words
from web.appraisals.models import Session
from web.appraisals.views import record_response
from web.common.listing import listing


def public_rows() -> QuerySet[Session]:
    return Session.objects.filter(
        visibility=Session.Visibility.PUBLIC, state=Session.State.PUBLISHED, poll__published_at__isnull=False
    ).select_related("unit", "poll", "meeting")


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    shown = listing(
        request,
        public_rows().order_by("-year", "-id"),
        search=queries.search,
        placeholder=_("测评名称、单位、测评对象或年度"),
        per_page=20,
    )
    return render(request, "appraisals/board/index.html", {"listing": shown})


def _public(session_id: int) -> Session:
    return get_object_or_404(public_rows(), pk=session_id)


@require_GET
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    s = _public(session_id)
    return render(
        request,
        "appraisals/board/session.html",
        {"s": s, "facts": words.facts(s), "village_rule": words.village_rule(s), **departments.page_context(s)},
    )


@require_GET
def record(request: HttpRequest, session_id: int) -> HttpResponse:
    return record_response(_public(session_id))


@require_GET
def result(request: HttpRequest, session_id: int) -> HttpResponse:
    s = _public(session_id)
    response = JsonResponse(s.poll.result, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="appraisal-{s.pk}-result.json"'
    return response
