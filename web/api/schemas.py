"""What the API reads and writes. Inputs are strict (unknown fields are refused, text is
bounded); outputs are plain records built by the routers, never a model dumped whole."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

#: the largest id a database key holds (a bigger one is a 422, not an overflow)
MAX_ID = 2**63 - 1
ObjId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _storable(value: str) -> str:
    """Refuse what no database column can hold: NUL, and lone surrogates from JSON escapes."""
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]

UnitKind = Literal["district", "street", "township", "community", "village", "grid", "building"]
Gender = Literal["M", "F"]
PersonKind = Literal["resident", "villager"]
MembershipStatus = Literal["full", "probationary", "discipline", "suspended"]
PartyOrgKind = Literal["committee", "general_branch", "branch", "group"]
Post = Literal[
    "member", "secretary", "deputy_secretary", "director", "deputy_director", "committee_member", "representative"
]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# ---- units ---------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind


class UnitSummary(UnitRef):
    parent_id: int | None
    depth: int
    child_count: int


class UnitOut(UnitRef):
    parent_id: int | None
    depth: int
    can_manage: bool
    children: list[UnitSummary]


class UnitCounts(Schema):
    unit_id: int
    people: int
    households: int
    units_below: int
    party_members: dict[str, int] = Field(
        description="by status (full, probationary, discipline, suspended), plus total and floating"
    )


class UnitCreateIn(StrictIn):
    code: Text = Field(min_length=1, max_length=32, pattern=r"^\S+$")
    name: Text = Field(min_length=1, max_length=100)
    kind: UnitKind


class UnitRenameIn(StrictIn):
    name: Text = Field(min_length=1, max_length=100)


# ---- people --------------------------------------------------------------------------


class MembershipOut(Schema):
    org_id: int
    status: MembershipStatus
    is_floating: bool
    joined_on: dt.date | None


class HouseholdRef(Schema):
    id: int
    number: str


class PersonOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="whole for managing roles; otherwise masked: first character and last two")
    id_number_masked: bool
    phone: str
    gender: Gender
    birth_date: dt.date | None = Field(description="only with the whole ID number (the date is digits 7-14 of it)")
    birth_year: int
    kind: PersonKind
    unit: UnitRef
    household: HouseholdRef | None
    relation: str
    membership: MembershipOut | None


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


class PersonCreateIn(StrictIn):
    name: Text = Field(min_length=1, max_length=50)
    id_number: Text = Field(min_length=1, max_length=18)
    phone: Text = Field(default="", max_length=20)
    gender: Gender
    birth_date: dt.date
    kind: PersonKind = "resident"
    unit_id: ObjId
    household_id: ObjId | None = None
    relation: Text = Field(default="", max_length=20)


class PersonPatchIn(StrictIn):
    name: Text | None = Field(default=None, min_length=1, max_length=50)
    id_number: Text | None = Field(default=None, min_length=1, max_length=18)
    phone: Text | None = Field(default=None, max_length=20)
    gender: Gender | None = None
    birth_date: dt.date | None = None
    kind: PersonKind | None = None
    unit_id: ObjId | None = None
    household_id: ObjId | None = None
    relation: Text | None = Field(default=None, max_length=20)


class MembershipIn(StrictIn):
    org_id: ObjId
    status: MembershipStatus
    is_floating: bool = False
    joined_on: dt.date | None = None


# ---- households ----------------------------------------------------------------------


class HouseholdOut(Schema):
    id: int
    number: str
    address: str
    unit: UnitRef
    member_count: int


class HouseholdDetail(HouseholdOut):
    members: list[PersonOut]


class HouseholdPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[HouseholdOut]


class HouseholdCreateIn(StrictIn):
    number: Text = Field(min_length=1, max_length=32, pattern=r"^\S+$")
    address: Text = Field(default="", max_length=200)


# ---- party organisations and bodies --------------------------------------------------


class PartyOrgOut(Schema):
    id: int
    code: str
    name: str
    kind: PartyOrgKind
    unit: UnitRef
    parent_id: int | None
    member_count: int


class MemberOut(Schema):
    person_id: int
    name: str
    unit: UnitRef
    status: MembershipStatus
    is_floating: bool
    joined_on: dt.date | None


class MemberPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberOut]


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    unit: UnitRef
    party_org_id: int | None
    seat_count: int


class SeatOut(Schema):
    id: int
    person_id: int
    name: str
    post: Post
    since: dt.date | None
    membership_status: MembershipStatus | None


class RosterPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SeatOut]


class SeatIn(StrictIn):
    person_id: ObjId
    post: Post = "member"
    since: dt.date | None = None


# ---- audit ---------------------------------------------------------------------------


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, object]
    reason: str
    hash: str


class AuditPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEntryOut]
