"""A year of residents' requests on the demo street, and the cases the personas work on today.

Two parts:
- **the year's history**, synthesised (``synthesise``): thousands of cases in every state, from
  every channel and category, each case's whole life drawn at once and written in bulk with its
  history, visits and ratings, then one audit entry saying what was generated (as the demo's
  roster is). Offices differ in how well they work, so the scorecards have a bottom five
  (区市场监督管理局 is slow and leaves people dissatisfied). A case's life is cut at "now", so the
  recent ones are still open: new, dispatched, signed, overdue, replied and waiting for a visit.
  The same function fills the million-case database of ``bench/bench_cases.py``.
- **the personas' own cases**, told through the real actions on the story clock: the resident's
  requests, the representative's, the handler's queue, the dispatcher's desk, the grid worker's.

Everything is drawn from one ``random.Random`` per seed, so the same seed gives the same cases."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.audit.actions import record
from web.audit.names import Action
from web.cases import actions
from web.cases.catalogue import do_publish_catalogue
from web.cases.codes import code_hash
from web.cases.models import Assist, Case, CaseEvent, Desk, Entry, EscalationRule, Office, Rating, Visit
from web.common.demo_clock import year_story
from web.demo.case_catalogue import CATALOGUE, DISTRICT_DEPARTMENTS, STREET_DEPARTMENTS
from web.demo.names import full_name, pick_surname
from web.org.models import Person, Role, Unit
from web.workdays.calendar import load as load_calendar

BATCH = 2000
#: cases per year at scale 1.0: a street of 20,000 people
CASES_PER_YEAR = 6000
#: the share of cases from each channel (a city hotline's mix)
CHANNELS = (
    ("phone", 32),
    ("online", 28),
    ("grid", 15),
    ("open311", 7),
    ("representative", 8),
    ("card", 5),
    ("paper", 5),
)
#: how often each level's categories are asked for (grid matters are the most common)
LEVEL_WEIGHT = {0: 5, 1: 4, 2: 3, 3: 2}
#: offices that work worse than the rest, by duty: (late sign-for, late reply, dissatisfied) odds
WEAK = {"market": (0.35, 0.45, 0.40), "urban": (0.15, 0.25, 0.22)}
USUAL = (0.06, 0.10, 0.10)
RETURN_REASONS = ("unclear", "wrong_place", "not_ours", "duplicate")
REPLIES = (
    "已联系诉求人并到现场核实，问题已处理。",
    "已协调相关单位处理，后续将持续跟进。",
    "经核实情况属实，已责令整改并复查。",
    "已向诉求人解释相关政策，并告知办理渠道。",
    "已安排人员维修，现已恢复正常。",
)
EXCLUSIONS = ("已进入诉讼程序", "属于信访事项，按信访程序办理", "经审核属于不合理诉求")


# ---- offices --------------------------------------------------------------------------------


def make_offices(district: Unit) -> dict[str, list[Office]]:
    """Every unit's own office (grids, communities and villages, streets and the township, the
    district's 12345 office) and the departments; idempotent by code."""
    units = list(Unit.objects.filter(path__startswith=district.path).exclude(kind=Unit.Kind.BUILDING))
    rows: list[Office] = []
    for unit in units:
        level = Office.UNIT_LEVELS[Unit.Kind(unit.kind)]
        suffix = {0: "网格服务站", 1: "居民委员会" if unit.kind == Unit.Kind.COMMUNITY else "村民委员会"}.get(
            level, "网格化服务管理中心" if level == 2 else "12345热线办公室"
        )
        rows.append(
            Office(code=f"O-{unit.code}", name=f"{unit.name}{suffix}", level=level, unit=unit, unit_path=unit.path)
        )
        if level == Office.Level.STREET:
            rows += [
                Office(
                    code=f"O-{unit.code}-{duty}",
                    name=f"{unit.name}{name}",
                    level=2,
                    unit=unit,
                    duty=duty,
                    unit_path=unit.path,
                )
                for duty, name in STREET_DEPARTMENTS
            ]
        if level == Office.Level.DISTRICT:
            rows += [
                Office(code=f"O-{unit.code}-{duty}", name=name, level=3, unit=unit, duty=duty, unit_path=unit.path)
                for duty, name in DISTRICT_DEPARTMENTS
            ]
    Office.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    by: dict[str, list[Office]] = {}
    for office in Office.objects.filter(unit_path__startswith=district.path).order_by("code"):
        by.setdefault(office.unit_path, []).append(office)
    return by


# ---- the year's history -----------------------------------------------------------------------


@dataclass
class _Life:
    """One case's life: what happened, in order, before it is cut at now."""

    events: list[tuple[dt.datetime, str, Office | None, str, str]] = field(default_factory=list)
    visits: list[tuple[dt.datetime, str, int, bool]] = field(default_factory=list)

    def add(self, at: dt.datetime, kind: str, office: Office | None = None, code: str = "", reason: str = "") -> None:
        self.events.append((at, kind, office, code, reason))


class Synthesiser:
    """Draws cases' lives on the offices and catalogue of a street (or several)."""

    def __init__(self, rng: random.Random, *, now: dt.datetime, entries: dict[int, list[Entry]]) -> None:
        self.rng = rng
        self.now = now
        self.calendar = load_calendar()
        self.entries = entries  # by catalogue unit id
        self.hash_n = 0

    # -- time ----------------------------------------------------------------------------------

    def after(self, start: dt.datetime, amount: int, urgent: bool) -> dt.datetime:
        if urgent:
            return start + dt.timedelta(hours=amount)
        day = self.calendar.add_working_days(timezone.localtime(start), amount)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))

    def between(self, start: dt.datetime, end: dt.datetime, lo: float, hi: float) -> dt.datetime:
        return start + (end - start) * self.rng.uniform(lo, hi)

    # -- a life --------------------------------------------------------------------------------

    def life(self, received: dt.datetime, entry: Entry, first: Office, above: list[Office], lead: Office) -> _Life:
        rng, life = self.rng, _Life()
        odds = WEAK.get(first.duty, USUAL)
        life.add(received, CaseEvent.Kind.RECEIVED)
        at = received + dt.timedelta(minutes=rng.randint(10, 360))
        office = first
        reply_by = self.after(at, entry.reply_within, entry.urgent)
        life.add(at, CaseEvent.Kind.DISPATCHED, office)
        if rng.random() < 0.07:  # returned, then dispatched again
            sign_by = self.after(at, entry.sign_within, entry.urgent)
            at = self.between(at, sign_by, 0.1, 0.8)
            code = rng.choice(RETURN_REASONS if not entry.duty else RETURN_REASONS[:2])
            life.add(at, CaseEvent.Kind.RETURNED, office, code, "核实后发现地址或类别有误。")
            at += dt.timedelta(minutes=rng.randint(30, 600))
            life.add(at, CaseEvent.Kind.DISPATCHED, office)
        sign_by = self.after(at, entry.sign_within, entry.urgent)
        late_sign = rng.random() < odds[0]
        at = self.between(at, sign_by, 1.1, 2.5) if late_sign else self.between(at, sign_by, 0.05, 0.9)
        life.add(at, CaseEvent.Kind.SIGNED, office)
        if rng.random() < 0.05 and at < reply_by:
            life.add(
                self.between(at, reply_by, 0.3, 0.8),
                CaseEvent.Kind.EXTENDED,
                office,
                "",
                "需要协调产权单位，延期办理。",
            )
            reply_by = self.after(reply_by, max(1, entry.reply_within // 2), entry.urgent)
        rounds = 0
        while True:
            late = rng.random() < odds[1]
            at = self.between(at, reply_by, 1.05, 1.8) if late else self.between(at, reply_by, 0.15, 0.95)
            life.add(at, CaseEvent.Kind.REPLIED, office)
            at = self.after(at, 1, False) - dt.timedelta(hours=rng.randint(6, 12))
            if rng.random() < 0.03:
                life.add(at, CaseEvent.Kind.CLOSED, None, "", "三次电话回访均未接通。")
                return life
            method = rng.choices(("phone", "sms", "in_person"), (70, 25, 5))[0]
            unhappy = rng.random() < odds[2] / (rounds + 1)
            satisfaction = rng.choice((1, 2)) if unhappy else rng.choices((5, 4, 3), (45, 40, 15))[0]
            life.visits.append((at, method, satisfaction, not unhappy))
            if not unhappy:
                life.add(at, CaseEvent.Kind.VISITED, None, method)
                life.add(at + dt.timedelta(hours=rng.randint(1, 30)), CaseEvent.Kind.CLOSED)
                return life
            rounds += 1
            life.add(at, CaseEvent.Kind.REDO, office, method)
            reply_by = self.after(at, 15, False)
            if rounds == 2 and above:  # dissatisfied twice: the level above takes it
                office = above[0]
                at += dt.timedelta(hours=rng.randint(2, 20))
                life.add(at, CaseEvent.Kind.ESCALATED, office, "dissatisfied", "两次回访不满意，提级督办。")
                sign_by = self.after(at, entry.sign_within, entry.urgent)
                at = self.between(at, sign_by, 0.1, 0.9)
                life.add(at, CaseEvent.Kind.SIGNED, office)
            if rounds >= 3:
                odds = (odds[0], odds[1], 0.0)

    # -- a case from its life ------------------------------------------------------------------

    def case_of(self, life: _Life, base: dict[str, Any], entry: Entry) -> tuple[Case, list[tuple], list[tuple]]:
        """The case as it stands at now, and the events and visits that happened before now."""
        events = [e for e in life.events if e[0] <= self.now]
        visits = [v for v in life.visits if v[0] <= self.now]
        case = Case(**base)
        case.state = Case.State.RECEIVED
        for at, kind, office, _code, reason in events:
            if kind == CaseEvent.Kind.DISPATCHED:
                if case.dispatched_at is None:
                    case.dispatched_at = at
                    case.reply_by = self.after(at, entry.reply_within, entry.urgent)
                elif case.office is not None and case.office != office:
                    case.transfers += 1
                case.office, case.state, case.signed_at = office, Case.State.DISPATCHED, None
                case.sign_by = self.after(at, entry.sign_within, entry.urgent)
            elif kind == CaseEvent.Kind.RETURNED:
                case.state, case.returns = Case.State.RETURNED, case.returns + 1
            elif kind == CaseEvent.Kind.SIGNED:
                case.state, case.signed_at = Case.State.SIGNED, at
            elif kind == CaseEvent.Kind.EXTENDED:
                assert case.reply_by is not None
                case.reply_by = self.after(case.reply_by, max(1, entry.reply_within // 2), entry.urgent)
                case.extended, case.extension_reason = True, reason
            elif kind == CaseEvent.Kind.REPLIED:
                case.state, case.replied_at = Case.State.REPLIED, at
                case.reply = self.rng.choice(REPLIES)
            elif kind == CaseEvent.Kind.VISITED:
                _at, _method, satisfaction, solved = visits[-1]
                case.state, case.satisfaction, case.solved = Case.State.VISITED, satisfaction, solved
            elif kind == CaseEvent.Kind.REDO:
                case.state, case.redos, case.dissatisfied = Case.State.SIGNED, case.redos + 1, case.dissatisfied + 1
                case.reply_by = self.after(at, 15, False)
            elif kind == CaseEvent.Kind.ESCALATED:
                case.office, case.level, case.escalated = office, office.level, case.escalated + 1  # type: ignore[union-attr]
                case.state, case.signed_at = Case.State.DISPATCHED, None
                case.sign_by = self.after(at, entry.sign_within, entry.urgent)
            elif kind == CaseEvent.Kind.CLOSED:
                case.state, case.finished_at = Case.State.CLOSED, at
        if visits:
            case.first_satisfaction, case.first_solved = visits[0][2], visits[0][3]
        return case, events, visits

    def token(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def code_hash(self) -> str:
        self.hash_n += 1
        return code_hash(f"{self.rng.getrandbits(48):012x}")


@dataclass
class Place:
    """A building (or grid) where cases are located, with the offices above it."""

    unit_id: int
    path: str
    grid: Office | None
    community: Office
    street: Office
    district: Office
    departments: dict[str, Office]
    catalogue_unit: int
    people: list[tuple[int, str, str]]  # (person id, name, phone)


def places_of(district: Unit, offices: dict[str, list[Office]]) -> list[Place]:
    """Every building of the district's streets with the offices that serve it."""

    def own(path: str) -> Office | None:
        return next((o for o in offices.get(path, []) if not o.duty), None)

    units = {u.pk: u for u in Unit.objects.filter(path__startswith=district.path)}
    people: dict[int, list[tuple[int, str, str]]] = {}
    people_rows = Person.objects.filter(unit_path__startswith=district.path).order_by("pk")
    for pk, unit_id, name, phone in people_rows.values_list("pk", "unit_id", "name", "phone"):
        if len(people.setdefault(unit_id, [])) < 12:
            people[unit_id].append((pk, name, phone))
    out = []
    district_office = own(district.path)
    assert district_office is not None
    for unit in units.values():
        if unit.kind != Unit.Kind.BUILDING:
            continue
        ids = unit.ancestor_ids()
        chain = [units[i] for i in ids if i in units]
        grid = next(u for u in chain if u.kind == Unit.Kind.GRID)
        community = next(u for u in chain if u.kind in (Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE))
        street = next(u for u in chain if u.kind in (Unit.Kind.STREET, Unit.Kind.TOWNSHIP))
        departments = {o.duty: o for o in offices.get(street.path, []) if o.duty}
        departments.update({o.duty: o for o in offices.get(district.path, []) if o.duty})
        out.append(
            Place(
                unit_id=unit.pk,
                path=unit.path,
                grid=own(grid.path),
                community=own(community.path),  # type: ignore[arg-type]
                street=own(street.path),  # type: ignore[arg-type]
                district=district_office,
                departments=departments,
                catalogue_unit=street.pk,
                people=people.get(unit.pk, []),
            )
        )
    out.sort(key=lambda p: p.path)
    return out


def _office_for(place: Place, entry: Entry) -> tuple[Office, list[Office]]:
    """The catalogue's office for the entry at the place, and the offices above it in order."""
    chain = [o for o in (place.grid, place.community, place.street, place.district) if o is not None]
    if entry.duty:
        first = place.departments.get(entry.duty) or chain[-1]
        above = [place.district] if first.level < Office.Level.DISTRICT else []
        return first, above
    first = next(o for o in chain if o.level >= entry.level)
    return first, [o for o in chain if o.level > first.level]


def synthesise(
    *,
    rng: random.Random,
    places: list[Place],
    entries: dict[int, list[Entry]],
    count: int,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    representative: Any | None = None,
    representative_path: str = "",
    write: Callable[..., None] | None = None,
) -> dict[str, int]:
    """Write ``count`` cases received between ``start`` and ``end``, each cut at ``now``, with
    their history, visits, assisting offices and ratings. Returns the counts written.

    ``write(model, rows, ignore_conflicts=False)`` writes a batch and gives each row its ``pk``
    (``bulk_create`` by default; ``generate_cases`` passes a leaner one for a million cases)."""
    write = write or _bulk_create
    maker = Synthesiser(rng, now=now, entries=entries)
    channels, channel_weights = zip(*CHANNELS, strict=True)
    weights = {unit: [LEVEL_WEIGHT[e.level] for e in rows] for unit, rows in entries.items()}
    span = (end - start).total_seconds()
    written = {"cases": 0, "events": 0, "visits": 0, "ratings": 0}
    times = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(count))
    for chunk_start in range(0, count, BATCH):
        cases: list[Case] = []
        lives: list[tuple[list[tuple], list[tuple], Entry]] = []
        for received in times[chunk_start : chunk_start + BATCH]:
            hour = rng.choices(range(7, 22), (2, 5, 8, 9, 9, 7, 6, 7, 8, 8, 7, 6, 5, 4, 3))[0]
            # a local hour of that day, and the day before when that hour is still to come
            received = timezone.localtime(received).replace(hour=hour, minute=rng.randint(0, 59))
            if received > end:
                received -= dt.timedelta(days=1)
            place = rng.choice(places)
            rows = entries[place.catalogue_unit]
            entry = rng.choices(rows, weights[place.catalogue_unit])[0]
            channel = rng.choices(channels, channel_weights)[0]
            linked = None
            if channel in ("representative", "card"):
                if representative is not None and place.path.startswith(representative_path):
                    linked = representative
                else:
                    channel = "phone"
            first, above = _office_for(place, entry)
            lead = {"grid": place.grid, "phone": place.street, "open311": place.street}.get(channel) or place.community
            person = rng.choice(place.people) if place.people and rng.random() < 0.6 else None
            if person is not None:
                requester, name, phone = person
            else:
                requester, name = (
                    None,
                    full_name(
                        rng, surname=pick_surname(rng), gender=rng.choice("MF"), birth_year=rng.randint(1950, 2000)
                    ),
                )
                phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
            life = maker.life(received, entry, first, above, lead or place.street)
            base = {
                "channel": channel,
                "entry": entry,
                "service_code": entry.service_code,
                "description": f"{entry.name}：{rng.choice(DESCRIPTIONS)}",
                "unit_id": place.unit_id,
                "unit_path": place.path,
                "requester_id": requester,
                "requester_name": name,
                "requester_phone": phone,
                "consent": channel in ("representative", "grid", "phone", "paper"),
                "code_hash": maker.code_hash(),
                "token": maker.token(),
                "received_at": received,
                "representative": linked,
                "lead": lead or place.street,
                "level": entry.level,
            }
            case, events, visits = maker.case_of(life, base, entry)
            if case.state in (Case.State.CLOSED, Case.State.VISITED) and rng.random() < 0.01:
                case.excluded = rng.choice(EXCLUSIONS)
            cases.append(case)
            lives.append((events, visits, entry))
        write(Case, cases)
        event_rows, visit_rows, assist_rows, rating_rows = [], [], [], []
        for case, (events, visits, _entry) in zip(cases, lives, strict=True):
            below = None
            for at, kind, office, code, reason in events:
                event_rows.append(
                    CaseEvent(case=case, kind=kind, at=at, by=None, office=office, code=code, reason=reason)
                )
                if kind == CaseEvent.Kind.ESCALATED and below is not None:
                    assist_rows.append(Assist(case=case, office=below, added_at=at))
                if office is not None:
                    below = office
            for at, method, satisfaction, solved in visits:
                visit_rows.append(
                    Visit(case=case, method=method, verified=True, satisfaction=satisfaction, solved=solved, at=at)
                )
            if (
                case.representative is not None
                and case.replied_at is not None
                and case.office is not None
                and rng.random() < 0.7
            ):
                rating_rows.append(_rating(case, rng))
        write(CaseEvent, event_rows)
        write(Visit, visit_rows)
        write(Assist, assist_rows, ignore_conflicts=True)
        write(Rating, rating_rows)
        written["cases"] += len(cases)
        written["events"] += len(event_rows)
        written["visits"] += len(visit_rows)
        written["ratings"] += len(rating_rows)
    return written


def _bulk_create(model: Any, rows: list[Any], *, ignore_conflicts: bool = False) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=ignore_conflicts)


def _rating(case: Case, rng: random.Random) -> Rating:
    """The representative's rating, near the requester's satisfaction (2 when none was given)."""
    happy = case.satisfaction or 2
    scores = [max(1, min(5, happy + rng.choice((-1, 0, 0, 1)))) for _ in range(3)]
    assert case.replied_at is not None and case.office is not None
    return Rating(
        case=case,
        office=case.office,
        representative=case.representative,
        attitude=scores[0],
        speed=scores[1],
        style=scores[2],
        satisfaction=happy,
        at=case.replied_at + dt.timedelta(days=2),
    )


DESCRIPTIONS = (
    "已经持续一周了，希望尽快处理。",
    "多次反映没有解决，请相关部门重视。",
    "影响老人和小孩出行，请尽快安排。",
    "晚上尤其严重，影响休息。",
    "附近居民都有意见，希望有人来看一下。",
    "不知道该找哪个部门，请帮忙转给负责的单位。",
)


# ---- setting it up on the demo street --------------------------------------------------------


def _entries(units: list[Unit], street_user: Any, district_user: Any) -> dict[int, list[Entry]]:
    out: dict[int, list[Entry]] = {}
    for unit in units:
        who = street_user if unit.kind == Unit.Kind.STREET else district_user
        catalogue = do_publish_catalogue(unit=unit, rows=CATALOGUE, note="首版派单目录", acting_user=who)
        out[unit.pk] = list(catalogue.entries.order_by("id"))
        EscalationRule.objects.bulk_create(
            [
                EscalationRule(unit=unit, trigger=t, threshold=n)
                for t, n in (("overdue", 1), ("returned", 3), ("redone", 3), ("dissatisfied", 2))
            ]
        )
    return out


def _desk(user: Any, office: Office, post: str = Desk.Post.HANDLER) -> None:
    Desk.objects.get_or_create(office=office, user=user, defaults={"post": post})


def seed_cases(*, seed: int, scale: float = 1.0) -> dict[str, Any]:
    """Offices, the catalogue, desks for the personas, a year of history and today's cases."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONA_NAMES)}
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    streets = list(Unit.objects.filter(kind__in=(Unit.Kind.STREET, Unit.Kind.TOWNSHIP)).order_by("path"))
    rng = random.Random(seed * 17 + 13)
    with transaction.atomic():
        offices = make_offices(district)
        with year_story() as story:
            story.set(dt.date(story.year - 1, 12, 1), 9)
            entries = _entries(streets, users["street"], users["district"])
        places = places_of(district, offices)
        street = streets[0]
        own = {o.unit_id: o for row in offices.values() for o in row if not o.duty}
        _desk(users["street"], own[street.pk], Desk.Post.DISPATCHER)
        handler_office = next(o for o in offices[street.path] if o.duty == "urban")
        _desk(users["handler"], handler_office)
        rep_role = (
            Role.objects.filter(user=users["representative"], kind=Role.Kind.REPRESENTATIVE)
            .select_related("unit")
            .first()
        )
        grid_role = Role.objects.filter(user=users["observer"]).select_related("unit").first()
        if grid_role is not None:
            _desk(users["observer"], own[grid_role.unit_id])
        secretary_role = Role.objects.filter(user=users["secretary"]).select_related("unit").first()
        if secretary_role is not None:
            _desk(users["secretary"], own[secretary_role.unit_id])
        organiser_role = Role.objects.filter(user=users["organiser"]).select_related("unit").first()
        if organiser_role is not None:
            _desk(users["organiser"], own[organiser_role.unit_id], Desk.Post.DISPATCHER)
        now = timezone.now()
        count = max(60, round(CASES_PER_YEAR * scale))
        written = synthesise(
            rng=rng,
            places=places,
            entries=entries,
            count=count,
            start=now - dt.timedelta(days=365),
            end=now - dt.timedelta(hours=3),
            now=now - dt.timedelta(hours=2),
            representative=users["representative"],
            representative_path=rep_role.unit.path if rep_role is not None else "/none/",
        )
        record(
            actor="seed_demo",
            action=Action.CASES_GENERATED,
            obj=street,
            changes={"seed": seed, "scale": scale, **written},
            reason="演示数据：一年的诉求（确定性生成）",
        )
    today = tell_todays_cases(users=users, places=places, entries=entries, rng=rng, street=street)
    published = publish_scorecards([*streets, district])
    return {**written, "today": today, "scorecards": published}


def publish_scorecards(units: list[Unit]) -> int:
    """The scorecards of the quarters that ended in the last year, each published by the scheduler
    the day after its quarter (the record counts the cases as they stand now)."""
    from web.cases.scorecards import do_publish_scorecard, quarter_span

    made = 0
    with year_story() as story:
        today = timezone.localdate(story.real_now)
        year, quarter = today.year - 1, (today.month - 1) // 3 + 1
        for _step in range(4):
            _start, end = quarter_span(year, quarter)
            if end.date() < today:
                story.set(end.date(), 6)
                for unit in units:
                    do_publish_scorecard(unit=unit, year=year, quarter=quarter, acting_user=None)
                    made += 1
            year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return made


PERSONA_NAMES = ("street", "district", "handler", "representative", "observer", "secretary", "organiser", "resident")


def _place_under(places: list[Place], path: str, rng: random.Random) -> Place:
    under = [p for p in places if p.path.startswith(path)]
    return rng.choice(under)


def _entry(entries: dict[int, list[Entry]], place: Place, code: str) -> Entry:
    return next(e for e in entries[place.catalogue_unit] if e.service_code == code)


#: the seed of the told cases' times of day
TOLD_TIMES_SEED = 20261203
#: an office's working hours, as (start, end) in minutes after midnight: 8:30–12:00, 14:00–17:30
WORKING_HOURS = ((8 * 60 + 30, 12 * 60), (14 * 60, 17 * 60 + 30))


def told_time(spread: random.Random) -> tuple[int, int]:
    """A moment of the working hours (hour, minute), early enough that the morning's or the
    afternoon's further steps of a case (a few minutes each) still fall within them."""
    start, end = spread.choice(WORKING_HOURS)
    at = spread.randrange(start, end - 90)
    return at // 60, at % 60


def tell_todays_cases(
    *, users: dict[str, Any], places: list[Place], entries: dict[int, list[Entry]], rng: random.Random, street: Unit
) -> int:
    """Cases the personas act on now, told through the real actions over the last two weeks."""
    told = 0
    resident, rep, dispatcher = users["resident"], users["representative"], users["street"]
    resident_person = getattr(resident, "person", None)
    rep_unit = Role.objects.filter(user=rep, kind=Role.Kind.REPRESENTATIVE).values_list("unit__path", flat=True).first()
    grid_path = Role.objects.filter(user=users["observer"]).values_list("unit__path", flat=True).first()
    spread = random.Random(TOLD_TIMES_SEED)  # the times' own sequence: the places drawn from rng stay as they were
    with year_story() as story:

        def day(back: int, hour: int | None = None) -> None:
            """The story's clock ``back`` days ago: at ``hour`` (a few minutes past it) when the
            story says when, else at a moment of the office's working hours."""
            if hour is None:
                hour, minute = told_time(spread)
            else:
                minute = spread.randrange(0, 45)
            story.set(timezone.localdate(story.real_now) - dt.timedelta(days=back), hour, minute)

        def take(channel: str, code: str, path: str, by: Any, text: str, **extra: Any) -> Case:
            nonlocal told
            place = _place_under(places, path, rng)
            story.set(story.now() + dt.timedelta(minutes=spread.randint(3, 20)))  # one request after another
            case, _code = actions.do_take_case(
                channel=channel,
                entry=_entry(entries, place, code),
                unit=Unit.objects.get(pk=place.unit_id),
                description=text,
                acting_user=by,
                consent=channel != "account",
                **extra,
            )
            told += 1
            return case

        # the resident's own requests: one closed, one being handled, one replied and waiting for their answer
        if resident_person is not None:
            home = resident_person.unit.path
            day(13)
            a = take("account", "stair-light", home, resident, "我家单元三楼楼道灯坏了两周，晚上上下楼很不方便。")
            a = actions.do_dispatch_case(case=a, acting_user=dispatcher)
            day(12)
            _handle(a, reply="已更换楼道灯泡，恢复照明。", users=users)
            day(11)
            actions.do_visit_case(case=a, method="phone", satisfaction=5, solved=True, acting_user=dispatcher)
            actions.do_close_case(case=a, acting_user=dispatcher)
            day(6)
            b = take("account", "living-noise", home, resident, "楼上住户每晚十一点以后还在装修，电钻声很大。")
            b = actions.do_dispatch_case(case=b, acting_user=dispatcher)
            day(5)
            _handle(b, reply="已上门协调，装修时间改在每天 8:00–12:00、14:00–18:00，并签订承诺书。", users=users)
            day(3)
            c = take("account", "rubbish-collection", home, resident, "小区门口垃圾桶满了两天没人清运，有异味。")
            c = actions.do_dispatch_case(case=c, acting_user=dispatcher)
            _sign_as_desk(c)
        # the representative's cases: replied and waiting for their rating, dispatched, closed
        if rep_unit:
            day(10)
            r1 = take(
                "representative",
                "home-care",
                rep_unit,
                rep,
                "独居老人王大爷希望社区提供助餐服务。",
                representative=rep,
                requester_name="王大爷",
                requester_phone="13980001234",
            )
            r1 = actions.do_dispatch_case(case=r1, acting_user=dispatcher)
            day(8)
            _handle(r1, reply="已将王大爷纳入社区长者食堂助餐名单，每天中午送餐上门。", users=users)
            day(7)
            # visited: the dispatcher's desk has it to close
            actions.do_visit_case(case=r1, method="in_person", satisfaction=4, solved=True, acting_user=dispatcher)
            day(4)
            r2 = take(
                "representative",
                "road-damage",
                rep_unit,
                rep,
                "小区门口人行道地砖松动，老人容易绊倒。",
                representative=rep,
                requester_name="刘阿姨",
                requester_phone="13880005678",
            )
            r2 = actions.do_dispatch_case(case=r2, acting_user=dispatcher)
            _handle(r2, reply="已安排养护单位更换松动地砖。", users=users)
            day(1)
            take(
                "representative",
                "estate-parking",
                rep_unit,
                rep,
                "小区内车辆乱停，消防通道被占。",
                representative=rep,
                requester_name="陈先生",
                requester_phone="13700009876",
            )
            day(5, 20)
            take(
                "card",
                "community-venue",
                rep_unit,
                None,
                "扫了代表服务卡：希望社区活动室周末也开放，方便上班族参加活动。",
                representative=rep,
                requester_phone="13900007777",
            )
        # the handler's queue (the street's urban management office): to sign, to reply, returned to them
        for back, code, text in (
            (2, "street-vending", "菜市场门口早上占道摆摊，车辆无法通行。"),
            (1, "shop-signs", "临街商铺招牌松动，刮风时摇晃，担心掉落伤人。"),
            (0, "illegal-structure", "顶楼住户在屋顶加盖彩钢房。"),
        ):
            day(back, 10)
            case = take(
                "phone", code, street.path, dispatcher, text, requester_name="匿名", requester_phone="13600001111"
            )
            actions.do_dispatch_case(case=case, acting_user=dispatcher)
        day(9)
        late = take(
            "phone",
            "street-vending",
            street.path,
            dispatcher,
            "夜市摊点油烟和噪音，凌晨还不收摊。",
            requester_name="赵女士",
            requester_phone="13500002222",
        )
        late = actions.do_dispatch_case(case=late, acting_user=dispatcher)
        actions.do_sign_case(case=late, acting_user=users["handler"])
        # the dispatcher's desk: new cases (one of them a duplicate, merged), a return to review
        day(1, 15)
        first = take(
            "phone",
            "water-cut",
            street.path,
            dispatcher,
            "整栋楼从早上开始停水，没有收到通知。",
            requester_name="匿名",
            requester_phone="13600003333",
        )
        take(
            "phone",
            "trees",
            street.path,
            dispatcher,
            "小区外行道树枝条挡住路灯。",
            requester_name="匿名",
            requester_phone="13600003334",
        )
        day(1, 16)
        again = take(
            "online",
            "water-cut",
            first.unit.path,
            None,
            "我们楼也停水了，什么时候恢复？",
            requester_phone="13600003335",
        )
        actions.do_merge_case(case=again, into=first, acting_user=dispatcher)
        day(2)
        returned = take(
            "online", "minor-dispute", street.path, None, "邻居在公共走廊放鞋柜。", requester_phone="13600004444"
        )
        returned = actions.do_dispatch_case(case=returned, acting_user=dispatcher)
        actions.do_return_case(
            case=returned,
            reason_code="wrong_place",
            reason="地址所在楼栋不在本网格。",
            acting_user=_someone_at(returned.office),
        )
        # the grid worker's grid
        if grid_path:
            day(2)
            g = take(
                "grid",
                "corridor-clutter",
                grid_path,
                users["observer"],
                "3 栋 2 单元楼道堆放纸箱，堵住消防通道。",
                requester_name="孙阿姨",
                requester_phone="13900005555",
            )
            actions.do_dispatch_case(case=g, acting_user=dispatcher)
    return told


def _sign_as_desk(case: Case) -> Case:
    """Sign for the case as someone at its office (a synthetic desk when nobody sits there)."""
    handler = _someone_at(case.office)
    return actions.do_sign_case(case=case, acting_user=handler)


def _handle(case: Case, *, reply: str, users: dict[str, Any]) -> Case:
    case = _sign_as_desk(case)
    return actions.do_reply_case(case=case, text=reply, acting_user=_someone_at(case.office))


def _someone_at(office: Office | None) -> Any:
    assert office is not None
    user = get_user_model().objects.filter(desks__office=office).order_by("id").first()
    if user is None:
        user = get_user_model().objects.create_user(
            username=f"desk-{office.code.lower()}"[:150], display_name=f"{office.name}承办人"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Desk.objects.create(office=office, user=user)
    return user
