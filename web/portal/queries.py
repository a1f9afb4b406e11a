"""Reads of the public board's home: the public units as a tree opened one level at a time,
and a search by name that shows where each unit found sits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from web.org.models import Unit
from web.org.queries import PUBLIC_KINDS

#: units of one level shown at once in the tree; the rest behind a "more" link
CHILDREN_PER_PAGE = 50


def public_units() -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=PUBLIC_KINDS)


def _with_child_counts(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.annotate(public_children=Count("children", filter=Q(children__kind__in=PUBLIC_KINDS)))


def tree_roots() -> QuerySet[Unit]:
    """The public units at the top (no public unit above them), with their public child counts."""
    return _with_child_counts(public_units().filter(Q(parent__isnull=True) | ~Q(parent__kind__in=PUBLIC_KINDS)))


def public_children(units: Iterable[Unit]) -> QuerySet[Unit]:
    """The public units right under any of ``units``, by code, with their public child counts."""
    return _with_child_counts(public_units().filter(parent__in=list(units))).order_by("code")


def named(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    return units.filter(name__icontains=text)


def where(units: Iterable[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Each unit with the public units above it, top first: one query for the whole page."""
    units = list(units)
    above = {pk for u in units for pk in u.ancestor_ids()[:-1]}
    known = {u.pk: u for u in public_units().filter(pk__in=above)} if above else {}
    return [(u, [known[pk] for pk in u.ancestor_ids()[:-1] if pk in known]) for u in units]
