"""Who the party congress's representatives are (docs/reps.md).

A representative is a seat: a ``BodySeat`` with the post REPRESENTATIVE on a ``Body`` of kind
CONGRESS (the district's party congress, on the district unit). Every app that speaks of a
representative refers to that seat; a representative who signs in is a user whose person holds
it. These three reads are the way the other apps find them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from web.org.models import Body, BodySeat, Unit


def congress_of(unit: Unit) -> Body | None:
    """The party congress whose area holds ``unit``: the congress on the unit itself or on the
    nearest unit above it (a community's is its district's); None when there is none."""
    ids = unit.ancestor_ids() or [unit.pk]
    bodies = list(Body.objects.filter(kind=Body.Kind.CONGRESS, unit_id__in=ids).select_related("unit"))
    return max(bodies, key=lambda b: (b.unit.depth, b.pk), default=None)


def seats_of_user(user: Any) -> QuerySet[BodySeat]:
    """The congress seats held by the person linked to ``user`` (none without a linked person)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return BodySeat.objects.none()
    return representatives_everywhere().filter(person_id=person_id)


def representatives(body: Body) -> QuerySet[BodySeat]:
    """The representatives seated on the congress ``body``, with their people and units."""
    return representatives_everywhere().filter(body=body)


def representatives_everywhere() -> QuerySet[BodySeat]:
    """Every representative's seat on any congress, with the person, their unit and the body."""
    return (
        BodySeat.objects.filter(body__kind=Body.Kind.CONGRESS, post=BodySeat.Post.REPRESENTATIVE)
        .select_related("person__unit", "body__unit")
        .order_by("body_id", "id")
    )
