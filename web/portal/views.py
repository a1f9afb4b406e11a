"""The public portal: readable without an account. Shows the unit tree's public facts and
the results each unit has published, with the open record to download and check."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from web.commitments import board as commitments_board
from web.common.http import language_chosen_in, switches_language_in_form
from web.common.listing import MAX_TEXT, listing
from web.deliberation import board as deliberation_board
from web.deliberation.models import MatterStep, StepEvent
from web.elections import board as elections_board
from web.meetings.models import Ballot, Poll
from web.org.models import Unit
from web.org.queries import PUBLIC_KINDS
from web.portal import queries, recount
from web.portal.checkpoints import at_publication
from web.portal.sections import sections


def _public_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, kind__in=PUBLIC_KINDS).select_related("parent").first()
    if unit is None:
        raise Http404
    return unit


def _published(unit: Unit) -> QuerySet[Poll]:
    return (
        Poll.objects.filter(meeting__body__unit=unit, published_at__isnull=False)
        .select_related("meeting__body")
        .order_by("-published_at", "-id")
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The board's front door: vote, check a receipt, or find a unit by name or in the tree
    (its top level open, each lower level read when it is opened; ``?open=CODE`` opens the path
    down to a unit on the server, so a lower level opens without JavaScript too)."""
    context: dict[str, Any] = {"q": request.GET.get("q", "").strip()[:MAX_TEXT]}
    if context["q"]:
        found = listing(request, queries.public_units().order_by("depth", "code"), search=queries.named, per_page=20)
        context.update(found=found, found_rows=queries.where(found.page.object_list))
    else:
        chosen = queries.public_unit(request.GET.get("open", ""))
        context.update(chosen=chosen, roots=queries.tree(list(queries.tree_roots().order_by("code")), chosen))
    return render(request, "portal/index.html", context)


@require_GET
def tree_children(request: HttpRequest, code: str) -> HttpResponse:
    """One level of the tree under a public unit, a page at a time (HTMX asks as a node opens)."""
    unit = _public_unit(code)
    page = Paginator(queries.public_children([unit]), queries.CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/_tree_children.html", {"unit": unit, "page": page})


@require_GET
def unit_home(request: HttpRequest, code: str) -> HttpResponse:
    unit = _public_unit(code)
    children = unit.children.filter(kind__in=PUBLIC_KINDS).order_by("code")
    grids = unit.children.filter(kind=Unit.Kind.GRID).count()
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("depth")
    return render(
        request,
        "portal/unit.html",
        {
            "unit": unit,
            "children": children,
            "grid_count": grids,
            "ancestors": ancestors,
            "sections": sections(request, board(unit)),
        },
    )


def board(unit: Unit) -> dict[str, Any]:
    """The rows of each section of the unit's board (``web.portal.sections``): its published
    results, and its elections, deliberation and commitments, each read by its app's board module
    in a number of queries that does not grow with the unit's records."""
    deliberation = deliberation_board.deliberation(unit)
    return {
        "results": _without_matter_votes(_published(unit)),
        "elections": elections_board.elections(unit),
        "open": deliberation["open"],
        "decisions": deliberation["decisions"],
        "implementation": deliberation["results"],
        "finances": deliberation["finances"],
        "commitments": commitments_board.commitments(unit),
    }


def _without_matter_votes(polls: QuerySet[Poll]) -> QuerySet[Poll]:
    """Votes taken on a matter are shown with the matter, in its own section of the board."""
    return polls.exclude(pk__in=MatterStep.objects.filter(poll__isnull=False).values("poll_id")).exclude(
        pk__in=StepEvent.objects.filter(poll__isnull=False).values("poll_id")
    )


def _published_poll(code: str, poll_id: int) -> tuple[Unit, Poll]:
    unit = _public_unit(code)
    poll = _published(unit).filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    return unit, poll


@require_GET
def result(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    unit, poll = _published_poll(code, poll_id)
    return render(request, "portal/result.html", {"unit": unit, "poll": poll, "checkpoint": at_publication(poll.pk)})


def _json_file(doc: Any, name: str) -> HttpResponse:
    response = JsonResponse(doc, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def result_record(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    _unit, poll = _published_poll(code, poll_id)
    return _json_file(poll.record, f"jiceng-record-{poll.pk}.json")


@require_GET
def result_file(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    """The published result as the engine gave it: what the recount program compares with."""
    _unit, poll = _published_poll(code, poll_id)
    return _json_file(poll.result, f"jiceng-result-{poll.pk}.json")


@require_GET
def recount_program(request: HttpRequest) -> FileResponse:
    return FileResponse(
        recount.ready_program().open("rb"),
        as_attachment=True,
        filename=recount.FILE_NAME,
        content_type="application/zip",
    )


@switches_language_in_form
@require_http_methods(["GET", "POST"])
def check_receipt(request: HttpRequest) -> HttpResponse:
    """A voter enters the receipt code and sees that the ballot is in a published record, in
    words. The language switch posts the form, so the receipt and what it found stay on screen."""
    context: dict[str, object] = {}
    receipt = "".join(ch for ch in request.POST.get("receipt", "").upper() if ch.isascii() and ch.isalnum())
    if request.method == "POST" and (receipt or not language_chosen_in(request)):
        ballot = (
            (
                Ballot.objects.filter(receipt=receipt[:16], poll__published_at__isnull=False)
                .select_related("poll__meeting__body__unit")
                .first()
            )
            if receipt
            else None
        )
        context = {"searched": True, "ballot": ballot, "receipt": receipt}
    return render(request, "portal/check.html", context)
