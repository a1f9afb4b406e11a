"""Writes to the organisation model. Each ``do_<verb>`` runs in one transaction and
records its audit entry in it, so a change and its record land together or not at all."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from web.audit.actions import diff, record
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return model_to_dict(obj, fields=fields)


def place_unit(unit: Unit) -> None:
    """Set ``path`` and ``depth`` from the parent (the unit must have a pk)."""
    parent_path = unit.parent.path if unit.parent_id else "/"
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
def do_create_unit(*, code: str, name: str, kind: str, parent: Unit | None, acting_user: Any) -> Unit:
    check_unit_kind(kind=kind, parent=parent)
    unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent, path="")
    place_unit(unit)
    unit.save(update_fields=["path", "depth"])
    record(actor=acting_user, action="unit.create", obj=unit,
           changes={"code": [None, code], "name": [None, name], "kind": [None, kind],
                    "parent": [None, parent.pk if parent else None]})
    return unit


@transaction.atomic
def do_rename_unit(*, unit: Unit, name: str, acting_user: Any) -> Unit:
    before = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    record(actor=acting_user, action="unit.update", obj=unit, changes={"name": [before, name]})
    return unit


PERSON_FIELDS = ["name", "id_number", "phone", "gender", "birth_date", "kind", "unit", "household", "relation"]


@transaction.atomic
def do_create_person(*, acting_user: Any, **fields: Any) -> Person:
    person = Person(**fields)
    person.unit_path = person.unit.path
    person.full_clean()
    person.save()
    record(actor=acting_user, action="person.create", obj=person, changes=diff({}, _snapshot(person, PERSON_FIELDS)))
    return person


@transaction.atomic
def do_update_person(*, person: Person, acting_user: Any, **fields: Any) -> Person:
    # compare with what is stored: a bound ModelForm has already changed the instance
    before = _snapshot(Person.objects.select_for_update().get(pk=person.pk), PERSON_FIELDS)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(person, name, value)
    person.unit_path = person.unit.path
    person.full_clean()
    person.save()
    changes = diff(before, _snapshot(person, PERSON_FIELDS))
    if changes:
        record(actor=acting_user, action="person.update", obj=person, changes=changes)
    return person


@transaction.atomic
def do_create_household(*, unit: Unit, number: str, address: str, acting_user: Any) -> Household:
    household = Household(unit=unit, number=number, address=address)
    household.full_clean()
    household.save()
    record(actor=acting_user, action="household.create", obj=household,
           changes={"number": [None, number], "address": [None, address], "unit": [None, unit.pk]})
    return household


@transaction.atomic
def do_set_membership(
    *, person: Person, org: PartyOrg, status: str, is_floating: bool = False, joined_on: Any = None,
    acting_user: Any,
) -> PartyMembership:
    """Create or change a person's party membership (status, organisation, floating)."""
    fields = ["org", "status", "is_floating", "joined_on"]
    membership = PartyMembership.objects.filter(person=person).first()
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
        record(actor=acting_user, action="membership.set", obj=membership, changes=changes)
    return membership


@transaction.atomic
def do_seat_person(*, body: Body, person: Person, post: str, since: Any = None, acting_user: Any) -> BodySeat:
    if BodySeat.objects.filter(body=body, person=person).exists():
        raise ValidationError(_("%(person)s 已在 %(body)s 的名册中。") % {"person": person, "body": body})
    seat = BodySeat.objects.create(body=body, person=person, post=post, since=since)
    record(actor=acting_user, action="body.seat", obj=seat,
           changes={"body": [None, body.pk], "person": [None, person.pk], "post": [None, post]})
    return seat


@transaction.atomic
def do_unseat_person(*, seat: BodySeat, acting_user: Any, reason: str = "") -> None:
    record(actor=acting_user, action="body.unseat", obj=seat, reason=reason,
           changes={"body": [seat.body_id, None], "person": [seat.person_id, None]})
    seat.delete()


@transaction.atomic
def do_grant_role(*, user: Any, unit: Unit, kind: str, body: Body | None = None, acting_user: Any) -> Role:
    role, created = Role.objects.get_or_create(user=user, unit=unit, kind=kind, body=body)
    if created:
        record(actor=acting_user, action="role.grant", obj=role,
               changes={"user": [None, user.pk], "unit": [None, unit.pk], "kind": [None, kind]})
    return role


@transaction.atomic
def do_revoke_role(*, role: Role, acting_user: Any) -> None:
    record(actor=acting_user, action="role.revoke", obj=role,
           changes={"user": [role.user_id, None], "unit": [role.unit_id, None], "kind": [role.kind, None]})
    role.delete()
