"""People: read one, create, change (PATCH), set party membership.

Field checks are the staff pages' own (``PersonForm``: ID number check digit, phone, birth
date against the ID number, units one manages), so the API and the pages accept the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Router, Status

from web.api import records
from web.api.errors import ApiError, conflict_code, details_from_django, responses
from web.api.routers.common import IdPath, acting, referenced, run_action
from web.api.schemas import MembershipIn, MembershipOut, PersonCreateIn, PersonOut, PersonPatchIn
from web.org import actions, queries
from web.org.forms import PersonForm
from web.org.models import Person

router = Router(tags=["people"])

FORM_FIELDS = ["name", "gender", "birth_date", "id_number", "phone", "kind", "relation"]
RENAME = {"unit": "unit_id", "household": "household_id"}


def _checked(form: PersonForm) -> PersonForm:
    if not form.is_valid():
        exc = DjangoValidationError(form.errors.as_data())
        raise ApiError(conflict_code(exc) or "validation_failed", details_from_django(exc, rename=RENAME))
    return form


def _household(user: Any, household_id: int | None) -> Any:
    if household_id is None:
        return None
    return referenced("household_id", lambda: queries.access_household(user, household_id, manage=True))


def _reload(person_id: int, user: Any) -> dict[str, Any]:
    return records.person_record(queries.access_person(user, person_id), user=user)


@router.get("/people/{person_id}", response={200: PersonOut, **responses()}, summary="A person")
def get_person(request: HttpRequest, person_id: IdPath) -> Any:
    return records.person_record(queries.access_person(acting(request), person_id), user=acting(request))


@router.post(
    "/people", response={201: PersonOut, **responses(403, 409, 413)}, summary="Create a person in a unit you manage"
)
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Any:
    user = acting(request)
    unit = queries.access_unit(user, payload.unit_id, manage=True)
    data = {**payload.model_dump(include=set(FORM_FIELDS)), "unit": unit.pk}
    form = _checked(PersonForm(data, user=user))
    person = run_action(
        actions.do_create_person,
        rename=RENAME,
        acting_user=user,
        household=_household(user, payload.household_id),
        **form.cleaned_data,
    )
    return Status(201, _reload(person.pk, user))


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **responses(403, 409, 413)},
    summary="Change a person's record (only the fields sent)",
)
def update_person(request: HttpRequest, person_id: IdPath, payload: PersonPatchIn) -> Any:
    user = acting(request)
    person = queries.access_person(user, person_id, manage=True)
    sent = payload.model_dump(exclude_unset=True)
    nulls = [k for k, v in sent.items() if v is None and k != "household_id"]
    if nulls:
        raise ApiError(
            "validation_failed",
            [{"loc": ["body", k], "code": "null_not_allowed", "message": f"{k} cannot be null"} for k in nulls],
        )
    current = {f: getattr(person, f) for f in FORM_FIELDS} | {"unit": person.unit_id}
    data = current | {k: v for k, v in sent.items() if k in FORM_FIELDS}
    if "unit_id" in sent:
        data["unit"] = sent["unit_id"]
    form = _checked(PersonForm(data, instance=person, user=user))
    changes = form.changed_values()
    if "household_id" in sent:
        changes["household"] = _household(user, sent["household_id"])
    run_action(actions.do_update_person, rename=RENAME, person=person, acting_user=user, **changes)
    return _reload(person.pk, user)


@router.put(
    "/people/{person_id}/membership",
    response={200: MembershipOut, **responses(403, 413)},
    summary="Set a person's party membership",
)
def set_membership(request: HttpRequest, person_id: IdPath, payload: MembershipIn) -> Any:
    user = acting(request)
    person: Person = queries.access_person(user, person_id, manage=True)
    org = referenced("org_id", lambda: queries.access_party_org(user, payload.org_id, manage=True))
    m = run_action(
        actions.do_set_membership,
        person=person,
        org=org,
        status=payload.status,
        is_floating=payload.is_floating,
        joined_on=payload.joined_on,
        acting_user=user,
    )
    return {"org_id": m.org_id, "status": m.status, "is_floating": m.is_floating, "joined_on": m.joined_on}
