"""Who may see and change what of the representatives (docs/reps.md, "Who may do what").

- The congress's liaison office is the organisation staff of the congress's unit and of the
  streets under it: they manage what lives in units they manage (``can_manage_path``). A
  representative lives where their person is registered (their home) and where they are linked
  (挂点): staff who manage one of those places, or the congress's own unit, manage the
  representative's profile; a link lives in its village or community; a training in the unit
  of the staff who keep it.
- A representative changes their own profile only, and alone publishes their own phone.
- Everyone with a viewing role somewhere in the congress's area, and every representative of
  the congress, reads its list of representatives and each one's public part; the staff part
  (training, links, referrals answered) is for those who see one of the representative's places.
Refusals are 404 when the person cannot see the thing at all, 403 when they see it but may not
change it, as everywhere (``web.org.queries``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from web.common.errors import RefusedStep
from web.org.models import Body, BodySeat, Role, Unit
from web.org.queries import can_manage_path, held_roles, managed_paths, viewable_paths
from web.reps.models import Link, Training


class RepsError(RefusedStep):
    code = "reps_error"


def refuse(message: object, code: str = "refused", status: int = 409) -> RepsError:
    return RepsError(message, code=code, status=status)


# ---- places ----------------------------------------------------------------------------------


def places_of(seat: BodySeat) -> list[str]:
    """Where a representative lives (their home unit's path) and where they are linked now, read
    as they are now."""
    linked = Link.objects.filter(seat=seat, until__isnull=True).values_list("unit_path", flat=True)
    return [seat.person.unit_path, *linked]


def _covers(paths: list[str], places: list[str]) -> bool:
    return any(place.startswith(p) for p in paths for place in places)


def in_area(user: Any, congress: Body) -> bool:
    """Whether ``user`` reads ``congress``'s representatives: a viewing role in its area (above it
    or under it), or a representative of it."""
    area = congress.unit.path
    if any(p.startswith(area) or area.startswith(p) for p in viewable_paths(user)):
        return True
    return holds_seat_on(user, congress)


def holds_seat_on(user: Any, congress: Body) -> bool:
    if any(r.kind == Role.Kind.REPRESENTATIVE and r.body_id == congress.pk for r in held_roles(user)):
        return True
    person_id = getattr(user, "person_id", None)
    return (
        person_id is not None
        and BodySeat.objects.filter(body=congress, person_id=person_id, post=BodySeat.Post.REPRESENTATIVE).exists()
    )


def is_own(user: Any, seat: BodySeat) -> bool:
    return getattr(user, "person_id", None) is not None and seat.person_id == user.person_id


def sees_staff_part(user: Any, seat: BodySeat) -> bool:
    """The staff part of a representative's page: training, links, referrals answered."""
    return is_own(user, seat) or _covers(viewable_paths(user), [seat.body.unit.path, *places_of(seat)])


def manages_seat(user: Any, seat: BodySeat) -> bool:
    """Liaison staff who manage the congress's unit or one of the representative's places."""
    return _covers(managed_paths(user), [seat.body.unit.path, *places_of(seat)])


def liaison_units(user: Any, congress: Body) -> list[Unit]:
    """The units in the congress's area whose staff the user is (where they keep trainings)."""
    area = congress.unit.path
    return [
        r.unit
        for r in held_roles(user)
        if r.kind in Role.MANAGING and r.unit.path.startswith(area) and r.unit.kind in LIAISON_KINDS
    ]


#: liaison work is done by the staff of the district and its streets and townships
LIAISON_KINDS = frozenset({Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP})


def is_liaison(user: Any, congress: Body) -> bool:
    """Staff of the congress's unit or of a street or township under it (the liaison office)."""
    return bool(liaison_units(user, congress)) or can_manage_path(user, congress.unit.path)


# ---- reading objects (404 / 403) -------------------------------------------------------------


def access_congress(user: Any, body_id: int) -> Body:
    congress = get_object_or_404(Body.objects.select_related("unit"), pk=body_id, kind=Body.Kind.CONGRESS)
    if not in_area(user, congress):
        raise Http404
    return congress


def access_seat(user: Any, seat_id: int) -> BodySeat:
    seat = get_object_or_404(
        BodySeat.objects.select_related("person__unit", "body__unit"),
        pk=seat_id,
        post=BodySeat.Post.REPRESENTATIVE,
        body__kind=Body.Kind.CONGRESS,
    )
    if not (in_area(user, seat.body) or is_own(user, seat)):
        raise Http404
    return seat


def access_training(user: Any, training_id: int) -> Training:
    training = get_object_or_404(Training.objects.select_related("body__unit", "unit"), pk=training_id)
    if not in_area(user, training.body):
        raise Http404
    return training


# ---- checks inside actions (the objects as they are now) --------------------------------------


def check_representative(seat: BodySeat) -> None:
    if seat.post != BodySeat.Post.REPRESENTATIVE or seat.body.kind != Body.Kind.CONGRESS:
        raise refuse(_("这不是党代会代表的席位。"), "not_a_representative", 422)


def check_manages_seat(user: Any, seat: BodySeat) -> None:
    if not manages_seat(user, seat):
        raise refuse(_("只有这位代表所在地或挂点地的联络工作人员可以修改。"), "not_your_area", 403)


def check_manages_path(user: Any, path: str, message: object) -> None:
    if not can_manage_path(user, path):
        raise refuse(message, "not_your_area", 403)
