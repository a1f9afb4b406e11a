"""The public board of democratic recommendations (/board/recommendations/, readable without an
account): every published result in the engine's words, with its open record to download and
recount (``jiceng verify``), and the link between a first and a second round."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.common.listing import listing
from web.recommendations import queries
from web.recommendations.models import Recommendation
from web.recommendations.views import record_response


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    rows = (
        Recommendation.objects.filter(state=Recommendation.State.PUBLISHED)
        .select_related("unit")
        .only("pk", "title", "post", "places", "published_at", "result", "unit__name", "follows_id")
        .order_by("-published_at", "-id")
    )
    shown = listing(request, rows, search=queries.search, placeholder=_("名称、职位或单位"), per_page=20)
    return render(request, "recommendations/board/index.html", {"listing": shown})


@require_GET
def detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = queries.get_published(recommendation_id)
    context = {
        "rec": rec,
        "classes": list(rec.classes.all()),
        "follows": rec.follows if rec.follows and rec.follows.state == Recommendation.State.PUBLISHED else None,
        "second_rounds": list(rec.second_rounds.filter(state=Recommendation.State.PUBLISHED)),
    }
    return render(request, "recommendations/board/recommendation.html", context)


@require_GET
def record(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return record_response(queries.get_published(recommendation_id))
