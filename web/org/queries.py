"""Reads and access checks for the organisation model: the one place that says who sees what.

Rules (tested with personas in ``tests/test_access.py``):
- A user sees the subtrees of the units where they hold a viewing role (``Role.VIEWING``).
- A user changes things only in the subtrees where they hold a managing role (``Role.MANAGING``).
- Asking for an object outside what one can see gets 404 (its existence is not revealed);
  asking to change an object one can see but not manage gets 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from web.common.numbers import is_ascii_digits
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit


def held_roles(user: Any) -> list[Role]:
    """The user's roles, each with its unit and body, in ``Role``'s order: read once per user
    object (a request's), for every check of what they see or manage and for the pages that list
    them (the home page reads nothing else of the roles)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jiceng_roles", None)  # also read there by web.common.attention.Asking.roles
    if cached is None:
        cached = list(Role.objects.filter(user=user).select_related("unit", "body"))
        user._jiceng_roles = cached
    return cached


def _root_paths(user: Any, kinds: frozenset[str]) -> list[str]:
    paths = sorted({r.unit.path for r in held_roles(user) if r.kind in kinds})
    # drop paths inside another path the user already covers
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def viewable_paths(user: Any) -> list[str]:
    return _root_paths(user, Role.VIEWING)


def managed_paths(user: Any) -> list[str]:
    return _root_paths(user, Role.MANAGING)


def _within(field: str, paths: list[str]) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def under_paths(field: str, paths: list[str]) -> Q:
    """Rows whose ``field`` (a unit path) lies under one of ``paths`` (none: no rows)."""
    return _within(field, paths)


def is_staff_user(user: Any) -> bool:
    return bool(viewable_paths(user))


def can_manage_path(user: Any, path: str) -> bool:
    return any(path.startswith(p) for p in managed_paths(user))


#: the kinds of unit whose managers are "street staff" (街道、乡镇 and the district above them)
STREET_LEVEL_KINDS = frozenset({Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP})


def is_street_staff(user: Any) -> bool:
    """Whether ``user`` manages (``Role.MANAGING``) a street, a township or a district: who may
    change what is the same for the whole country, such as the working-day calendar."""
    return any(r.kind in Role.MANAGING and r.unit.kind in STREET_LEVEL_KINDS for r in held_roles(user))


def check_path(user: Any, path: str, *, manage: bool) -> None:
    if not any(path.startswith(p) for p in viewable_paths(user)):
        raise Http404
    if manage and not can_manage_path(user, path):
        raise PermissionDenied


# ---- the unit boundary of writes ---------------------------------------------------

#: where each kind of object lives: the unit paths (as lookups) that own it. A membership has
#: two owners, the person's unit and its organisation's unit; a seat belongs to its body.
OWNER_PATHS: dict[type[Any], tuple[str, ...]] = {
    Unit: ("path",),
    Household: ("unit__path",),
    Person: ("unit_path",),
    PartyOrg: ("unit__path",),
    PartyMembership: ("person__unit_path", "org__unit__path"),
    Body: ("unit__path",),
    BodySeat: ("body__unit__path",),
    Role: ("unit__path",),
}


def owner_paths(obj: Any) -> tuple[str, ...]:
    """The paths of the units that own ``obj`` as it is stored now, read from the database:
    a bound form may already have changed the instance, and where it is going is not where
    it is. An object not stored yet has no owner (check where it goes with ``check_may_place``)."""
    if obj is None or obj.pk is None:
        return ()
    fields = OWNER_PATHS[type(obj)]
    row = type(obj).objects.filter(pk=obj.pk).values_list(*fields).first()
    return tuple(p for p in row or () if p)


def owner_paths_by_key(model: type[Any], key: str, keys: list[str], *, chunk: int = 900) -> dict[str, tuple[str, ...]]:
    """``owner_paths`` for many objects at once, by a unique key (``code``, ``number``,
    ``id_number``…): one query per ``chunk`` keys, for the importer's thousands of rows."""
    fields = OWNER_PATHS[model]
    found: dict[str, tuple[str, ...]] = {}
    for i in range(0, len(keys), chunk):
        for k, *paths in model.objects.filter(**{f"{key}__in": keys[i : i + chunk]}).values_list(key, *fields):
            found[str(k)] = tuple(p for p in paths if p)
    return found


def may_change_paths(user: Any, paths: tuple[str, ...] | list[str]) -> bool:
    return all(can_manage_path(user, p) for p in paths)


def check_may_change(user: Any, obj: Any) -> None:
    """Refuse unless ``user`` manages every unit that owns ``obj`` now (404 when one of them
    is out of sight, so its existence is not revealed; 403 when seen but not managed)."""
    for path in owner_paths(obj):
        check_path(user, path, manage=True)


def check_may_place(user: Any, unit: Unit | None) -> None:
    """Refuse unless ``user`` manages ``unit``, where something is created or moved to."""
    if unit is None:
        raise PermissionDenied
    check_path(user, Unit.objects.values_list("path", flat=True).get(pk=unit.pk), manage=True)


def check_may_refer(user: Any, obj: Any) -> None:
    """Refuse unless ``user`` may see every unit that owns ``obj``, an object a write points at."""
    for path in owner_paths(obj):
        check_path(user, path, manage=False)


# ---- units ---------------------------------------------------------------------------


def visible_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(_within("path", viewable_paths(user)))


def root_units(user: Any) -> QuerySet[Unit]:
    """The top units of what the user is responsible for: where their unit tree starts."""
    paths = viewable_paths(user)
    return Unit.objects.filter(path__in=paths).annotate(child_count=Count("children"))


def children_of(unit: Unit) -> QuerySet[Unit]:
    return unit.children.annotate(child_count=Count("children")).order_by("code")


def access_unit(user: Any, unit_id: int, *, manage: bool = False) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).select_related("parent").first()
    if unit is None:
        raise Http404
    check_path(user, unit.path, manage=manage)
    return unit


# ---- people --------------------------------------------------------------------------


def search_people(user: Any, *, within: Unit, q: str = "") -> QuerySet[Person]:
    """People in ``within``'s subtree matching ``q``: part of a name, an ID number
    (or its start or end), or a phone number (or its end)."""
    qs = Person.objects.filter(unit_path__startswith=within.path).filter(_within("unit_path", viewable_paths(user)))
    return matching_people(qs, user=user, q=q).select_related("unit", "household", "membership").order_by("id")


def matching_people(people: QuerySet[Person], *, user: Any, q: str, prefix: str = "") -> QuerySet[Person]:
    """``people`` (or rows with a person at ``prefix``, e.g. ``"person__"``) matching ``q``:
    part of a name, an ID number (or its start or end, see ``_id_or_phone``), or a phone number
    (or its end)."""
    q = q.strip()
    if not q:
        return people
    if is_ascii_digits(q) or (is_ascii_digits(q[:-1]) and q[-1:] in "Xx"):
        return people.filter(_id_or_phone(user, q, prefix=prefix))
    return people.filter(**{f"{prefix}name__contains": q})


#: age bands for the people list, as (key, youngest, oldest) in whole years; None is open
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("0-17", None, 17),
    ("18-35", 18, 35),
    ("36-59", 36, 59),
    ("60-", 60, None),
)


def aged(people: QuerySet[Person], band: str, *, today: dt.date) -> QuerySet[Person]:
    """``people`` whose age on ``today`` falls in the band ``band`` (a key of ``AGE_BANDS``)."""
    youngest, oldest = next((lo, hi) for key, lo, hi in AGE_BANDS if key == band)
    if youngest is not None:
        people = people.filter(birth_date__lte=_years_before(today, youngest))
    if oldest is not None:  # born after the day they would have turned oldest + 1
        people = people.filter(birth_date__gt=_years_before(today, oldest + 1))
    return people


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def in_party_status(rows: QuerySet[Any], status: str, *, prefix: str = "") -> QuerySet[Any]:
    """``rows`` (people, or rows with a person at ``prefix``) by party membership: ``member``
    (any status), ``none``, or one status."""
    if status in ("member", "none"):
        return rows.filter(**{f"{prefix}membership__isnull": status == "none"})
    return rows.filter(**{f"{prefix}membership__status": status})


#: the choices of ``in_party_status``
PARTY_STATUS_CHOICES = [("member", _("党员")), *PartyMembership.Status.choices, ("none", _("非党员"))]


def in_household(people: QuerySet[Person], text: str, *, user: Any) -> QuerySet[Person]:
    """``people`` whose household's number or address contains ``text``, among the households
    ``user`` may see: a person of theirs may live in another unit's household, whose address
    a search must not let them read back letter by letter."""
    found = Q(household__number__contains=text) | Q(household__address__contains=text)
    return people.filter(found & _within("household__unit__path", viewable_paths(user)))


def units_to_filter_by(unit: Unit) -> QuerySet[Unit]:
    """The units a list of ``unit``'s people can be narrowed to: the two levels below it,
    without buildings unless they are the level right below (a grid's)."""
    below = Unit.objects.filter(path__startswith=unit.path, depth__in=[unit.depth + 1, unit.depth + 2])
    if unit.kind != Unit.Kind.GRID:
        below = below.exclude(kind=Unit.Kind.BUILDING)
    return below.order_by("path")


def _id_or_phone(user: Any, q: str, *, prefix: str = "") -> Q:
    """Parts of an ID number match only where the user may see the number whole (those who
    manage the unit); elsewhere only the whole number does, or a search would read a masked
    number back digit by digit."""
    idn, managed = q.upper(), _within(f"{prefix}unit_path", managed_paths(user))
    cond = Q(**{f"{prefix}phone__startswith": q}) | Q(**{f"{prefix}id_number": idn})
    by_part = Q(**{f"{prefix}id_number__startswith": idn})
    if len(q) >= 4:
        cond |= Q(**{f"{prefix}phone__endswith": q})
        by_part |= Q(**{f"{prefix}id_number__endswith": idn})
    return cond | (by_part & managed)


def access_person(user: Any, person_id: int, *, manage: bool = False) -> Person:
    person = Person.objects.filter(pk=person_id).select_related("unit", "household", "membership__org").first()
    if person is None:
        raise Http404
    check_path(user, person.unit_path, manage=manage)
    return person


def access_household(user: Any, household_id: int, *, manage: bool = False) -> Household:
    household = Household.objects.filter(pk=household_id).select_related("unit").first()
    if household is None:
        raise Http404
    check_path(user, household.unit.path, manage=manage)
    return household


# ---- party and bodies ----------------------------------------------------------------


def party_orgs_in(user: Any, *, within: Unit) -> QuerySet[PartyOrg]:
    return (
        PartyOrg.objects.filter(unit__path__startswith=within.path)
        .filter(_within("unit__path", viewable_paths(user)))
        .select_related("unit", "parent")
        .annotate(member_count=visible_member_count(user, PartyOrg))
    )


def access_party_org(user: Any, org_id: int, *, manage: bool = False) -> PartyOrg:
    org = PartyOrg.objects.filter(pk=org_id).select_related("unit", "parent").first()
    if org is None:
        raise Http404
    check_path(user, org.unit.path, manage=manage)
    return org


def visible_member_count(user: Any, model: type[PartyOrg] | type[Household]) -> Count:
    """The number of an organisation's or a household's members the user may see (to annotate
    lists with: a count of members of other units would tell that they exist)."""
    path = "members__person__unit_path" if model is PartyOrg else "members__unit_path"
    return Count("members", filter=_within(path, viewable_paths(user)))


def members_of(org: PartyOrg, *, user: Any) -> QuerySet[PartyMembership]:
    """The organisation's members the user may see (a member may live in another unit)."""
    return (
        org.members.filter(_within("person__unit_path", viewable_paths(user)))
        .select_related("person", "person__unit")
        .order_by("person__id")
    )


def members_of_household(household: Household, *, user: Any) -> QuerySet[Person]:
    """The household's members the user may see (a member may be registered in another unit)."""
    return (
        household.members.filter(_within("unit_path", viewable_paths(user)))
        .select_related("unit", "household", "membership")
        .order_by("id")
    )


#: the choices of ``members_by_status``: each status, and the floating members
MEMBER_STATUS_CHOICES = [*PartyMembership.Status.choices, ("floating", _("流动党员"))]


def members_by_status(members: QuerySet[PartyMembership], status: str) -> QuerySet[PartyMembership]:
    """``members`` (memberships) of one status, or the floating ones (``floating``)."""
    if status == "floating":
        return members.filter(is_floating=True)
    return members.filter(status=status)


def bodies_in(user: Any, *, within: Unit) -> QuerySet[Body]:
    return (
        Body.objects.filter(unit__path__startswith=within.path)
        .filter(_within("unit__path", viewable_paths(user)))
        .select_related("unit")
        .annotate(seat_count=Count("seats"))
    )


def access_body(user: Any, body_id: int, *, manage: bool = False) -> Body:
    body = Body.objects.filter(pk=body_id).select_related("unit", "party_org").first()
    if body is None:
        raise Http404
    check_path(user, body.unit.path, manage=manage)
    return body


def roster_of(body: Body) -> QuerySet[Any]:
    return body.seats.select_related("person", "person__membership").order_by("id")


def membership_counts(*, within: Unit) -> dict[str, int]:
    rows = (
        PartyMembership.objects.filter(person__unit_path__startswith=within.path)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = {status: n for status, n in rows}
    counts["total"] = sum(counts.values())
    counts["floating"] = PartyMembership.objects.filter(
        person__unit_path__startswith=within.path, is_floating=True
    ).count()
    return counts


def managed_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(_within("path", managed_paths(user)))


def managed_party_orgs(user: Any) -> QuerySet[PartyOrg]:
    return PartyOrg.objects.filter(_within("unit__path", managed_paths(user))).select_related("unit")


#: object types whose audit trail can be read (``web.audit.queries.trail_for``), and the access
#: check that guards each
AUDITABLE: dict[str, Callable[[Any, int], Model]] = {
    "unit": access_unit,
    "person": access_person,
    "household": access_household,
    "partyorg": access_party_org,
    "body": access_body,
}

#: the kinds of unit that have a public board
PUBLIC_KINDS = [Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP, Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE]


def own_household(user: Any) -> list[Person]:
    """The members of the household of the person ``user``'s account is linked to, in their
    order (none without a linked person or a household): what a resident sees of their own
    household, whatever role they hold."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return list(Person.objects.filter(household__members__pk=person_id).only("name", "relation").order_by("id"))
