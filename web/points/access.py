"""Who may do what with points (REPS.md): a representative acts on their own seat only; the
congress's liaison office is the organisation staff of the congress's unit and of the streets
under it, each in their own area (a street's staff for the representatives who live in their
street, the district's for all); the standard and the publications are the congress unit's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from web.org.models import Body, BodySeat, Role
from web.org.queries import STREET_LEVEL_KINDS, held_roles
from web.points.errors import PointsError
from web.reps.queries import seats_held


def refuse(message: object, code: str = "refused", status: int = 409) -> PointsError:
    return PointsError(message, code=code, status=status)


def liaison_paths(user: Any) -> list[str]:
    """The unit paths where ``user`` works in the liaison office (org staff of a district,
    street or township)."""
    return sorted(
        {r.unit.path for r in held_roles(user) if r.kind == Role.Kind.ORG_STAFF and r.unit.kind in STREET_LEVEL_KINDS}
    )


def is_liaison(user: Any) -> bool:
    return bool(liaison_paths(user))


def manages_path(user: Any, path: str) -> bool:
    return any(path.startswith(p) for p in liaison_paths(user))


def seat_path(seat: BodySeat) -> str:
    """Where a representative is looked after: where the person is on the roster."""
    return seat.person.unit_path


def manages_seat(user: Any, seat: BodySeat) -> bool:
    return manages_path(user, seat_path(seat))


def manages_congress(user: Any, congress: Body) -> bool:
    return manages_path(user, congress.unit.path)


def is_own(user: Any, seat: BodySeat) -> bool:
    return bool(getattr(user, "person_id", None)) and user.person_id == seat.person_id


def representative_seats(**filters: Any) -> QuerySet[BodySeat]:
    return BodySeat.objects.filter(
        post=BodySeat.Post.REPRESENTATIVE, body__kind=Body.Kind.CONGRESS, **filters
    ).select_related("person", "body__unit")


def seats_of(user: Any) -> list[BodySeat]:
    """The congress seats the signed-in person holds (one per congress they sit in)."""
    return sorted(seats_held(user), key=lambda seat: seat.pk)


def check_own(user: Any, seat: BodySeat) -> None:
    if not is_own(user, seat):
        raise refuse(_("代表只能为自己申报和记入积分。"), "not_your_seat", 403)


def check_manages_seat(user: Any, seat: BodySeat) -> None:
    if not manages_seat(user, seat):
        raise refuse(_("这位代表不在您负责联络的范围内。"), "not_your_area", 403)


def check_manages_congress(user: Any, congress: Body) -> None:
    if not manages_congress(user, congress):
        raise refuse(_("只有党代会所在单位的联络工作人员可以这样做。"), "not_liaison", 403)


def check_is_representative(seat: BodySeat) -> None:
    if seat.post != BodySeat.Post.REPRESENTATIVE or seat.body.kind != Body.Kind.CONGRESS:
        raise refuse(_("只有党代会代表记履职积分。"), "not_a_representative", 400)
