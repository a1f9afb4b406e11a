"""Every write to the organisation model respects the unit boundary: each ``do_*`` action (found
by introspection) and each staff page (found in the URL conf), with an object of community B
as the target, the referent and the current owner, acting as community A's organiser.

Refused means: the action raises (404 when B is out of the user's sight, 403 otherwise), the
page answers 4xx or shows the form again with a sentence; every table is unchanged; and
nothing of B (names, address) is in the answer. A new action or page without cases fails
``test_every_action_has_cases`` / ``test_every_org_page_is_classified``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLResolver, get_resolver

from tests.boundary import add_b_objects, discloses_b, tables, tie_a2_to_b
from web.org import actions
from web.org.models import Person

W = Any


@pytest.fixture
def b_world(world):  # type: ignore[no-untyped-def]
    return add_b_objects(world)


def _new_person(w: W, **extra: Any) -> dict[str, Any]:
    import datetime as dt

    from web.org.testing import _id

    return {
        "name": "赵敏",
        "id_number": _id("51010419900215456"),
        "gender": "F",
        "birth_date": dt.date(1990, 2, 15),
        "unit": w.grid_a2,
        **extra,
    }


#: action → {role: (prepare the world, the action's keyword arguments)}
Case = tuple[Callable[[W], None], Callable[[W], dict[str, Any]]]
NOTHING: Callable[[W], None] = lambda w: None  # noqa: E731

ACTION_CASES: dict[str, dict[str, Case]] = {
    "do_create_unit": {
        "target": (NOTHING, lambda w: {"code": "C2G9", "name": "新网格", "kind": "grid", "parent": w.community_b}),
    },
    "do_create_body": {
        "target": (NOTHING, lambda w: {"unit": w.community_b, "name": "测评人名单", "kind": "appraisal_raters"}),
    },
    "do_rename_unit": {"owner": (NOTHING, lambda w: {"unit": w.grid_b1, "name": "改名"})},
    "do_create_person": {
        "target": (NOTHING, lambda w: _new_person(w, unit=w.grid_b1)),
        "referent": (NOTHING, lambda w: _new_person(w, household=w.household_b)),
    },
    "do_update_person": {
        "owner": (NOTHING, lambda w: {"person": w.person_b, "phone": "13900000000"}),
        "target": (NOTHING, lambda w: {"person": w.person_a2, "unit": w.grid_b1}),
        "referent": (NOTHING, lambda w: {"person": w.person_a2, "household": w.household_b}),
        "owner-household": (tie_a2_to_b, lambda w: {"person": w.person_a2, "household": w.household_a}),
    },
    "do_create_household": {
        "target": (NOTHING, lambda w: {"unit": w.grid_b1, "number": "C2-0009", "address": "红星路10号"}),
    },
    "do_set_membership": {
        "owner": (NOTHING, lambda w: {"person": w.person_b, "org": w.branch_a, "status": "suspended"}),
        "referent": (NOTHING, lambda w: {"person": w.person_a2, "org": w.branch_b, "status": "full"}),
        "owner-org": (tie_a2_to_b, lambda w: {"person": w.person_a2, "org": w.branch_a, "status": "suspended"}),
    },
    "do_seat_person": {
        "owner": (NOTHING, lambda w: {"body": w.body_b, "person": w.person_a2, "post": "member"}),
        "referent": (NOTHING, lambda w: {"body": w.body_a, "person": w.person_b, "post": "member"}),
    },
    "do_unseat_person": {"owner": (NOTHING, lambda w: {"seat": w.seat_b, "reason": "迁出"})},
    "do_grant_role": {"target": (NOTHING, lambda w: {"user": w.member, "unit": w.community_b, "kind": "org_staff"})},
    "do_revoke_role": {"owner": (NOTHING, lambda w: {"role": w.role_b})},
}


def _org_actions() -> set[str]:
    return {
        name
        for name, f in inspect.getmembers(actions, inspect.isfunction)
        if name.startswith("do_") and f.__module__ == actions.__name__
    }


def test_every_action_has_cases():
    assert _org_actions() == set(ACTION_CASES)


@pytest.mark.parametrize(("action", "role"), [(a, r) for a, cases in ACTION_CASES.items() for r in cases])
def test_an_action_on_an_object_of_b_is_refused(b_world, action, role):
    prepare, arguments = ACTION_CASES[action][role]
    prepare(b_world)
    kwargs = arguments(b_world)
    before = tables()
    with pytest.raises((PermissionDenied, Http404)):
        getattr(actions, action)(acting_user=b_world.organiser, **kwargs)
    assert tables() == before


# ---- pages ------------------------------------------------------------------------------

#: org pages that only read (their boundary is tests/test_url_access.py and test_boundary_reads.py)
READ_PAGES = {
    "org:home",
    "org:my_household",
    "org:tree_children",
    "org:unit",
    "org:people",
    "org:party_orgs",
    "org:bodies",
    "org:person",
    "org:household",
    "org:party_org",
    "org:body",
    "org:audit",
    "org:export",
    "org:import_template",
}
#: the import's cases are generated per sheet and column in tests/test_boundary_import.py; an
#: import's own page writes only that import, its uploader's (web/org/tests/test_import.py)
HANDLED_ELSEWHERE = {"org:import", "org:import_run"}

#: page → {role: (prepare, URL, POST data, statuses that mean refused)}
PageCase = tuple[Callable[[W], None], Callable[[W], str], Callable[[W], dict[str, Any]], set[int]]
SHOWN_AGAIN = {200, 403}  # the form again, with the sentence (and nothing written)
PAGE_CASES: dict[str, dict[str, PageCase]] = {
    "org:person_edit": {
        "owner": (NOTHING, lambda w: f"/staff/people/{w.person_b.pk}/edit/", lambda w: {"name": "改名"}, {404}),
        "target": (
            NOTHING,
            lambda w: f"/staff/people/{w.person_a2.pk}/edit/",
            lambda w: _form(w.person_a2, unit=w.grid_b1.pk),
            SHOWN_AGAIN,
        ),
    },
    "org:person_create": {
        "owner": (NOTHING, lambda w: f"/staff/units/{w.community_b.pk}/new-person/", lambda w: {}, {404}),
        "target": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_a.pk}/new-person/",
            lambda w: {**_new_person(w), "unit": w.grid_b1.pk, "birth_date": "1990-02-15"},
            SHOWN_AGAIN,
        ),
    },
    "org:unit_create": {
        "target": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_b.pk}/new-unit/",
            lambda w: {"code": "C2G9", "name": "新网格", "kind": "grid"},
            {404},
        ),
    },
    "org:household_create": {
        "target": (
            NOTHING,
            lambda w: f"/staff/units/{w.grid_b1.pk}/new-household/",
            lambda w: {"number": "C2-0009"},
            {404},
        ),
    },
    "org:membership_set": {
        "owner": (
            NOTHING,
            lambda w: f"/staff/people/{w.person_b.pk}/membership/",
            lambda w: {"org": w.branch_a.pk, "status": "suspended"},
            {404},
        ),
        "referent": (
            NOTHING,
            lambda w: f"/staff/people/{w.person_a2.pk}/membership/",
            lambda w: {"org": w.branch_b.pk, "status": "full"},
            SHOWN_AGAIN,
        ),
        "owner-org": (
            tie_a2_to_b,
            lambda w: f"/staff/people/{w.person_a2.pk}/membership/",
            lambda w: {"org": w.branch_a.pk, "status": "suspended"},
            SHOWN_AGAIN,
        ),
    },
    "org:seat_add": {
        "owner": (
            NOTHING,
            lambda w: f"/staff/bodies/{w.body_b.pk}/seats/new/",
            lambda w: {"id_number": w.person_a2.id_number, "post": "member"},
            {404},
        ),
        "referent": (
            NOTHING,
            lambda w: f"/staff/bodies/{w.body_a.pk}/seats/new/",
            lambda w: {"id_number": w.person_b.id_number, "post": "member"},
            SHOWN_AGAIN,
        ),
    },
    "org:seat_remove": {
        "owner": (
            NOTHING,
            lambda w: f"/staff/bodies/{w.body_b.pk}/seats/{w.seat_b.pk}/remove/",
            lambda w: {"reason": "迁出"},
            {404},
        ),
        "referent": (
            NOTHING,
            lambda w: f"/staff/bodies/{w.body_a.pk}/seats/{w.seat_b.pk}/remove/",
            lambda w: {"reason": "迁出"},
            {404},
        ),
    },
    "org:roles": {
        "target": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_b.pk}/roles/",
            lambda w: {"username": "member", "kind": "org_staff"},
            {404},
        ),
    },
    "org:role_setup_link": {
        "owner": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_b.pk}/roles/{w.role_b.pk}/setup-link/",
            lambda w: {},
            {404},
        ),
        "referent": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_a.pk}/roles/{w.role_b.pk}/setup-link/",
            lambda w: {},
            {404},
        ),
    },
    "org:role_revoke": {
        "owner": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_b.pk}/roles/{w.role_b.pk}/revoke/",
            lambda w: {},
            {404},
        ),
        "referent": (
            NOTHING,
            lambda w: f"/staff/units/{w.community_a.pk}/roles/{w.role_b.pk}/revoke/",
            lambda w: {},
            {404},
        ),
    },
}


def _form(person: Person, **changes: Any) -> dict[str, Any]:
    fields = ["name", "gender", "id_number", "phone", "kind", "relation"]
    return {
        **{f: getattr(person, f) for f in fields},
        "birth_date": person.birth_date.isoformat(),
        "unit": person.unit_id,
        **changes,
    }


def _org_page_names(patterns: list[Any], ns: str | None = None) -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _org_page_names(p.url_patterns, p.namespace or ns)
        elif p.name and ns == "org":
            names.add(f"org:{p.name}")
    return names


def test_every_org_page_is_classified():
    pages = _org_page_names(get_resolver().url_patterns)
    assert pages == READ_PAGES | HANDLED_ELSEWHERE | set(PAGE_CASES)


@pytest.mark.parametrize(("page", "role"), [(p, r) for p, cases in PAGE_CASES.items() for r in cases])
def test_a_page_write_on_an_object_of_b_is_refused(b_world, client_for, page, role):
    prepare, url, data, refused = PAGE_CASES[page][role]
    prepare(b_world)
    before = tables()
    response = client_for(b_world.organiser).post(url(b_world), data(b_world))
    assert response.status_code in refused, (response.status_code, response.content.decode()[-800:])
    assert tables() == before
    assert discloses_b(response.content) == []


# ---- other apps ---------------------------------------------------------------------------

ORG_MODELS = r"(Unit|Household|Person|PartyOrg|PartyMembership|Body|BodySeat|Role)"
ORG_WRITE = re.compile(
    rf"\b{ORG_MODELS}\.objects\.(create|bulk_create|bulk_update|update_or_create|get_or_create)\("
    rf"|\b{ORG_MODELS}\.objects\.filter\(.*\)\.(update|delete)\("
    r"|\.(seats|roles|members|households|people|party_orgs|bodies|children)\.(create|add|get_or_create"
    r"|update_or_create|bulk_create|update|delete)\("
)
#: where the organisation model may be written: its actions (checked above) and the importer
#: (tests/test_boundary_import.py); fixtures and demo data are not user-driven writes
WRITERS = ("web/org/actions.py", "web/org/transfer/apply.py")
NOT_USER_DRIVEN = ("/tests/", "/migrations/", "/demo/", "/demo.py", "testing.py", "/management/commands/seed_")


def test_only_the_org_actions_and_the_importer_write_org_models():
    """An action of another app that changed units, people, households, organisations,
    memberships, bodies or roles would bypass the cases above: it must go through an org action."""
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted((root / "web").rglob("*.py"))
        if not str(path.relative_to(root)).endswith(WRITERS) and not any(s in str(path) for s in NOT_USER_DRIVEN)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ORG_WRITE.search(line)
    ]
    assert found == []
