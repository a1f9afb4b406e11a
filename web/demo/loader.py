"""Writing a :class:`~web.demo.generator.Plan` into the database, fast and in one
transaction, with one audit entry for the whole seed.

The rows go in with ``bulk_create`` in batches, level by level where a row needs its
parent's primary key (units, party organisations), then ``path``/``depth`` and the people's
``unit_path`` are filled from those keys. The loader writes straight to the tables instead
of calling one ``do_<verb>`` action per row: 20,000 audit entries would say nothing that
the single ``demo.seed`` entry (seed, scale, counts, digest) does not, and would take minutes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from web.audit.actions import record
from web.audit.names import Action
from web.demo.generator import Plan, digest_of
from web.demo.personas import PASSWORD
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit

BATCH = 2000


def street_exists() -> bool:
    return Unit.objects.exists()


@transaction.atomic
def load_plan(plan: Plan) -> dict[str, Any]:
    """Insert the plan; return what the audit entry says (counts, seed, scale, digest)."""
    units = _load_units(plan)
    households = dict(
        zip(
            [h.number for h in plan.households],
            (
                h.pk
                for h in Household.objects.bulk_create(
                    [
                        Household(number=h.number, unit_id=units[h.unit_code].pk, address=h.address)
                        for h in plan.households
                    ],
                    batch_size=BATCH,
                )
            ),
            strict=True,
        )
    )
    people = dict(
        zip(
            [p.id_number for p in plan.people],
            (
                p.pk
                for p in Person.objects.bulk_create(
                    [
                        Person(
                            name=p.name,
                            id_number=p.id_number,
                            phone=p.phone,
                            gender=p.gender,
                            birth_date=p.birth_date,
                            kind=p.kind,
                            unit_id=units[p.unit_code].pk,
                            unit_path=units[p.unit_code].path,
                            household_id=households[p.household_number] if p.household_number else None,
                            relation=p.relation,
                        )
                        for p in plan.people
                    ],
                    batch_size=BATCH,
                )
            ),
            strict=True,
        )
    )
    orgs: dict[str, int] = {}
    pending = list(plan.orgs)
    while pending:  # parents first: a level at a time
        level = [o for o in pending if o.parent_code is None or o.parent_code in orgs]
        created = PartyOrg.objects.bulk_create(
            [
                PartyOrg(
                    code=o.code,
                    name=o.name,
                    kind=o.kind,
                    unit_id=units[o.unit_code].pk,
                    parent_id=orgs[o.parent_code] if o.parent_code else None,
                )
                for o in level
            ]
        )
        orgs.update((o.code, c.pk) for o, c in zip(level, created, strict=True))
        pending = [o for o in pending if o.code not in orgs]
    PartyMembership.objects.bulk_create(
        [
            PartyMembership(
                person_id=people[m.id_number],
                org_id=orgs[m.org_code],
                status=m.status,
                is_floating=m.is_floating,
                joined_on=m.joined_on,
            )
            for m in plan.memberships
        ],
        batch_size=BATCH,
    )
    created_bodies = Body.objects.bulk_create(
        [
            Body(
                name=b.name,
                kind=b.kind,
                unit_id=units[b.unit_code].pk,
                party_org_id=orgs[b.org_code] if b.org_code else None,
            )
            for b in plan.bodies
        ]
    )
    bodies = {b.key: c.pk for b, c in zip(plan.bodies, created_bodies, strict=True)}
    BodySeat.objects.bulk_create(
        [
            BodySeat(body_id=bodies[s.body_key], person_id=people[s.id_number], post=s.post, since=s.since)
            for s in plan.seats
        ],
        batch_size=BATCH,
    )
    _load_personas(plan, units=units, bodies=bodies, people=people)
    summary = {"seed": plan.seed, "scale": plan.scale, "counts": plan.counts(), "digest": plan.digest()}
    street = next(u for u in units.values() if u.kind == Unit.Kind.STREET)
    record(actor="seed_demo", action=Action.DEMO_SEED, obj=street, changes=summary, reason="演示数据（确定性生成）")
    _analyze()
    return summary


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load. Without it PostgreSQL believes the
    fresh tables nearly empty until autovacuum gets round to them, and picks nested loops over
    20,000 rows for the people list (60 ms instead of under 1 ms, measured by bench_people)."""
    models = (Unit, Household, Person, PartyOrg, PartyMembership, Body, BodySeat, Role)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _load_units(plan: Plan) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    pending = list(plan.units)
    while pending:
        level = [u for u in pending if u.parent_code is None or u.parent_code in units]
        created = Unit.objects.bulk_create(
            [
                Unit(
                    code=u.code,
                    name=u.name,
                    kind=u.kind,
                    path="",
                    parent_id=units[u.parent_code].pk if u.parent_code else None,
                )
                for u in level
            ]
        )
        for row, unit in zip(level, created, strict=True):
            parent_path = units[row.parent_code].path if row.parent_code else "/"
            unit.path = f"{parent_path}{unit.pk}/"
            unit.depth = parent_path.count("/") - 1
            units[row.code] = unit
        Unit.objects.bulk_update(created, ["path", "depth"], batch_size=500)
        pending = [u for u in pending if u.code not in units]
    return units


def _load_personas(plan: Plan, *, units: dict[str, Unit], bodies: dict[str, int], people: dict[str, int]) -> None:
    User = get_user_model()
    for p in plan.personas:
        user = User(
            username=p.username, display_name=p.display_name, person_id=people[p.id_number] if p.id_number else None
        )
        user.set_password(PASSWORD)
        user.save()
        Role.objects.create(
            user=user, unit=units[p.unit_code], kind=p.role, body_id=bodies[p.body_key] if p.body_key else None
        )


#: the bodies the stories make after the plan: the district's congress (``web.demo.congress``) and
#: the lists of raters of appraisals (the two-way appraisal's, ``web.demo.two_way``)
LATER_BODIES = Q(kind__in=(Body.Kind.CONGRESS, Body.Kind.APPRAISAL_RATERS))


def tables_in_database() -> dict[str, list[tuple[object, ...]]]:
    """The demo tables read back in the plan's row form, for comparing digests. The district's party
    congress is not in the plan (``web.demo.congress`` seats it after the stories), so its body,
    seats and roles are left out; so are the lists of raters of appraisals (``web.demo.two_way``)."""
    later = LATER_BODIES
    unit_code = dict(Unit.objects.values_list("id", "code"))
    household_number = dict(Household.objects.values_list("id", "number"))
    org_code = dict(PartyOrg.objects.values_list("id", "code"))
    id_number = dict(Person.objects.values_list("id", "id_number"))
    body_key = {pk: f"{unit_code[u]}:{k}" for pk, u, k in Body.objects.values_list("id", "unit_id", "kind")}
    from web.demo.personas import USERNAMES

    return {
        "units": [
            (c, n, k, unit_code.get(p)) for c, n, k, p in Unit.objects.values_list("code", "name", "kind", "parent_id")
        ],
        "households": [
            (n, unit_code[u], a) for n, u, a in Household.objects.values_list("number", "unit_id", "address")
        ],
        "people": [
            (i, n, ph, g, b, k, unit_code[u], household_number.get(h), r)
            for i, n, ph, g, b, k, u, h, r in Person.objects.values_list(
                "id_number", "name", "phone", "gender", "birth_date", "kind", "unit_id", "household_id", "relation"
            )
        ],
        "orgs": [
            (c, n, k, unit_code[u], org_code.get(p))
            for c, n, k, u, p in PartyOrg.objects.values_list("code", "name", "kind", "unit_id", "parent_id")
        ],
        "memberships": [
            (id_number[p], org_code[o], s, f, j)
            for p, o, s, f, j in PartyMembership.objects.values_list(
                "person_id", "org_id", "status", "is_floating", "joined_on"
            )
        ],
        "bodies": [
            (body_key[pk], n, k, unit_code[u], org_code.get(o))
            for pk, n, k, u, o in Body.objects.exclude(later).values_list(
                "id", "name", "kind", "unit_id", "party_org_id"
            )
        ],
        "seats": [
            (body_key[b], id_number[p], post, s)
            for b, p, post, s in BodySeat.objects.exclude(body__in=Body.objects.filter(later)).values_list(
                "body_id", "person_id", "post", "since"
            )
        ],
        "personas": [
            (
                r.user.username,
                r.user.display_name,
                r.kind,
                r.unit.code,
                body_key[r.body_id] if r.body_id else None,
                r.user.person.id_number if r.user.person is not None else None,
            )
            for r in Role.objects.filter(user__username__in=USERNAMES)
            .exclude(body__kind=Body.Kind.CONGRESS)
            .select_related("user__person", "unit")
        ],
    }


def database_digest() -> str:
    return digest_of(tables_in_database())
