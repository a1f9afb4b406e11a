"""The deterministic demo street, as plain rows (no database).

:func:`build_street` turns a seed and a scale into a :class:`Plan`: every unit, household,
person, party organisation, membership, body, seat and persona, in insertion order, with
references by natural key (unit code, household number, ID number). The same seed and scale
give the same plan, byte for byte, on any machine and in any process: one
``random.Random(seed)`` drives every choice, and nothing iterates a set or a dict whose order
depends on hashing. ``docs/demo.md`` explains the proportions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from dataclasses import astuple, dataclass, field

from web.demo.names import full_name, pick_surname
from web.demo.places import (
    COMMUNITIES,
    DISTRICT_CODE,
    DISTRICT_COMMITTEE_SIZE,
    DISTRICT_NAME,
    OTHER_AREA_CODES,
    STREET_CODE,
    STREET_NAME,
    TOWNSHIP_CODE,
    TOWNSHIP_NAME,
    TOWNSHIP_VILLAGES,
    VILLAGES,
    Place,
    ordinal,
)
from web.org.idnumbers import check_digit

#: ages are computed at this date, never at "today", so the street does not drift
REFERENCE_DATE = dt.date(2026, 1, 1)

#: grids hold about 300 households (seed 001, part 2): a community is cut into as few grids as
#: keep each at 360 households or fewer
GRID_MAX_HOUSEHOLDS = 360
#: share of the people who are party members: communities higher than villages; about 1,500
#: members in 20,000 people
PARTY_RATE = {"community": 0.08, "village": 0.06}
#: the township's villages: about 560 members in 7,000 people, so its members' meeting has
#: more than the 497 voters of seed 001 (part 4) whatever the street's scale
TOWNSHIP_PARTY_RATE = 0.08
#: member status mix over the whole street (see docs/demo.md for why)
PROBATIONARY_SHARE = 0.03
DISCIPLINE_SHARE = 0.005
SUSPENDED_SHARE = 0.0013
FLOATING_SHARE = 0.05
#: households per representative: 1 per 12 in villages (the law allows 5–15), 1 per 40 in communities
HOUSEHOLDS_PER_REP = {"community": 40, "village": 12}
#: the 2021 round of elections of both committees; five-year terms end in 2026
TERM_START_YEAR = 2021

# household size distributions (size, weight): urban mean ≈ 2.6, village mean ≈ 3.5
_SIZES = {
    "community": ((1, 20), (2, 30), (3, 28), (4, 12), (5, 6), (6, 4)),
    "village": ((1, 10), (2, 20), (3, 22), (4, 20), (5, 15), (6, 9), (7, 4)),
}
# age of the head of household (low, high, weight)
_HEAD_AGES = {
    "community": ((22, 29, 10), (30, 39, 20), (40, 49, 20), (50, 59, 20), (60, 69, 17), (70, 79, 9), (80, 92, 4)),
    "village": ((22, 29, 5), (30, 39, 12), (40, 49, 20), (50, 59, 25), (60, 69, 22), (70, 79, 12), (80, 92, 4)),
}
_HEAD_MALE_SHARE = {"community": 0.65, "village": 0.8}
_PHONE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 155 156 157 158 159 166 173 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
).split()


# ---- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class HouseholdRow:
    number: str
    unit_code: str
    address: str


@dataclass(frozen=True)
class PersonRow:
    id_number: str
    name: str
    phone: str
    gender: str
    birth_date: dt.date
    kind: str
    unit_code: str
    household_number: str | None
    relation: str


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    kind: str
    unit_code: str
    parent_code: str | None


@dataclass(frozen=True)
class MembershipRow:
    id_number: str
    org_code: str
    status: str
    is_floating: bool
    joined_on: dt.date


@dataclass(frozen=True)
class BodyRow:
    key: str  # "<unit code>:<kind>": one body of each kind per unit
    name: str
    kind: str
    unit_code: str
    org_code: str | None


@dataclass(frozen=True)
class SeatRow:
    body_key: str
    id_number: str
    post: str
    since: dt.date | None


@dataclass(frozen=True)
class PersonaRow:
    username: str
    display_name: str
    role: str
    unit_code: str
    body_key: str | None
    id_number: str | None
    what: str  # who this persona is, in Chinese, for the login table


@dataclass
class Plan:
    seed: int
    scale: float
    units: list[UnitRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    bodies: list[BodyRow] = field(default_factory=list)
    seats: list[SeatRow] = field(default_factory=list)
    personas: list[PersonaRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "units": len(self.units),
            "households": len(self.households),
            "people": len(self.people),
            "party_orgs": len(self.orgs),
            "party_members": len(self.memberships),
            "bodies": len(self.bodies),
            "seats": len(self.seats),
            "personas": len(self.personas),
        }

    def digest(self) -> str:
        return digest_of(table_rows(self))


def table_rows(plan: Plan) -> dict[str, list[tuple[object, ...]]]:
    """Every row as a tuple of plain values, per table; the form :func:`digest_of` hashes."""
    return {
        "units": [astuple(r) for r in plan.units],
        "households": [astuple(r) for r in plan.households],
        "people": [astuple(r) for r in plan.people],
        "orgs": [astuple(r) for r in plan.orgs],
        "memberships": [astuple(r) for r in plan.memberships],
        "bodies": [astuple(r) for r in plan.bodies],
        "seats": [astuple(r) for r in plan.seats],
        "personas": [astuple(r)[:-1] for r in plan.personas],
    }


def digest_of(tables: dict[str, list[tuple[object, ...]]]) -> str:
    """SHA-256 over the tables, each sorted, so it does not depend on insertion order."""
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode())
        for row in sorted(tables[name], key=lambda r: json.dumps(r, default=str, ensure_ascii=False)):
            h.update(json.dumps(row, default=str, ensure_ascii=False).encode())
            h.update(b"\n")
    return h.hexdigest()


# ---- the builder -----------------------------------------------------------------------


@dataclass
class _Person:
    """A person while the plan is built (mutable; becomes a PersonRow at the end)."""

    index: int
    name: str
    gender: str
    birth_date: dt.date
    unit_code: str
    area_code: str  # community or village code, for the sub-tables below
    household_number: str
    relation: str
    id_number: str = ""
    phone: str = ""

    @property
    def age(self) -> int:
        b = self.birth_date
        return REFERENCE_DATE.year - b.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (b.month, b.day))


def _weighted(rng: random.Random, table: tuple[tuple[int, int], ...]) -> int:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def _sample_weighted(rng: random.Random, items: list[_Person], weights: list[float], k: int) -> list[_Person]:
    """k items without replacement, chance proportional to weight (Efraimidis–Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return sorted((items[i] for _key, i in keyed[:k]), key=lambda p: p.index)


class _Builder:
    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        self.plan = Plan(seed=seed, scale=scale)
        self.scale = scale
        self.people: list[_Person] = []
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()
        self.by_area: dict[str, list[_Person]] = {}
        self.members: dict[str, MembershipRow] = {}  # id_number → membership
        self.member_people: list[_Person] = []
        self.busy: set[str] = set()  # id numbers already holding a committee post or persona

    # -- tree, households, people ------------------------------------------------------

    def unit(self, code: str, name: str, kind: str, parent: str | None) -> str:
        self.plan.units.append(UnitRow(code, name, kind, parent))
        return code

    def build_tree(self) -> None:
        self.unit(DISTRICT_CODE, DISTRICT_NAME, "district", None)
        self.street = self.unit(STREET_CODE, STREET_NAME, "street", DISTRICT_CODE)
        self.areas: list[tuple[str, Place]] = []
        for i, place in enumerate(COMMUNITIES, 1):
            code = self.unit(f"{STREET_CODE}-C{i:02d}", place.name, "community", self.street)
            self.areas.append((code, place))
        for i, place in enumerate(VILLAGES, 1):
            code = self.unit(f"{STREET_CODE}-V{i:02d}", place.name, "village", self.street)
            self.areas.append((code, place))
        for code, place in self.areas:
            self.build_area(code, place)

    def build_area(self, code: str, place: Place, *, scaled: bool = True) -> None:
        households = max(12, round(place.households * self.scale)) if scaled else place.households
        grids = max(1, math.ceil(households / GRID_MAX_HOUSEHOLDS))
        base, extra = divmod(households, grids)
        self.by_area[code] = []
        serial = 0
        group = 0
        for g in range(1, grids + 1):
            grid = self.unit(f"{code}-G{g:02d}", f"{place.name}第{ordinal(g)}网格", "grid", code)
            left = base + (1 if g <= extra else 0)
            b = 0
            while left > 0:
                b += 1
                if place.is_village:
                    group += 1
                    size = min(left, self.rng.randint(30, 60))
                    building = self.unit(f"{grid}-B{b:02d}", f"{ordinal(group)}组", "building", grid)
                    addresses = [f"{place.name}{ordinal(group)}组{n}号" for n in range(1, size + 1)]
                else:
                    road = self.rng.choice(place.roads)
                    number = self.rng.randint(1, 300)
                    floors = self.rng.choice((6, 7, 7, 8, 11, 18, 24))
                    entrances = self.rng.randint(1, 3)
                    size = min(left, floors * entrances * 2)
                    building = self.unit(f"{grid}-B{b:02d}", f"{road}{number}号{b}栋", "building", grid)
                    addresses = [
                        f"{road}{number}号{b}栋{e}单元{f}{r:02d}"
                        for e in range(1, entrances + 1)
                        for f in range(1, floors + 1)
                        for r in (1, 2)
                    ][:size]
                for address in addresses:
                    serial += 1
                    number_ = f"{code}-{serial:05d}"
                    self.plan.households.append(HouseholdRow(number_, building, address))
                    self.build_household(number_, building, code, place.is_village)
                left -= size

    def build_household(self, number: str, building: str, area: str, village: bool) -> None:
        rng = self.rng
        kind = "village" if village else "community"
        size = _weighted(rng, _SIZES[kind])
        low, high = rng.choices(
            [(lo, hi) for lo, hi, _w in _HEAD_AGES[kind]], weights=[w for _lo, _hi, w in _HEAD_AGES[kind]]
        )[0]
        head_age = rng.randint(low, high)
        if head_age < 28:
            size = min(size, 3)
        head_gender = "M" if rng.random() < _HEAD_MALE_SHARE[kind] else "F"
        head_surname = pick_surname(rng)
        members: list[tuple[str, str, int, str]] = [("户主", head_gender, head_age, head_surname)]
        family_surname = head_surname
        if size >= 2 and rng.random() < 0.92:
            spouse_gender = "F" if head_gender == "M" else "M"
            spouse_surname = pick_surname(rng)
            spouse_age = max(20, head_age + rng.randint(-5, 5) + (2 if spouse_gender == "M" else -2))
            members.append(("配偶", spouse_gender, spouse_age, spouse_surname))
            if spouse_gender == "M":
                family_surname = spouse_surname
        children: list[tuple[str, int]] = []
        attempts = 0
        while len(members) < size and attempts < 20:
            attempts += 1
            roll = rng.random()
            if head_age < 50:
                pick = "child" if roll < 0.75 else "parent"
            else:
                pick = "child" if roll < 0.4 else "grandchild" if roll < 0.75 else "in_law" if roll < 0.9 else "parent"
            if pick == "child":
                age = head_age - rng.randint(24, 36)
                if age < 0 or len(children) >= 3:
                    continue
                gender = rng.choice("MF")
                children.append((gender, age))
                members.append(("子" if gender == "M" else "女", gender, age, family_surname))
            elif pick == "parent":
                age = head_age + rng.randint(24, 32)
                if age > 95:
                    continue
                gender = rng.choice("MF")
                surname = head_surname if gender == "M" else pick_surname(rng)
                relation = "父亲" if gender == "M" else "母亲"
                if any(r == relation for r, *_ in members):
                    continue
                members.append((relation, gender, age, surname))
            elif pick == "grandchild":
                grown = [a for _g, a in children if a >= 24]
                if not grown:
                    continue
                age = rng.choice(grown) - rng.randint(24, 34)
                if age < 0:
                    continue
                gender = rng.choice("MF")
                members.append(("孙子" if gender == "M" else "孙女", gender, age, family_surname))
            else:
                sons = [a for g, a in children if g == "M" and a >= 24]
                daughters = [a for g, a in children if g == "F" and a >= 24]
                if sons:
                    members.append(("儿媳", "F", max(22, sons[0] + rng.randint(-4, 2)), pick_surname(rng)))
                elif daughters:
                    members.append(("女婿", "M", daughters[0] + rng.randint(-2, 4), pick_surname(rng)))
        for relation, gender, age, surname in members:
            self.add_person(relation, gender, age, surname, building, area, number, village)

    def add_person(
        self, relation: str, gender: str, age: int, surname: str, unit: str, area: str, household: str, village: bool
    ) -> None:
        rng = self.rng
        birth = dt.date(REFERENCE_DATE.year - age - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
        name = full_name(rng, surname=surname, gender=gender, birth_year=birth.year)
        person = _Person(len(self.people), name, gender, birth, unit, area, household, relation)
        born_here = 0.95 if village else 0.8
        region = DISTRICT_CODE if rng.random() < born_here else rng.choice(OTHER_AREA_CODES)
        while True:
            order = rng.randrange(0, 500) * 2 + 1 if gender == "M" else rng.randrange(1, 500) * 2
            first17 = f"{region}{birth:%Y%m%d}{order:03d}"
            id_number = first17 + check_digit(first17)
            if id_number not in self.id_numbers:
                break
        self.id_numbers.add(id_number)
        person.id_number = id_number
        has_phone = person.age >= 16 or (person.age >= 12 and rng.random() < 0.6)
        if has_phone and person.age >= 80:
            has_phone = rng.random() < 0.5
        while has_phone:
            phone = rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                person.phone = phone
                break
        self.people.append(person)
        self.by_area[area].append(person)

    # -- party -------------------------------------------------------------------------

    def build_party(self) -> None:
        street_org = f"{STREET_CODE}-P"
        self.plan.orgs.append(OrgRow(street_org, f"{STREET_NAME}党工委", "committee", self.street, None))
        self.top_org: dict[str, tuple[str, str]] = {}
        self.party_of(self.areas, parent_org=street_org)

    def party_of(self, areas: list[tuple[str, Place]], *, parent_org: str, rate: float | None = None) -> None:
        """Members, statuses, organisations of ``areas`` under ``parent_org``."""
        rng = self.rng
        chosen_by_area: dict[str, list[_Person]] = {}
        for code, place in areas:
            kind = "village" if place.is_village else "community"
            pool = [p for p in self.by_area[code] if p.age >= 20]
            weights = [_member_weight(p.age) for p in pool]
            k = min(len(pool), round(len(self.by_area[code]) * (rate or PARTY_RATE[kind])))
            chosen_by_area[code] = _sample_weighted(rng, pool, weights, k)
        everyone = [p for code, _place in areas for p in chosen_by_area[code]]
        status = self.assign_statuses(everyone)
        for code, place in areas:
            chosen = chosen_by_area[code]
            org_kind = "committee" if len(chosen) >= 100 else "general_branch" if len(chosen) >= 50 else "branch"
            label = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}[org_kind]
            top = f"{code}-P"
            self.plan.orgs.append(OrgRow(top, f"{place.name}{label}", org_kind, code, parent_org))
            self.top_org[code] = (top, org_kind)
            grids = [u.code for u in self.plan.units if u.parent_code == code]
            branch_of_grid: dict[str, str] = {}
            if org_kind == "branch":
                branch_of_grid = {g: top for g in grids}
            else:
                # a branch per two grids, but at least two branches under a 党委 or 党总支
                n = min(len(grids), max(2, math.ceil(len(grids) / 2)))
                for b in range(n):
                    self.plan.orgs.append(
                        OrgRow(f"{top}{b + 1}", f"{place.name}第{ordinal(b + 1)}党支部", "branch", code, top)
                    )
                for g, grid in enumerate(grids):
                    branch_of_grid[grid] = f"{top}{g * n // len(grids) + 1}"
            for g, grid in enumerate(grids, 1):
                self.plan.orgs.append(
                    OrgRow(f"{grid}-P", f"{place.name}第{ordinal(g)}网格党小组", "group", grid, branch_of_grid[grid])
                )
            for p in chosen:
                grid = p.unit_code.rsplit("-", 1)[0]
                st, floating = status[p.index]
                row = MembershipRow(p.id_number, branch_of_grid[grid], st, floating, self.joined_on(p, st))
                self.plan.memberships.append(row)
                self.members[p.id_number] = row
                self.member_people.append(p)

    def assign_statuses(self, members: list[_Person]) -> dict[int, tuple[str, bool]]:
        """Exact quotas over the whole street, so small scales stay proportional."""
        rng = self.rng
        n = len(members)
        status = {p.index: "full" for p in members}

        def take(quota: int, fits: list[_Person], value: str) -> None:
            free = [p for p in fits if status[p.index] == "full"]
            for p in rng.sample(free, min(quota, len(free))):
                status[p.index] = value

        take(round(n * PROBATIONARY_SHARE), [p for p in members if 20 <= p.age <= 40], "probationary")
        take(round(n * DISCIPLINE_SHARE), [p for p in members if p.age >= 30], "discipline")
        take(round(n * SUSPENDED_SHARE), [p for p in members if p.age >= 30], "suspended")
        mobile = [p for p in members if 22 <= p.age <= 50 and status[p.index] in ("full", "probationary")]
        floating = {p.index for p in rng.sample(mobile, min(round(n * FLOATING_SHARE), len(mobile)))}
        return {p.index: (status[p.index], p.index in floating) for p in members}

    def joined_on(self, p: _Person, status: str) -> dt.date:
        rng = self.rng
        if status == "probationary":
            return REFERENCE_DATE - dt.timedelta(days=rng.randint(1, 360))
        latest = min(REFERENCE_DATE.year - 2, p.birth_date.year + 45)
        year = rng.randint(p.birth_date.year + 19, max(p.birth_date.year + 19, latest))
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))

    # -- bodies ------------------------------------------------------------------------

    def body(self, unit: str, kind: str, name: str, org: str | None) -> str:
        key = f"{unit}:{kind}"
        self.plan.bodies.append(BodyRow(key, name, kind, unit, org))
        return key

    def seat(self, body: str, person: _Person, post: str, since: dt.date | None) -> None:
        self.plan.seats.append(SeatRow(body, person.id_number, post, since))

    def pick(self, pool: list[_Person], k: int, *, women: int = 0) -> list[_Person]:
        """k people from ``pool`` not yet busy, at least ``women`` of them women; marks them busy."""
        free = [p for p in pool if p.id_number not in self.busy]
        w = [p for p in free if p.gender == "F"]
        chosen = self.rng.sample(w, min(women, len(w), k))
        taken = {p.index for p in chosen}
        rest = [p for p in free if p.index not in taken]
        chosen += self.rng.sample(rest, min(k - len(chosen), len(rest)))
        self.rng.shuffle(chosen)
        self.busy.update(p.id_number for p in chosen)
        return chosen

    def full_members(self, people: list[_Person], low: int, high: int) -> list[_Person]:
        return [
            p
            for p in people
            if low <= p.age <= high
            and p.id_number in self.members
            and self.members[p.id_number].status == "full"
            and not self.members[p.id_number].is_floating
        ]

    def build_bodies(self) -> None:
        self.committees: dict[str, dict[str, list[_Person]]] = {}
        for i, (code, place) in enumerate(self.areas):
            self.build_area_bodies(i, code, place)
        self.build_street_bodies()

    def build_area_bodies(self, i: int, code: str, place: Place) -> None:
        rng = self.rng
        people = self.by_area[code]
        top, org_kind = self.top_org[code]
        since = dt.date(TERM_START_YEAR, rng.randint(1, 3), rng.randint(5, 28))
        village = place.is_village
        households = sum(1 for h in self.plan.households if h.number.startswith(code + "-"))

        meeting = self.body(code, "members_meeting", f"{place.name}党员大会", top)
        for p in people:
            if p.id_number in self.members:
                self.seat(meeting, p, "member", None)

        size = {"committee": 7, "general_branch": 5, "branch": 3}[org_kind]
        party = self.pick(self.full_members(people, 28, 60), size, women=1 + size // 4)
        posts = ["secretary", "deputy_secretary"] + (["deputy_secretary"] if org_kind == "committee" else [])
        posts += ["committee_member"] * (len(party) - len(posts))
        committee_name = {"committee": "党委会", "general_branch": "党总支委员会", "branch": "党支部委员会"}[org_kind]
        committee = self.body(code, "party_committee", f"{place.name}{committee_name}", top)
        for p, post in zip(party, posts, strict=False):
            self.seat(committee, p, post, since)

        # 一肩挑: the secretary also directs the residents' / villagers' committee, except in
        # 总府路社区 (the fourth community), which shows the other arrangement
        one_shoulder = i != 3 and bool(party)
        crosses = party[1:3]  # 交叉任职: two members of the party committee sit on both
        others_needed = (7 if households >= 1000 and not village else 5) - len(crosses) - (1 if one_shoulder else 0)
        pool = [p for p in people if 25 <= p.age <= 60]
        others = self.pick(pool, others_needed, women=1)
        director = party[0] if one_shoulder else others[0]
        rest = [p for p in crosses + others if p is not director]
        kind = "villagers_committee" if village else "residents_committee"
        self_gov = self.body(code, kind, f"{place.name}{'村民委员会' if village else '居民委员会'}", None)
        self.seat(self_gov, director, "director", since)
        for j, p in enumerate(rest):
            self.seat(self_gov, p, "deputy_director" if j == 0 else "committee_member", since)

        joint = self.body(code, "two_committees", f"{place.name}两委联席会议", top)
        seen: set[str] = set()
        for p in [*party, director, *rest]:
            if p.id_number in seen:
                continue
            seen.add(p.id_number)
            post = "secretary" if party and p is party[0] else "director" if p is director else "member"
            self.seat(joint, p, post, since)

        reps_kind = "villager_reps" if village else "resident_reps"
        reps_body = self.body(code, reps_kind, f"{place.name}{'村民代表会议' if village else '居民代表会议'}", None)
        self.seat(reps_body, director, "director", since)
        for p in rest:
            self.seat(reps_body, p, "member", since)
        per = HOUSEHOLDS_PER_REP["village" if village else "community"]
        n_reps = max(5, round(households / per))
        reps = self.pick([p for p in people if p.age >= 25], n_reps, women=math.ceil(n_reps * 0.4))
        for p in reps:
            self.seat(reps_body, p, "representative", since)
        if village:
            assembly = self.body(code, "villagers_meeting", f"{place.name}村民会议", None)
            for p in people:
                if p.age >= 18:
                    self.seat(assembly, p, "member", None)
        self.committees[code] = {"party": party, "self_gov": [director, *rest], "reps": reps}

    def build_street_bodies(self) -> None:
        street_org = f"{STREET_CODE}-P"
        since = dt.date(TERM_START_YEAR, 9, self.rng.randint(1, 28))
        pool = self.full_members(self.member_people, 35, 58)
        pool.sort(key=lambda p: p.index)
        full = self.pick(pool, 9, women=3)
        posts = ["secretary", "deputy_secretary", "deputy_secretary"] + ["committee_member"] * 6
        full_body = self.body(self.street, "full_committee", f"{STREET_NAME}党工委全体委员会议", street_org)
        standing = self.body(self.street, "standing_committee", f"{STREET_NAME}党工委常委会", street_org)
        for j, (p, post) in enumerate(zip(full, posts, strict=False)):
            self.seat(full_body, p, post, since)
            if j < 5:
                self.seat(standing, p, post, since)
        self.street_committee = full

    # -- personas ----------------------------------------------------------------------

    def build_personas(self) -> None:
        from web.demo.personas import PERSONAS

        c1, _ = self.areas[0]
        c2, _ = self.areas[1]
        v1 = next(code for code, place in self.areas if place.is_village)
        grid1 = f"{c1}-G01"
        com1 = self.committees[c1]
        adults1 = [p for p in self.by_area[c1] if 25 <= p.age <= 60]
        members1 = [p for p in adults1 if p.id_number in self.members and self.members[p.id_number].status == "full"]
        candidates: dict[str, list[_Person]] = {
            "street": self.street_committee[5:] or self.street_committee,
            "organiser": members1,
            "secretary": self.committees[v1]["party"][:1],
            "member": com1["party"][3:] or com1["party"][1:],
            "observer": [p for p in adults1 if p.unit_code.startswith(grid1 + "-")],
            "outsider": [p for p in self.by_area[c2] if 25 <= p.age <= 60],
            "representative": com1["reps"],
            "teller": members1,
            "handler": [],
            "district": [],
            "resident": [p for p in adults1 if p.id_number not in self.members],
        }
        taken: set[str] = set()
        # people already on a committee may be linked to the persona of that committee only
        committee_people = set(self.busy)
        allowed_busy = {"street", "secretary", "member", "representative"}
        who: dict[str, _Person | None] = {}
        for username, people in candidates.items():
            who[username] = next(
                (
                    p
                    for p in people
                    if p.id_number not in taken and (username in allowed_busy or p.id_number not in committee_people)
                ),
                None,
            )
            chosen = who[username]
            if chosen is not None:
                taken.add(chosen.id_number)
        units = {
            "district": DISTRICT_CODE,
            "street": self.street,
            "community1": c1,
            "community2": c2,
            "village1": v1,
            "grid1": grid1,
        }
        bodies = {
            "members_meeting": f"{c1}:members_meeting",
            "party_committee": f"{c1}:party_committee",
            "resident_reps": f"{c1}:resident_reps",
            None: None,
        }
        for persona in PERSONAS:
            person = who[persona.username]
            if person is not None:
                display = person.name
            else:
                display = full_name(self.rng, surname=pick_surname(self.rng), gender="F", birth_year=1988)
            self.plan.personas.append(
                PersonaRow(
                    persona.username,
                    display,
                    persona.role,
                    units[persona.unit],
                    bodies[persona.body],
                    person.id_number if person is not None else None,
                    persona.what,
                )
            )

    # -- the township of the three-ballot election -------------------------------------

    def build_township(self) -> None:
        """锦桂镇 beside the street, at a fixed size: four villages of people made as the
        street's are, its party committee over a 党委/党总支/党支部 per village, the township's
        members' meeting (every member) and the district committee's full session (31 full
        members of the township aged 35–58), which the three-ballot method needs. Built
        after everything else, so the street is the same with or without it."""
        township = self.unit(TOWNSHIP_CODE, TOWNSHIP_NAME, "township", DISTRICT_CODE)
        self.township_areas: list[tuple[str, Place]] = []
        for i, place in enumerate(TOWNSHIP_VILLAGES, 1):
            code = self.unit(f"{TOWNSHIP_CODE}-V{i:02d}", place.name, "village", township)
            self.township_areas.append((code, place))
        for code, place in self.township_areas:
            self.build_area(code, place, scaled=False)
        township_org = f"{TOWNSHIP_CODE}-P"
        self.plan.orgs.append(OrgRow(township_org, f"{TOWNSHIP_NAME}党委", "committee", township, None))
        before = len(self.member_people)
        self.party_of(self.township_areas, parent_org=township_org, rate=TOWNSHIP_PARTY_RATE)
        members = self.member_people[before:]
        meeting = self.body(township, "members_meeting", f"{TOWNSHIP_NAME}党员大会", township_org)
        for p in sorted(members, key=lambda p: p.index):
            self.seat(meeting, p, "member", None)
        since = dt.date(TERM_START_YEAR, 10, self.rng.randint(1, 28))
        pool = self.full_members(sorted(members, key=lambda p: p.index), 35, 58)
        full = self.pick(pool, DISTRICT_COMMITTEE_SIZE, women=8)
        posts = ["secretary", "deputy_secretary", "deputy_secretary"] + ["committee_member"] * (len(full) - 3)
        committee = self.body(DISTRICT_CODE, "full_committee", f"中共{DISTRICT_NAME}委员会全体会议", None)
        for p, post in zip(full, posts, strict=False):
            self.seat(committee, p, post, since)

    # -- finish ------------------------------------------------------------------------

    def finish(self) -> Plan:
        areas = [*self.areas, *getattr(self, "township_areas", [])]
        kind = {code: ("villager" if place.is_village else "resident") for code, place in areas}
        self.plan.people = [
            PersonRow(
                p.id_number,
                p.name,
                p.phone,
                p.gender,
                p.birth_date,
                kind[p.area_code],
                p.unit_code,
                p.household_number,
                p.relation,
            )
            for p in self.people
        ]
        return self.plan


def _member_weight(age: int) -> float:
    """Members are older than the population: few under 25, most over 45."""
    if age < 25:
        return 0.3
    if age < 35:
        return 0.8
    if age < 45:
        return 1.0
    if age < 60:
        return 1.2
    if age < 75:
        return 1.6
    return 1.8


def build_street(*, seed: int = 2026, scale: float = 1.0) -> Plan:
    if not 0 < scale <= 5:
        raise ValueError("scale must be in (0, 5]")
    builder = _Builder(seed, scale)
    builder.build_tree()
    builder.build_party()
    builder.build_bodies()
    builder.build_personas()
    builder.build_township()
    return builder.finish()
