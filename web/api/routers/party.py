"""Households, party organisations and their members, bodies and their rosters."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from web.api import records
from web.api.errors import ApiError, detail, responses
from web.api.routers.common import IdPath, acting, limit_param, offset_param, referenced, run_action
from web.api.schemas import BodyOut, HouseholdDetail, MemberPage, PartyOrgOut, RosterPage, SeatIn, SeatOut, Text
from web.org import actions, queries
from web.org.models import BodySeat

Reason = Query[Annotated[Text, Field(min_length=1, max_length=500, pattern=r"\S", description="why (required)")]]

router = Router(tags=["households, party, bodies"])


@router.get(
    "/households/{household_id}", response={200: HouseholdDetail, **responses()}, summary="A household and its members"
)
def get_household(request: HttpRequest, household_id: IdPath) -> Any:
    user = acting(request)
    household = queries.access_household(user, household_id)
    members = queries.members_of_household(household, user=user)
    items = [records.person_record(p, user=user) for p in members]
    return {**records.household_record(household), "member_count": len(items), "members": items}


@router.get("/party-orgs/{org_id}", response={200: PartyOrgOut, **responses()}, summary="A party organisation")
def get_party_org(request: HttpRequest, org_id: IdPath) -> Any:
    user = acting(request)
    org = queries.access_party_org(user, org_id)
    counted = type(org).objects.annotate(member_count=queries.visible_member_count(user, type(org)))
    return records.party_org_record(counted.select_related("unit").get(pk=org.pk))


@router.get(
    "/party-orgs/{org_id}/members", response={200: MemberPage, **responses()}, summary="Members of a party organisation"
)
def list_party_members(
    request: HttpRequest, org_id: IdPath, limit: int = limit_param(), offset: int = offset_param()
) -> Any:
    user = acting(request)
    org = queries.access_party_org(user, org_id)
    return records.page(queries.members_of(org, user=user), limit=limit, offset=offset, record=records.member_record)


@router.get("/bodies/{body_id}", response={200: BodyOut, **responses()}, summary="A body")
def get_body(request: HttpRequest, body_id: IdPath) -> Any:
    body = queries.access_body(acting(request), body_id)
    return records.body_record(
        type(body).objects.annotate(seat_count=Count("seats")).select_related("unit").get(pk=body.pk)
    )


@router.get("/bodies/{body_id}/seats", response={200: RosterPage, **responses()}, summary="A body's roster")
def list_seats(request: HttpRequest, body_id: IdPath, limit: int = limit_param(), offset: int = offset_param()) -> Any:
    body = queries.access_body(acting(request), body_id)
    return records.page(queries.roster_of(body), limit=limit, offset=offset, record=records.seat_record)


@router.post(
    "/bodies/{body_id}/seats",
    response={201: SeatOut, **responses(403, 409, 413)},
    summary="Add a person to a body's roster",
)
def add_seat(request: HttpRequest, body_id: IdPath, payload: SeatIn) -> Any:
    user = acting(request)
    body = queries.access_body(user, body_id, manage=True)
    person = referenced("person_id", lambda: queries.access_person(user, payload.person_id))
    if BodySeat.objects.filter(body=body, person=person).exists():
        raise ApiError("already_seated", [detail(["body", "person_id"], "unique", str(person.pk))])
    seat = run_action(
        actions.do_seat_person, body=body, person=person, post=payload.post, since=payload.since, acting_user=user
    )
    return Status(201, records.seat_record(queries.roster_of(body).get(pk=seat.pk)))


@router.delete(
    "/bodies/{body_id}/seats/{seat_id}",
    response={204: None, **responses(403)},
    summary="Remove a person from a body's roster (a reason is required)",
)
def remove_seat(request: HttpRequest, body_id: IdPath, seat_id: IdPath, reason: Reason) -> Any:
    user = acting(request)
    body = queries.access_body(user, body_id, manage=True)
    seat = BodySeat.objects.filter(pk=seat_id, body=body).select_related("person", "body").first()
    if seat is None:
        raise ApiError("not_found")
    actions.do_unseat_person(seat=seat, acting_user=user, reason=reason.strip())
    return Status(204, None)
