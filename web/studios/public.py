"""The studios on the public board (readable without an account): the list of studios, paged and
searchable, and a studio's page: its kind and place, its staff by post, its representatives by
name with a way to reach them (the studio's own contact, the online request form with the
representative chosen; never a representative's own phone), the reception calendar, and its
recent work in counts and by category and state (never a requester's name or words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.common import clock
from web.common.listing import Filter, listing
from web.org.models import Unit
from web.studios import queries
from web.studios.models import Session, Studio

#: how far ahead the public calendar lists sessions
AHEAD = dt.timedelta(weeks=4)


def _search(rows: Any, q: str) -> Any:
    from django.db.models import Q

    return rows.filter(Q(name__contains=q) | Q(unit__name__contains=q) | Q(members__seat__person__name=q)).distinct()


def _kind(rows: Any, value: str) -> Any:
    return rows.filter(kind=value)


def _in_unit(rows: Any, code: str) -> Any:
    path = Unit.objects.filter(code=code).values_list("path", flat=True).first()
    return rows.filter(unit_path__startswith=path) if path else rows.none()


@require_GET
def board(request: HttpRequest, code: str = "") -> HttpResponse:
    """Every studio, or those at and under one unit (its board links here)."""
    rows = (
        Studio.objects.filter(closed_at__isnull=True).select_related("unit").order_by("unit_path", "kind", "name", "pk")
    )
    unit = None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise Http404
        rows = rows.filter(unit_path__startswith=unit.path)
    paths = set(Studio.objects.filter(closed_at__isnull=True).values_list("unit_path", flat=True))
    above = {int(i) for p in paths for i in p.strip("/").split("/") if i}
    streets = list(
        Unit.objects.filter(pk__in=above, kind__in=(Unit.Kind.STREET, Unit.Kind.TOWNSHIP))
        .order_by("path")
        .values_list("code", "name")
    )
    shown = listing(
        request,
        rows,
        search=_search,
        filters=[
            Filter("kind", _("类型"), _kind, choices=Studio.Kind.choices),
            *([Filter("unit", _("街道（乡镇）"), _in_unit, choices=streets)] if unit is None else []),
        ],
        placeholder=_("工作室、社区或代表姓名"),
    )
    return render(request, "studios/board_index.html", {"studios": shown, "unit": unit})


@require_GET
def studio(request: HttpRequest, studio_id: int) -> HttpResponse:
    found = Studio.objects.select_related("unit").filter(pk=studio_id, closed_at__isnull=True).first()
    if found is None:
        raise Http404
    now = clock.now()
    coming = list(
        Session.objects.filter(studio=found, ends_at__gte=now, starts_at__lt=now + AHEAD).order_by("starts_at", "pk")[
            :20
        ]
    )
    members = queries.members(found)
    phones = queries.public_phones(members)
    for member in members:
        member.public_phone = phones.get(member.seat_id, "")  # type: ignore[attr-defined]
    context = {
        "studio": found,
        "staff": queries.staff(found),
        "members": members,
        "rules": queries.rule_rows(found),
        "coming": queries.session_rows(coming),
        "work": queries.recent_work(found, now),
        "cases": queries.public_cases(found),
        "today": timezone.localdate(now),
        "ancestors": list(Unit.objects.filter(pk__in=found.unit.ancestor_ids()).order_by("depth")),
    }
    return render(request, "studios/board_studio.html", context)
