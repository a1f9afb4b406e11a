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
from web.cases.models import CaseEvent
from web.common.demo_clock import demo_year
from web.org.models import Body, BodySeat, PartyMembership, PartyOrg, Person, Role, Unit
from web.reps import queries
from web.reps.models import Attendance, Field, Link, Profile, SeatField, Training
from web.reps.queries import LINKED_KINDS

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
        seats = list(BodySeat.objects.filter(body=congress).select_related("person").order_by("id"))
        work = seed_work(rng, congress, seats, start=start, persona_person=persona_person)
        summary = {
            "seed": seed,
            "representatives": len(people),
            "accounts": len(new),
            "since": start.isoformat(),
            **work,
        }
        record(
            actor="seed_demo",
            action=Action.REPS_GENERATED,
            obj=congress,
            changes=summary,
            reason="演示数据：区党代会及其代表（确定性生成）",
        )
    referrals = tell_referrals(congress, persona)
    return {"congress": congress, **summary, "referrals": referrals}


# ---- the representatives' work: fields, links, trainings -------------------------------------------

#: fields of work and how often representatives know them (community services the most)
FIELD_WEIGHTS = (
    (Field.COMMUNITY, 24),
    (Field.ELDERLY, 12),
    (Field.EDUCATION, 10),
    (Field.HEALTH, 9),
    (Field.ENTERPRISE, 9),
    (Field.BUILDING, 8),
    (Field.ENVIRONMENT, 7),
    (Field.JOBS, 6),
    (Field.POLICE, 5),
    (Field.TRANSPORT, 5),
    (Field.COURT, 3),
    (Field.PROCURATORATE, 2),
)
INTROS = {
    Field.COMMUNITY: "长期从事社区工作，熟悉居民事务和物业管理。",
    Field.ELDERLY: "关注养老和助残服务，组织过长者食堂和上门探访。",
    Field.EDUCATION: "在中小学任教多年，了解入学、学位和校外培训。",
    Field.HEALTH: "在社区卫生服务中心工作，熟悉看病就医和医保政策。",
    Field.ENTERPRISE: "在辖区企业工作，熟悉市场监管和营商环境。",
    Field.BUILDING: "从事建设工程，熟悉老旧小区改造和房屋安全。",
    Field.ENVIRONMENT: "关注生态环境和垃圾分类，参与过河道治理。",
    Field.JOBS: "熟悉就业创业和社会保障政策。",
    Field.POLICE: "在派出所工作，熟悉治安和矛盾纠纷化解。",
    Field.TRANSPORT: "在集装箱拖车协会工作，熟悉交通物流。",
    Field.COURT: "在法院工作，熟悉诉讼和人民调解。",
    Field.PROCURATORATE: "在检察院工作，熟悉公益诉讼。",
}
#: seed 003: two training classes a year, so that everyone is trained once in two years
TRAININGS = (
    ("党代表履职能力培训班（第一期）", 4, "区委党校"),
    ("党代表履职能力培训班（第二期）", 10, "区委党校"),
)
#: the share of representatives at each class, and of those never trained, not linked
AT_CLASS = 0.3
NEVER_TRAINED = 0.06
UNLINKED = 0.04
#: who published their own phone
PUBLIC_PHONE = 0.15
#: the township's last village is left without a linked representative, so the coverage flags show
#: (its representatives are linked to the village before it)
UNCOVERED_VILLAGE = "银桂村"


def _fields(rng: random.Random) -> list[str]:
    keys = [f for f, _w in FIELD_WEIGHTS]
    weights = [w for _f, w in FIELD_WEIGHTS]
    chosen = {rng.choices(keys, weights)[0] for _n in range(rng.choice((1, 1, 2, 2, 3)))}
    return [f for f in keys if f in chosen]


def _area_of(person: Person, areas: list[Unit]) -> Unit | None:
    return next((a for a in areas if person.unit_path.startswith(a.path)), None)


def seed_work(
    rng: random.Random, congress: Body, seats: list[BodySeat], *, start: dt.date, persona_person: Person | None
) -> dict[str, int]:
    """Each representative's fields, intro and (for some) their phone; links to the village or
    community they live in (a few linked to none, one village left uncovered); two trainings a year
    since the term began with attendance, one coming up; the persona linked to community 1, last
    trained more than two years ago. Written in bulk; the congress's one audit entry counts them."""
    now = timezone.now()
    today = timezone.localdate(now)
    district = congress.unit
    areas = list(Unit.objects.filter(path__startswith=district.path, kind__in=LINKED_KINDS).order_by("path"))
    persona = next((s for s in seats if persona_person is not None and s.person_id == persona_person.pk), None)
    profiles, fields, links = [], [], []
    for seat in seats:
        chosen = [Field.COMMUNITY, Field.ELDERLY] if seat is persona else _fields(rng)
        fields += [SeatField(seat=seat, field=f) for f in chosen]
        phone = seat.person.phone if seat is persona or rng.random() < PUBLIC_PHONE else ""
        profiles.append(Profile(seat=seat, intro=INTROS[Field(chosen[0])], public_phone=phone, updated_at=now))
        area = _area_of(seat.person, areas)
        if area is not None and area.name == UNCOVERED_VILLAGE:  # linked to the village before it instead
            area = areas[areas.index(area) - 1]
        if area is None or (seat is not persona and rng.random() < UNLINKED):
            continue
        since = start + dt.timedelta(days=rng.randint(20, 120))
        links.append(Link(seat=seat, unit=area, unit_path=area.path, since=since))
    Profile.objects.bulk_create(profiles)
    SeatField.objects.bulk_create(fields)
    Link.objects.bulk_create(links)
    trainings = _trainings(congress, start, today)
    attended = _attendance(rng, trainings, seats, persona=persona, today=today)
    return {
        "profiles": len(profiles),
        "links": len(links),
        "trainings": len(trainings),
        "attendance": attended,
    }


def _trainings(congress: Body, start: dt.date, today: dt.date) -> list[Training]:
    """Two classes a year from the term's start, and the next one coming up."""
    rows = []
    for year in range(start.year, today.year + 2):
        for title, month, place in TRAININGS:
            day = dt.date(year, month, 15)
            if day <= start:
                continue
            rows.append(
                Training(
                    body=congress,
                    unit=congress.unit,
                    title=f"{year}年{title}",
                    held_on=day,
                    place=place,
                    organiser="区委组织部",
                    created_at=timezone.now(),
                )
            )
            if day > today:  # one class coming up, no more
                return Training.objects.bulk_create(rows)
    return Training.objects.bulk_create(rows)


def _attendance(
    rng: random.Random, trainings: list[Training], seats: list[BodySeat], *, persona: BodySeat | None, today: dt.date
) -> int:
    staff = get_user_model().objects.filter(username="district").first()
    if staff is None:
        return 0
    held = [t for t in trainings if t.held_on <= today]
    rows = []
    for seat in seats:
        if seat is persona:  # trained once, early in the term: the home page says it is due
            came = held[:1]
        elif rng.random() < NEVER_TRAINED:
            came = []
        else:
            came = [t for t in held if rng.random() < AT_CLASS]
            recent = held[-4:]  # the last two years' classes
            if recent and not any(t in recent for t in came):  # everyone else within two years, as the seed asks
                came.append(rng.choice(recent))
        rows += [Attendance(training=t, seat=seat, recorded_by=staff, recorded_at=timezone.now()) for t in came]
    Attendance.objects.bulk_create(rows)
    return len(rows)


# ---- referrals through the real actions ------------------------------------------------------------


def tell_referrals(congress: Body, persona: Any) -> int:
    """Two cross-referrals (交叉挂点) with the persona: one they passed on to an education
    representative, who answered; one an elderly-care request a community representative passed to
    them, waiting for their answer on their home page."""
    if persona is None:
        return 0
    from web.cases.access import catalogue_for
    from web.cases.actions import do_refer_case, do_take_case
    from web.reps.actions import do_answer_referral

    persona_seat = queries.seats_of_user(persona).first()
    home = Unit.objects.filter(pk__in=persona.person.unit.ancestor_ids(), kind__in=LINKED_KINDS).first()
    if persona_seat is None or home is None:
        return 0
    catalogue = catalogue_for(home)
    if catalogue is None:
        return 0
    entries = {e.service_code: e for e in catalogue.entries.all()}

    def someone(field: str) -> Any:
        seat = (
            queries.representatives(congress)
            .filter(rep_fields__field=field, person__user__isnull=False)
            .exclude(pk=persona_seat.pk)
            .exclude(rep_fields__field=Field.ELDERLY)
            .order_by("id")
            .first()
        )
        return get_user_model().objects.get(person=seat.person) if seat else None

    def refer(code: str, by: Any, to: Any, text: str, who: tuple[str, str], reason: str) -> CaseEvent | None:
        case, _code = do_take_case(
            channel="representative",
            entry=entries[code],
            unit=home,
            description=text,
            acting_user=by,
            representative=by,
            requester_name=who[0],
            requester_phone=who[1],
            consent=True,
        )
        do_refer_case(case=case, to=to, reason=reason, acting_user=by)
        return case.events.filter(kind=CaseEvent.Kind.REFERRED).order_by("-id").first()

    told = 0
    teacher = someone(Field.EDUCATION)
    if teacher is not None and "school-place" in entries:
        event = refer(
            "school-place",
            persona,
            teacher,
            "孩子明年上小学，划片学校学位紧张，家长想了解能否就近入学。",
            ("陈女士", "13880004321"),
            "入学和学位属教育领域，转交教育系统的代表跟进。",
        )
        if event is not None:
            do_answer_referral(
                event=event, text="已联系区教育局招生办，下周到社区为家长讲解划片政策。", acting_user=teacher
            )
        told += 1
    neighbour = someone(Field.COMMUNITY)
    if neighbour is not None and "home-care" in entries:
        refer(
            "home-care",
            neighbour,
            persona,
            "独居的李奶奶行动不便，希望有人每周上门帮忙打扫和代购。",
            ("李奶奶", "13880001234"),
            "居家养老服务，转交熟悉养老服务的代表。",
        )
        told += 1
    return told
