"""The public portal: readable without an account. Only public facts of units are shown
here (names and the tree); what is published per unit arrives with the later work."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from web.org.models import Unit

PUBLIC_KINDS = [Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.filter(kind__in=PUBLIC_KINDS).order_by("path")
    return render(request, "portal/index.html", {"units": units})


@require_GET
def unit_home(request: HttpRequest, code: str) -> HttpResponse:
    unit = Unit.objects.filter(code=code, kind__in=PUBLIC_KINDS).select_related("parent").first()
    if unit is None:
        raise Http404
    children = unit.children.filter(kind__in=PUBLIC_KINDS).order_by("code")
    grids = unit.children.filter(kind=Unit.Kind.GRID).annotate(n=Count("children")).count()
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("depth")
    return render(request, "portal/unit.html", {
        "unit": unit, "children": children, "grid_count": grids, "ancestors": ancestors,
    })
