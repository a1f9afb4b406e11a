"""The public board of random inspections: every draw whose pool is frozen (its hash is public
before any seed exists), with the seed, the result, the re-runs with their reasons, and the
frozen pool and both draw records to download and repeat with ``jiceng draw``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.common.listing import Filter, listing
from web.common.numbers import is_ascii_digits
from web.inspections import queries
from web.inspections.models import Draw
from web.inspections.records import recused

#: what may be downloaded, and from which field
FILES = {"pool": "pool", "cadres": "cadre_record", "inspectors": "inspector_record",
         "cadres-result": "cadre_result", "inspectors-result": "inspector_result"}  # fmt: skip


def _state(rows: QuerySet[Draw], value: str) -> QuerySet[Draw]:
    return rows.filter(state=value)


def _search(rows: QuerySet[Draw], q: str) -> QuerySet[Draw]:
    q = q.strip()
    month = q.strip("-")
    return rows.filter(
        Q(plan__title__contains=q)
        | Q(plan__unit__name__contains=q)
        | Q(picks__cadre__name__contains=q)
        | Q(seed__contains=q)
        | Q(month__startswith=month if is_ascii_digits(month[:4]) else "~")
    ).distinct()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    shown = listing(
        request,
        queries.public_draws().prefetch_related("picks__cadre"),
        search=_search,
        filters=[Filter("state", _("状态"), _state, choices=[c for c in Draw.State.choices if c[0] != "open"])],
        placeholder=_("单位、月份（2026-03）或姓名"),
        per_page=20,
    )
    return render(request, "inspections/public/index.html", {"listing": shown})


def _public(draw_id: int, *defer: str) -> Draw:
    return get_object_or_404(
        Draw.objects.exclude(state=Draw.State.OPEN).select_related("plan__unit").defer("seed_first", *defer),
        pk=draw_id,
    )


@require_GET
def draw(request: HttpRequest, draw_id: int) -> HttpResponse:
    the_draw = _public(draw_id)
    drawn = bool(the_draw.cadre_result)
    chosen: list[str] = [p["id"] for p in the_draw.cadre_result.get("chosen", [])] if drawn else []
    month_draws = list(
        Draw.objects.filter(plan_id=the_draw.plan_id, month=the_draw.month)
        .only("pk", "attempt", "state", "rerun_reason", "seed", "drawn_at", "plan_id", "month")
        .order_by("attempt")
    )
    context: dict[str, Any] = {
        "draw": the_draw,
        "pool": the_draw.pool,
        "cadres": the_draw.cadre_result.get("chosen", []),
        "inspectors": the_draw.inspector_result.get("chosen", []),
        "recused": recused(the_draw.pool, chosen) if drawn else [],
        "picks": list(the_draw.picks.select_related("cadre")),
        "month_draws": month_draws,
        "files": FILES,
    }
    return render(request, "inspections/public/draw.html", context)


@require_GET
def record_file(request: HttpRequest, draw_id: int, what: str) -> HttpResponse:
    if what not in FILES:
        raise Http404
    the_draw = _public(draw_id)
    body = getattr(the_draw, FILES[what])
    if not body:
        raise Http404
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="jiceng-inspection-{the_draw.pk}-{what}.json"'
    return response
