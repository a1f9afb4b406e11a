"""The public board of residents' requests: every request anonymised (its category, its grid, its
dates, its state and the reply; never a name, a phone number, an exact address or what the
requester wrote), and the quarterly scorecards with the record anyone can recount.

The list is read by indexed columns and counted at most ``COUNT_CAP`` rows, so it answers as
fast with a million requests as with a thousand."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from jiceng.scorecard import RATES
from web.cases.models import Case, Entry, Scorecard
from web.cases.queries import open_only
from web.common.listing import Filter, listing
from web.common.numbers import is_ascii_digits
from web.org.models import Unit

COUNT_CAP = 10_000
TIER_NAMES = {
    "district": _("区级部门"),
    "street": _("街道（乡镇）"),
    "community": _("社区（村）"),
    "grid": _("网格"),
}
RATE_NAMES = {
    "response": _("响应率"),
    "resolution": _("解决率"),
    "satisfaction": _("满意率"),
    "sign_on_time": _("按时签收率"),
    "close_on_time": _("按时办结率"),
    "return": _("退单率"),
    "redo": _("重办率"),
}
RATE_HELP = {
    "response": _("已签收 / 派给本单位"),
    "resolution": _("回访说已解决 / 已核实回访"),
    "satisfaction": _("满意（含基本满意）/ 已核实回访"),
    "sign_on_time": _("按时签收 / 派给本单位"),
    "close_on_time": _("按时答复 / 已答复"),
    "return": _("退过单 / 派给本单位"),
    "redo": _("不满意后重办 / 已答复"),
}
assert set(RATE_NAMES) == set(RATES)
PUBLIC_STATES = {Case.State.CLOSED: "closed"}


def _search(rows: QuerySet[Case], q: str) -> QuerySet[Case]:
    if is_ascii_digits(q) and len(q) <= 12:
        return rows.filter(pk=int(q))
    codes = Entry.objects.filter(name__contains=q).values_list("service_code", flat=True).distinct()
    return rows.filter(service_code__in=list(codes[:200]))


def _streets() -> list[tuple[str, str]]:
    return list(
        Unit.objects.filter(kind__in=(Unit.Kind.STREET, Unit.Kind.TOWNSHIP))
        .order_by("path")
        .values_list("code", "name")
    )


def _in_street(rows: QuerySet[Case], code: str) -> QuerySet[Case]:
    path = Unit.objects.filter(code=code).values_list("path", flat=True).first()
    return rows.filter(unit_path__startswith=path) if path else rows.none()


def _state(rows: QuerySet[Case], value: str) -> QuerySet[Case]:
    if value == "closed":
        return rows.filter(state=Case.State.CLOSED)
    return open_only(rows)  # read by the partial index ``case_open``, newest first


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    rows = (
        Case.objects.exclude(state=Case.State.MERGED)
        .select_related("entry", "unit__parent")
        .only(
            "pk", "state", "received_at", "finished_at", "reply", "level", "unit_id", "entry__name",
            "unit__name", "unit__kind", "unit__parent__name",
        )
        .order_by("-received_at", "-id")
    )  # fmt: skip
    shown = listing(
        request,
        rows,
        search=_search,
        filters=[
            Filter("state", _("状态"), _state, choices=[("open", _("办理中")), ("closed", _("已办结"))]),
            Filter("street", _("街道（乡镇）"), _in_street, choices=_streets()),
        ],
        placeholder=_("诉求编号或类别，如“噪音”"),
        count_at_most=COUNT_CAP,
    )
    states = {key: str(label) for key, label in Case.State.choices}  # once, not a choices dict per row
    for case in shown.page.object_list:
        case.state_words = states.get(case.state, case.state)
    # the latest quarter's scorecards in full, the earlier ones folded, a year at most
    quarters: dict[tuple[int, int], list[Scorecard]] = {}
    for card in (
        Scorecard.objects.select_related("unit")
        .only("pk", "year", "quarter", "published_at", "unit__name", "unit__code", "unit__path")
        .order_by("-year", "-quarter", "unit__path")[:40]
    ):
        quarters.setdefault((card.year, card.quarter), []).append(card)
    cards = [{"year": y, "quarter": q, "cards": rows} for (y, q), rows in list(quarters.items())[:4]]
    return render(request, "cases/public/board_index.html", {"listing": shown, "scorecards": cards})


def place_name(case: Case) -> str:
    """Where a request is, as the public sees it: the grid (a building is never named)."""
    unit = case.unit
    if unit.kind == Unit.Kind.BUILDING and unit.parent is not None:
        return unit.parent.name
    return unit.name


def _unit_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each tier's offices in words: the bottom first, the ranked from the lowest, then the rest."""
    units = {u["id"]: u for u in result["units"]}
    tiers = []
    for tier in result["tiers"]:
        tie = set((tier["tie"] or {}).get("units", []))
        rows = []
        for uid in tier["ranked"] + tier["not_ranked"]:
            unit = units[uid]
            rows.append(
                {
                    **unit,
                    "bottom": uid in tier["bottom"],
                    "tied": uid in tie,
                    "rate_list": [
                        {"key": key, "name": RATE_NAMES[key], "help": RATE_HELP[key], "rate": unit["rates"][key]}
                        for key in RATES
                    ],
                }
            )
        tiers.append(
            {
                "name": TIER_NAMES.get(tier["tier"], tier["tier"]),
                "rows": rows,
                "bottom_names": [units[u]["name"] for u in tier["bottom"]],
                "tie": tier["tie"] and {"names": [units[u]["name"] for u in tier["tie"]["units"]], **tier["tie"]},
            }
        )
    order = list(TIER_NAMES.values())
    tiers.sort(key=lambda t: order.index(t["name"]) if t["name"] in order else len(order))
    return tiers


@require_GET
def scorecard(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    card = get_object_or_404(Scorecard.objects.select_related("unit"), pk=scorecard_id)
    result = card.result
    units = {u["id"]: u["name"] for u in result["units"]}
    excluded = [{**row, "unit_name": units.get(row["unit"], "")} for row in result["excluded"]]
    return render(
        request,
        "cases/public/board_scorecard.html",
        {
            "card": card,
            "tiers": _unit_rows(result),
            "totals": [
                {"name": RATE_NAMES[k], "help": RATE_HELP[k], "rate": result["totals"]["rates"][k]} for k in RATES
            ],
            "excluded": excluded,
            "settings": result["settings"],
        },
    )


@require_GET
def scorecard_file(request: HttpRequest, scorecard_id: int, what: str) -> HttpResponse:
    card = get_object_or_404(Scorecard, pk=scorecard_id)
    if what not in ("record", "result"):
        raise Http404
    body = card.record if what == "record" else card.result
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="jiceng-scorecard-{what}-{card.pk}.json"'
    return response
