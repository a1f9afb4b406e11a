"""Units: the roots a user sees, a unit with its children, subtree counts, and the lists
inside a unit (people, households, party organisations, bodies)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from web.api import records
from web.api.errors import ApiError, detail, responses
from web.api.routers.common import IdPath, acting, limit_param, offset_param, run_action, search_param
from web.api.schemas import (
    BodyOut,
    HouseholdCreateIn,
    HouseholdOut,
    HouseholdPage,
    PartyOrgOut,
    PersonPage,
    UnitCounts,
    UnitCreateIn,
    UnitOut,
    UnitRenameIn,
    UnitSummary,
)
from web.org import actions, queries
from web.org.models import Household, Unit

router = Router(tags=["units"])


def _unit_out(unit: Unit, user: Any) -> dict[str, Any]:
    return {
        **records.unit_ref(unit),
        "parent_id": unit.parent_id,
        "depth": unit.depth,
        "can_manage": queries.can_manage_path(user, unit.path),
        "children": [records.unit_summary(c) for c in queries.children_of(unit)],
    }


@router.get("/units", response={200: list[UnitSummary], **responses()}, summary="Units where your tree starts")
def list_root_units(request: HttpRequest) -> Any:
    return [records.unit_summary(u) for u in queries.root_units(acting(request)).order_by("path")]


@router.get("/units/{unit_id}", response={200: UnitOut, **responses()}, summary="A unit and its children")
def get_unit(request: HttpRequest, unit_id: IdPath) -> Any:
    return _unit_out(queries.access_unit(acting(request), unit_id), acting(request))


@router.get("/units/{unit_id}/counts", response={200: UnitCounts, **responses()}, summary="Counts in a subtree")
def get_unit_counts(request: HttpRequest, unit_id: IdPath) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id)
    return {
        "unit_id": unit.pk,
        "people": queries.search_people(user, within=unit).count(),
        "households": Household.objects.filter(unit__path__startswith=unit.path).count(),
        "units_below": queries.visible_units(user).filter(path__startswith=unit.path).exclude(pk=unit.pk).count(),
        "party_members": queries.membership_counts(within=unit),
    }


@router.post(
    "/units/{unit_id}/children",
    response={201: UnitOut, **responses(403, 409, 413)},
    summary="Create a unit under one you manage",
)
def create_unit(request: HttpRequest, unit_id: IdPath, payload: UnitCreateIn) -> Any:
    user = acting(request)
    parent = queries.access_unit(user, unit_id, manage=True)
    if Unit.objects.filter(code=payload.code).exists():
        raise ApiError("duplicate_unit_code", [detail(["body", "code"], "unique", payload.code)])
    if payload.kind not in Unit.CHILD_KINDS[Unit.Kind(parent.kind)]:
        raise ApiError(
            "validation_failed",
            [detail(["body", "kind"], "kind_not_allowed_here", f"a {payload.kind} cannot sit under a {parent.kind}")],
        )
    unit = run_action(
        actions.do_create_unit, code=payload.code, name=payload.name, kind=payload.kind, parent=parent, acting_user=user
    )
    return Status(201, _unit_out(unit, user))


@router.patch("/units/{unit_id}", response={200: UnitOut, **responses(403, 413)}, summary="Rename a unit")
def rename_unit(request: HttpRequest, unit_id: IdPath, payload: UnitRenameIn) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id, manage=True)
    return _unit_out(run_action(actions.do_rename_unit, unit=unit, name=payload.name, acting_user=user), user)


@router.get(
    "/units/{unit_id}/people", response={200: PersonPage, **responses()}, summary="Search people in a unit's subtree"
)
def list_people(
    request: HttpRequest,
    unit_id: IdPath,
    q: str = search_param(),
    limit: int = limit_param(),
    offset: int = offset_param(),
) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id)
    return records.page(
        queries.search_people(user, within=unit, q=q),
        limit=limit,
        offset=offset,
        record=lambda p: records.person_record(p, user=user),
    )


@router.get(
    "/units/{unit_id}/households",
    response={200: HouseholdPage, **responses()},
    summary="Households in a unit's subtree",
)
def list_households(
    request: HttpRequest, unit_id: IdPath, limit: int = limit_param(), offset: int = offset_param()
) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id)
    # the whole subtree of a unit one can see is visible (access is granted per subtree); a
    # member registered in another unit is counted only for those who may see them
    qs = (
        Household.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(member_count=queries.visible_member_count(user, Household))
        .order_by("number")
    )
    return records.page(qs, limit=limit, offset=offset, record=records.household_record)


@router.post(
    "/units/{unit_id}/households",
    response={201: HouseholdOut, **responses(403, 409, 413)},
    summary="Create a household in a unit you manage",
)
def create_household(request: HttpRequest, unit_id: IdPath, payload: HouseholdCreateIn) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id, manage=True)
    household = run_action(
        actions.do_create_household, unit=unit, number=payload.number, address=payload.address, acting_user=user
    )
    return Status(201, records.household_record(household))


@router.get(
    "/units/{unit_id}/party-orgs",
    response={200: list[PartyOrgOut], **responses()},
    summary="Party organisations in a unit's subtree",
)
def list_party_orgs(request: HttpRequest, unit_id: IdPath) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id)
    return [records.party_org_record(o) for o in queries.party_orgs_in(user, within=unit)]


@router.get(
    "/units/{unit_id}/bodies", response={200: list[BodyOut], **responses()}, summary="Bodies in a unit's subtree"
)
def list_bodies(request: HttpRequest, unit_id: IdPath) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, unit_id)
    return [records.body_record(b) for b in queries.bodies_in(user, within=unit)]
