"""Duplicate suggestions at intake (DOMAIN.md §7: duplicates merged): the open cases of the same
category at the same place in the last 30 days.

"The same place" is the grid (a case at one of its buildings is at the grid too), or the
community itself when no grid is chosen. Staff entering a request see the suggestions (those they
may read) and can merge a duplicate on the case's page (``do_merge_case``); a resident without an
account is only told that similar requests are already being handled, never their details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from web.cases import access
from web.cases.models import Case
from web.common import clock
from web.org.models import Unit

DAYS = 30
LIMIT = 5


def place_of(unit: Unit) -> tuple[str, bool]:
    """The path that is "the same place" as ``unit``, and whether its whole subtree counts."""
    if unit.kind == Unit.Kind.BUILDING and unit.parent_id is not None:
        return unit.path.rsplit("/", 2)[0] + "/", True
    if unit.kind == Unit.Kind.GRID:
        return unit.path, True
    return unit.path, False


def similar(*, service_code: str, unit: Unit, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Open cases (not merged) of ``service_code`` at ``unit``'s place received in the last
    ``DAYS`` days, the newest first."""
    since = (now or clock.now()) - dt.timedelta(days=DAYS)
    path, subtree = place_of(unit)
    rows = Case.objects.filter(
        service_code=service_code, state__in=Case.OPEN, merged_into__isnull=True, received_at__gte=since
    )
    rows = rows.filter(unit_path__startswith=path) if subtree else rows.filter(unit_path=path)
    return rows.order_by("-received_at", "-id")


def for_staff(user: Any, *, service_code: str, unit: Unit, exclude: int | None = None) -> list[Case]:
    """The suggestions a staff member may read (at most ``LIMIT``), with what the page shows."""
    rows = similar(service_code=service_code, unit=unit).filter(pk__in=access.readable(user).values("pk"))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return list(rows.select_related("entry", "unit", "office")[:LIMIT])


def any_for_resident(*, service_code: str, unit: Unit, exclude: int | None = None) -> bool:
    """Whether to tell a resident that similar requests are already being handled."""
    rows = similar(service_code=service_code, unit=unit)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.exists()
