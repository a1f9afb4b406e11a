"""Who may do what with a studio (docs/studios.md, "Who may do what"):

- the congress's liaison office (联络工作): whoever manages the studio's unit (``can_manage_path``:
  the organisation staff of the district, of the street, of the community) sets studios up and
  runs every one of them;
- a studio's director and secretary run their studio (its staff, representatives, calendar,
  duty roster and sessions);
- a studio's staff of any post (volunteers too) check representatives in and take requests at
  its sessions;
- a representative acts on their own seat only: checks themself in, takes requests at a session
  they are on duty at.

Every check reads the user's posts and seats as they are now (one query each)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from web.org.models import BodySeat
from web.org.queries import can_manage_path, viewable_paths
from web.reps.queries import representatives_everywhere, seats_of_user
from web.studios.models import Staff, Studio


def person_id(user: Any) -> int | None:
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


def representative_seats(user: Any) -> QuerySet[BodySeat]:
    """The congress seats the user holds as a representative (through the person they are)."""
    if not getattr(user, "is_authenticated", False):
        return BodySeat.objects.none()
    return seats_of_user(user)


def congress_seats() -> QuerySet[BodySeat]:
    """Every congress representative's seat."""
    return representatives_everywhere()


def post_of(user: Any, studio: Studio) -> str | None:
    pid = person_id(user)
    if pid is None:
        return None
    return Staff.objects.filter(studio=studio, person_id=pid).values_list("post", flat=True).first()


def is_liaison(user: Any, studio: Studio) -> bool:
    return can_manage_path(user, studio.unit_path)


def manages(user: Any, studio: Studio) -> bool:
    """Runs the studio: the liaison office over its unit, or its director or secretary."""
    return is_liaison(user, studio) or post_of(user, studio) in Staff.MANAGING


def works(user: Any, studio: Studio) -> bool:
    """Works in the studio: who manages it, or a volunteer of its staff."""
    return is_liaison(user, studio) or post_of(user, studio) is not None


def may_read(user: Any, studio: Studio) -> bool:
    """Sees the studio's staff pages: who works there, a representative attached to it, anyone
    who reads the roster of its unit."""
    if works(user, studio):
        return True
    if studio.members.filter(seat__in=representative_seats(user)).exists():
        return True
    return any(studio.unit_path.startswith(p) for p in viewable_paths(user))
