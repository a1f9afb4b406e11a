"""Reads of the calendar page: the overrides, paged and searched, and what the package covers."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from web.workdays.models import Override

PER_PAGE = 50


def overrides(*, year: int | None = None, q: str = "") -> QuerySet[Override]:
    rows = Override.objects.select_related("created_by")
    if year:
        rows = rows.filter(day__year=year)
    if q.strip():
        rows = rows.filter(name__icontains=q.strip())
    return rows.order_by("-day")


def page_of(rows: QuerySet[Override], number: Any) -> Page:
    return Paginator(rows, PER_PAGE).get_page(number)
