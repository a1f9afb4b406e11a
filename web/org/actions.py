"""Writes to the organisation model. Each ``do_<verb>`` runs in one transaction and
records its audit entry in it, so a change and its record land together or not at all.

The unit boundary (docs/architecture.md): every action checks, itself, that the acting user
manages the units that own each object it changes *as stored now* (``check_may_change``),
where anything is created or moved to (``check_may_place``), and may see what it points at
(``check_may_refer``). Views check the same before calling; the action's check is the one a
new caller cannot forget. A move is audited under both the unit it leaves and the one it
reaches, so each unit's trail shows who changed its data."""

from __future__ import annotations

from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import EntryFields, diff, record, record_many
from web.audit.names import Action
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit
from web.org.queries import check_may_change, check_may_place, check_may_refer


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return model_to_dict(obj, fields=fields)


def _record_under_units(unit_ids: list[int | None], **entry: Unpack[EntryFields]) -> None:
    """One entry per distinct unit: a move is written under the unit it leaves and the one it reaches."""
    record_many([{**entry, "unit_id": u} for u in dict.fromkeys(u for u in unit_ids if u is not None)])


def place_unit(unit: Unit) -> None:
    """Set ``path`` and ``depth`` from the parent (the unit must have a pk)."""
    parent_path = unit.parent.path if unit.parent is not None else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = parent_path.count("/") - 1


def check_unit_kind(*, kind: str, parent: Unit | None) -> None:
    if parent is None:
        if kind != Unit.Kind.DISTRICT and kind not in (Unit.Kind.STREET, Unit.Kind.TOWNSHIP):
            raise ValidationError(_("顶级单位必须是区、街道或镇。"))
        return
    allowed = Unit.CHILD_KINDS[Unit.Kind(parent.kind)]
    if kind not in allowed:
        raise ValidationError(
            _("“%(parent)s”（%(pk)s）下不能设立%(kind)s。")
            % {"parent": parent.name, "pk": parent.get_kind_display(), "kind": Unit.Kind(kind).label}
        )


@transaction.atomic
def do_create_unit(*, code: str, name: str, kind: str, parent: Unit | None, acting_user: Actor) -> Unit:
    check_may_place(acting_user, parent)
    check_unit_kind(kind=kind, parent=parent)
    unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent, path="")
    place_unit(unit)
    unit.save(update_fields=["path", "depth"])
    record(
        actor=acting_user,
        action=Action.UNIT_CREATE,
        obj=unit,
        changes={
            "code": [None, code],
            "name": [None, name],
            "kind": [None, kind],
            "parent": [None, parent.pk if parent else None],
        },
    )
    return unit


@transaction.atomic
def do_rename_unit(*, unit: Unit, name: str, acting_user: Actor) -> Unit:
    check_may_change(acting_user, unit)
    before = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    record(actor=acting_user, action=Action.UNIT_UPDATE, obj=unit, changes={"name": [before, name]})
    return unit


PERSON_FIELDS = ["name", "id_number", "phone", "gender", "birth_date", "kind", "unit", "household", "relation"]


@transaction.atomic
def do_create_person(*, acting_user: Actor, **fields: Any) -> Person:
    person = Person(**fields)
    check_may_place(acting_user, person.unit)
    check_may_refer_household(acting_user, person.household)
    person.unit_path = person.unit.path
    person.full_clean()
    person.save()
    record(
        actor=acting_user, action=Action.PERSON_CREATE, obj=person, changes=diff({}, _snapshot(person, PERSON_FIELDS))
    )
    return person


@transaction.atomic
def do_update_person(*, person: Person, acting_user: Actor, **fields: Any) -> Person:
    # compare with what is stored: a bound ModelForm has already changed the instance
    stored = Person.objects.select_for_update().get(pk=person.pk)
    check_may_change(acting_user, stored)
    before = _snapshot(stored, PERSON_FIELDS)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(person, name, value)
    if person.unit_id != stored.unit_id:
        check_may_place(acting_user, person.unit)
    if person.household_id != stored.household_id:
        check_may_refer_household(acting_user, person.household)
        check_may_refer_household(acting_user, stored.household)
    person.unit_path = person.unit.path
    person.full_clean()
    person.save()
    changes = diff(before, _snapshot(person, PERSON_FIELDS))
    if changes:
        _record_under_units(
            [person.unit_id, stored.unit_id],
            actor=acting_user,
            action=Action.PERSON_UPDATE,
            obj=person,
            changes=changes,
        )
    return person


def check_may_refer_household(user: Any, household: Household | None) -> None:
    """A household a person joins or leaves: its members are listed to its unit, so the
    user must manage that unit (not only see it)."""
    if household is not None:
        check_may_change(user, household)


@transaction.atomic
def do_create_household(*, unit: Unit, number: str, address: str, acting_user: Actor) -> Household:
    check_may_place(acting_user, unit)
    household = Household(unit=unit, number=number, address=address)
    household.full_clean()
    household.save()
    record(
        actor=acting_user,
        action=Action.HOUSEHOLD_CREATE,
        obj=household,
        changes={"number": [None, number], "address": [None, address], "unit": [None, unit.pk]},
    )
    return household


@transaction.atomic
def do_set_membership(
    *,
    person: Person,
    org: PartyOrg,
    status: str,
    is_floating: bool = False,
    joined_on: Any = None,
    acting_user: Actor,
) -> PartyMembership:
    """Create or change a person's party membership (status, organisation, floating)."""
    fields = ["org", "status", "is_floating", "joined_on"]
    check_may_change(acting_user, person)
    check_may_change(acting_user, org)
    membership = PartyMembership.objects.filter(person=person).select_related("org").first()
    check_may_change(acting_user, membership)
    old_org_unit = membership.org.unit_id if membership else None
    before = _snapshot(membership, fields) if membership else {}
    if membership is None:
        membership = PartyMembership(person=person)
    membership.org, membership.status, membership.is_floating = org, status, is_floating
    if joined_on is not None:
        membership.joined_on = joined_on
    membership.full_clean()
    membership.save()
    changes = diff(before, _snapshot(membership, fields))
    if changes:
        # a move between organisations is also written under the units of both organisations
        moved = [old_org_unit, org.unit_id] if old_org_unit is not None and "org" in changes else []
        _record_under_units(
            [person.unit_id, *moved], actor=acting_user, action=Action.MEMBERSHIP_SET, obj=membership, changes=changes
        )
    return membership


@transaction.atomic
def do_create_body(*, unit: Unit, name: str, kind: str, acting_user: Actor) -> Body:
    """A body of ``unit`` with no one on its roster yet (``do_seat_person`` seats them)."""
    check_may_place(acting_user, unit)
    body = Body(unit=unit, name=name, kind=kind)
    body.full_clean()
    body.save()
    record(actor=acting_user, action=Action.BODY_CREATE, obj=body, changes={"name": [None, name], "kind": [None, kind]})
    return body


@transaction.atomic
def do_seat_person(*, body: Body, person: Person, post: str, since: Any = None, acting_user: Actor) -> BodySeat:
    check_may_change(acting_user, body)
    check_may_refer(acting_user, person)
    if BodySeat.objects.filter(body=body, person=person).exists():
        raise ValidationError(_("%(person)s 已在 %(body)s 的名册中。") % {"person": person, "body": body})
    seat = BodySeat.objects.create(body=body, person=person, post=post, since=since)
    record(
        actor=acting_user,
        action=Action.BODY_SEAT,
        obj=seat,
        changes={"body": [None, body.pk], "person": [None, person.pk], "post": [None, post]},
    )
    return seat


@transaction.atomic
def do_unseat_person(*, seat: BodySeat, acting_user: Actor, reason: str = "") -> None:
    check_may_change(acting_user, seat)
    record(
        actor=acting_user,
        action=Action.BODY_UNSEAT,
        obj=seat,
        reason=reason,
        changes={"body": [seat.body_id, None], "person": [seat.person_id, None]},
    )
    seat.delete()


@transaction.atomic
def do_grant_role(*, user: Any, unit: Unit, kind: str, body: Body | None = None, acting_user: Actor) -> Role:
    check_may_place(acting_user, unit)
    if body is not None and body.unit_id != unit.pk:
        raise ValidationError(_("机构不属于这个单位。"))
    role, created = Role.objects.get_or_create(user=user, unit=unit, kind=kind, body=body)
    if created:
        record(
            actor=acting_user,
            action=Action.ROLE_GRANT,
            obj=role,
            changes={"user": [None, user.pk], "unit": [None, unit.pk], "kind": [None, kind]},
        )
    return role


@transaction.atomic
def do_revoke_role(*, role: Role, acting_user: Actor) -> None:
    check_may_change(acting_user, role)
    record(
        actor=acting_user,
        action=Action.ROLE_REVOKE,
        obj=role,
        changes={"user": [role.user_id, None], "unit": [role.unit_id, None], "kind": [role.kind, None]},
    )
    role.delete()
