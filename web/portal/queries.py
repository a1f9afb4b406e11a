"""Reads of the public board's home: the public units as a tree opened one level at a time (or
opened down to a chosen unit, without JavaScript), and a search by name that shows where each
unit found sits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def public_children(units: Iterable[Unit | int]) -> QuerySet[Unit]:
    """The public units right under any of ``units`` (or their ids), by code, with their public
    child counts."""
    return _with_child_counts(public_units().filter(parent__in=list(units))).order_by("code")


def public_unit(code: str) -> Unit | None:
    """The public unit of ``code`` (None for an unknown code, or a grid or building)."""
    return public_units().filter(code=code.strip()[:100]).first() if code.strip() else None


@dataclass(frozen=True)
class Node:
    unit: Unit
    #: its first page of public children, each a node; None while closed (read when it opens)
    children: list[Node] | None
    #: the unit the address asked to open (``?open=CODE``)
    chosen: bool = False


def tree(roots: list[Unit], chosen: Unit | None = None) -> list[Node]:
    """The tree's top units, each open one level, and the path down to ``chosen`` open at every
    level (its ancestors and itself): one query for the children of every open unit, however
    deep ``chosen`` lies. A unit on the path is shown even past its level's first page."""
    opened = {u.pk for u in roots} | set(chosen.ancestor_ids() if chosen else ())
    by_parent: dict[int | None, list[Unit]] = {}
    for child in public_children(opened) if opened else ():
        by_parent.setdefault(child.parent_id, []).append(child)

    def node(unit: Unit) -> Node:
        is_chosen = chosen is not None and unit.pk == chosen.pk
        if unit.pk not in opened:
            return Node(unit, None, is_chosen)
        level = by_parent.get(unit.pk, [])
        shown = level[:CHILDREN_PER_PAGE] + [u for u in level[CHILDREN_PER_PAGE:] if u.pk in opened]
        return Node(unit, [node(u) for u in shown], is_chosen)

    return [node(u) for u in roots]


def named(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    return units.filter(name__icontains=text)


def where(units: Iterable[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Each unit with the public units above it, top first: one query for the whole page."""
    units = list(units)
    above = {pk for u in units for pk in u.ancestor_ids()[:-1]}
    known = {u.pk: u for u in public_units().filter(pk__in=above)} if above else {}
    return [(u, [known[pk] for pk in u.ancestor_ids()[:-1] if pk in known]) for u in units]
