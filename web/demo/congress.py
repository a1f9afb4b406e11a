"""The district's party congress (区党代会) and its representatives (seed 003, DOMAIN.md §4.4).

Seed 003 elected 170 representatives for the district; the demo seats as many, drawn from the
full party members of every community and village of the district (the street's and the
township's), each area giving a share of them by its number of members, at least one. The
``representative`` persona is seated too and holds a representative's role on the congress, so
everything a representative does shows on their home page. Every representative has an account
(no password: the liaison office issues each a setup link), so a request can be referred to any
of them.

Everything is drawn from one ``random.Random`` per seed over rows read in a fixed order (units
by path, people by ID number), so the same seed gives the same congress on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from web.audit.actions import record
from web.audit.names import Action
from web.common.demo_clock import demo_year
from web.org.models import Body, BodySeat, PartyMembership, PartyOrg, Person, Role, Unit

#: seed 003: 6,687 members in 478 organisations elected 170 representatives
REPRESENTATIVES = 170
#: representatives are members of working age when the term starts
AGES = (25, 65)
#: the term began three years before the demo year's end, so a representative trained only in
#: its first months is past the two-year mark (seed 003: everyone trained once in two years)
TERM_YEARS_BEFORE = 3
PERSONA = "representative"


def term_start(today: dt.date | None = None) -> dt.date:
    """The day the congress's current term began: in the autumn three years before the demo year."""
    year = demo_year(today or timezone.localdate())
    return dt.date(year - TERM_YEARS_BEFORE, 11, 18)


def congress_name(district: Unit) -> str:
    return f"中共{district.name}第十三次代表大会"


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _shares(counts: list[int], total: int) -> list[int]:
    """``total`` split by ``counts`` (largest remainders), at least one each where there is anyone,
    never more than an area has."""
    whole = sum(counts)
    if whole == 0:
        return [0] * len(counts)
    total = min(total, whole)
    shares = [min(n, max(1 if n else 0, total * n // whole)) for n in counts]
    order = sorted(range(len(counts)), key=lambda i: (-(total * counts[i] % whole), i))
    while sum(shares) < total:
        grew = False
        for i in order:
            if sum(shares) >= total:
                break
            if shares[i] < counts[i]:
                shares[i] += 1
                grew = True
        if not grew:
            break
    while sum(shares) > total:  # the minimum of one each overshot: take back from the largest
        i = max(range(len(shares)), key=lambda i: (shares[i], i))
        shares[i] -= 1
    return shares


def rng_of(seed: int) -> random.Random:
    return random.Random(seed * 29 + 3)


def choose(rng: random.Random, district: Unit, start: dt.date, persona_person: Person | None) -> list[Person]:
    """The representatives: full members aged 25–65 from every community and village (none of the
    other personas), a share per area by its members; the persona's person among them."""
    areas = list(
        Unit.objects.filter(path__startswith=district.path, kind__in=(Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE)).order_by(
            "path"
        )
    )
    members = (
        PartyMembership.objects.filter(status=PartyMembership.Status.FULL, person__unit_path__startswith=district.path)
        .select_related("person")
        .order_by("person__id_number")
    )
    # the other personas keep to the work they show: none of them is drawn
    personas = set(get_user_model().objects.filter(person__isnull=False).values_list("person_id", flat=True))
    pools: dict[int, list[Person]] = {a.pk: [] for a in areas}
    for membership in members:
        person = membership.person
        if person.pk in personas or not AGES[0] <= _age(person.birth_date, start) <= AGES[1]:
            continue
        area = next((a for a in areas if person.unit_path.startswith(a.path)), None)
        if area is not None:
            pools[area.pk].append(person)
    wanted = REPRESENTATIVES - (persona_person is not None)
    shares = _shares([len(pools[a.pk]) for a in areas], wanted)
    chosen: list[Person] = []
    for area, share in zip(areas, shares, strict=True):
        chosen += rng.sample(pools[area.pk], share)
    if persona_person is not None:
        chosen.append(persona_person)
    return chosen


def seed_congress(*, seed: int) -> dict[str, Any]:
    """The congress on the district unit (tied to the district's party organisation when there is
    one), its representatives seated from the term's start, each with an account and a
    representative's role on the congress; the persona among them."""
    User = get_user_model()
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    persona = User.objects.filter(username=PERSONA).select_related("person").first()
    persona_person = persona.person if persona is not None else None
    start = term_start()
    rng = rng_of(seed)
    with transaction.atomic():
        congress = Body.objects.create(
            name=congress_name(district),
            kind=Body.Kind.CONGRESS,
            unit=district,
            party_org=PartyOrg.objects.filter(unit=district).order_by("id").first(),
        )
        people = choose(rng, district, start, persona_person)
        BodySeat.objects.bulk_create(
            [BodySeat(body=congress, person=p, post=BodySeat.Post.REPRESENTATIVE, since=start) for p in people]
        )
        has_account = set(User.objects.filter(person__in=people).values_list("person_id", flat=True))
        new = [
            User(username=f"congress-{n:03d}", display_name=p.name, person=p, password=make_password(None))
            for n, p in enumerate(people, 1)
            if p.pk not in has_account
        ]
        User.objects.bulk_create(new)
        holders = list(User.objects.filter(person__in=people).order_by("id"))
        Role.objects.bulk_create(
            [Role(user=u, unit=district, body=congress, kind=Role.Kind.REPRESENTATIVE) for u in holders]
        )
        summary = {"seed": seed, "representatives": len(people), "accounts": len(new), "since": start.isoformat()}
        record(
            actor="seed_demo",
            action=Action.REPS_GENERATED,
            obj=congress,
            changes=summary,
            reason="演示数据：区党代会及其代表（确定性生成）",
        )
    return {"congress": congress, **summary}
