"""The public board of duty points: every published quarter and year, each as a paged,
searchable table of the representatives' points by project type and the three ones done, with
the standard's version, the objections and their answers, and the open record to recount."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.common.listing import Filter, listing
from web.points import queries
from web.points.models import Publication

#: rows of the table a page shows (170 representatives: six pages)
PER_PAGE = 30


def _items(rows: list[dict], value: str) -> list[dict]:
    return [r for r in rows if (r["items_done"] == 3) == (value == "done")]


def _table(request: HttpRequest, publication: Publication) -> HttpResponse:
    rows = sorted(queries.table_rows(publication), key=lambda r: (-r["figures"]["total"], r["name"]))
    shown = listing(
        request,
        rows,
        search=lambda rows, q: [r for r in rows if q in r["name"]],
        filters=[Filter("items", _("三个一"), _items, choices=[("done", _("已完成")), ("open", _("未完成"))])],
        placeholder=_("代表姓名"),
        per_page=PER_PAGE,
    )
    revisions = (
        Publication.objects.filter(
            congress_id=publication.congress_id, year=publication.year, quarter=publication.quarter
        )
        .only("pk", "revision", "published_at", "note", "record_sha256")
        .order_by("revision")
    )
    return render(
        request,
        "points/public/table.html",
        {
            "publication": publication,
            "listing": shown,
            "revisions": list(revisions),
            "objections": list(queries.objections_of(publication)),
            "others": list(queries.publications(publication.congress_id)[:12]),
        },
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    latest = queries.publications().filter(quarter__gt=0).first()
    if latest is None:
        return render(request, "points/public/empty.html")
    rows = Publication.objects.defer("record").select_related("congress", "standard")
    return _table(request, rows.get(pk=latest.pk))


@require_GET
def table(request: HttpRequest, publication_id: int) -> HttpResponse:
    return _table(
        request,
        get_object_or_404(
            Publication.objects.defer("record").select_related("congress", "standard"), pk=publication_id
        ),
    )


@require_GET
def record_file(request: HttpRequest, publication_id: int, what: str) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=publication_id)
    if what not in ("record", "result"):
        raise Http404
    body = publication.record if what == "record" else publication.result
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="jiceng-points-{what}-{publication.pk}.json"'
    return response
