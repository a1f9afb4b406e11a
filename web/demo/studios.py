"""Representatives' studios of the demo district and a year of their receptions (seed 003).

- a community studio in every community (standardised: a full-time director, a secretary and two
  volunteers from the community; the community's congress representatives attached). The
  ``organiser`` persona directs community 1's, the ``outsider`` community 2's;
- six industry studios (education, health, police, court, procuratorate, the container-truck
  association) on the district, each with a director, a secretary and a few representatives;
- the online studio on the district, every representative attached (its page leads to each
  one's request form);
- a weekly reception day (接访日) per community studio, the roster in turn, and each attached
  representative's own monthly visiting day (走访日); a monthly reception day per industry studio;
- the sessions of the past year and the coming eight weeks, made from the rules by the actions;
  nine in ten past duties checked in (most by the representative, some recorded by the staff),
  a few sessions cancelled with their reason;
- the requests the ``representative`` persona took in the year (the requests demo's channel
  代表代录) linked to the session they were taken at: a visiting session of community 1's studio
  on that day (a household visit, 百名代表走千家) where no reception was running;
- the persona on duty this week (a reception this afternoon and a visit later in the week).

The setup goes through the actions (their audit entries, by the district's liaison office, dated
a year ago); the year's check-ins, cancellations and linked requests are written in bulk with one
audit entry. Everything is drawn from one ``random.Random`` per seed over rows read in a fixed
order, so the same seed gives the same studios on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Case
from web.common import clock
from web.org.models import Body, BodySeat, Person, Role, Unit
from web.studios import actions
from web.studios.models import Duty, Rule, Session, SessionCase, Staff, Studio

#: how far back the receptions go
YEAR = dt.timedelta(days=364)
CHECKED_IN = 0.9
BY_STAFF = 0.2
CANCELLED = 0.03
CANCEL_REASONS = ("社区党群服务中心场地维修", "防汛应急值班", "社区停电", "代表集中培训")
SECTORS = (
    ("education", "教育系统"),
    ("health", "卫生健康系统"),
    ("police", "公安分局"),
    ("court", "区人民法院"),
    ("procuratorate", "区人民检察院"),
    ("container_trucks", "拖车协会"),
)


def rng_of(seed: int) -> random.Random:
    return random.Random(seed * 31 + 7)


def _people_of(unit: Unit, taken: set[int], n: int, rng: random.Random) -> list[Person]:
    """``n`` adults of ``unit`` not yet taken (by ID number order, then drawn)."""
    rows = Person.objects.filter(unit_path__startswith=unit.path, birth_date__year__range=(1960, 2000))
    pool = [p for p in rows.exclude(pk__in=taken).order_by("id_number")[:400]]
    chosen = rng.sample(pool, min(n, len(pool)))
    taken.update(p.pk for p in chosen)
    return chosen


def seed_studios(*, seed: int) -> dict[str, Any]:
    """The studios, their staff and representatives, the calendar, a year of sessions with
    check-ins and the persona's requests linked to them. Needs the congress (``seed_congress``)
    and the requests (``seed_cases``)."""
    User = get_user_model()
    rng = rng_of(seed)
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, parent=None)
    congress = Body.objects.filter(kind=Body.Kind.CONGRESS, unit=district).order_by("pk").first()
    if congress is None:
        return {"studios": 0, "sessions": 0, "check_ins": 0, "linked": 0}
    users = {
        u.username: u for u in User.objects.filter(username__in=("district", "organiser", "outsider", "representative"))
    }
    liaison = users["district"]
    seats = list(
        BodySeat.objects.filter(body=congress, post=BodySeat.Post.REPRESENTATIVE)
        .select_related("person")
        .order_by("person__id_number")
    )
    persona = users.get("representative")
    persona_seat = next((s for s in seats if persona is not None and s.person_id == persona.person_id), None)
    communities = list(Unit.objects.filter(path__startswith=district.path, kind=Unit.Kind.COMMUNITY).order_by("path"))
    now = timezone.now()
    today = timezone.localdate(now)
    began = today - YEAR
    directors: dict[int, Any] = {}
    for user in (users.get("organiser"), users.get("outsider")):
        if user is not None and user.person_id:
            unit_id = Role.objects.filter(user=user, kind=Role.Kind.ORG_STAFF).values_list("unit_id", flat=True).first()
            if unit_id is not None:
                directors[unit_id] = user
    taken = {s.person_id for s in seats} | set(
        User.objects.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    studios: list[Studio] = []
    with transaction.atomic():
        # the audit's hash reads the moment as stored (UTC): the story's clock gives UTC too
        set_up = timezone.make_aware(dt.datetime.combine(began, dt.time(9))).astimezone(dt.UTC)
        with clock.told_by(lambda: set_up):
            for community in communities:
                studio = actions.do_save_studio(
                    acting_user=liaison,
                    name=f"{community.name}党代表工作室",
                    kind=Studio.Kind.COMMUNITY,
                    unit=community,
                    address=f"{community.name}党群服务中心二楼",
                    phone="0755-2522" + f"{len(studios) + 1:04d}",
                    hours="工作日 9:00–12:00，14:00–17:30",
                    about="社区党代表工作室按统一标准建设：专职主任、秘书和志愿者值守，进驻代表定期接访、走访。",
                )
                studios.append(studio)
                director = directors.get(community.pk)
                people = _people_of(community, taken, 4 if director is None else 3, rng)
                posts = ([] if director is not None else [Staff.Post.DIRECTOR]) + [
                    Staff.Post.SECRETARY,
                    Staff.Post.VOLUNTEER,
                    Staff.Post.VOLUNTEER,
                ]
                if director is not None:
                    actions.do_set_staff(
                        studio=studio, person=director.person, post=Staff.Post.DIRECTOR, acting_user=liaison
                    )
                for person, post in zip(people, posts, strict=False):
                    actions.do_set_staff(studio=studio, person=person, post=post, acting_user=liaison)
                members = [s for s in seats if s.person.unit_path.startswith(community.path)]
                for seat in members:
                    actions.do_attach_representative(studio=studio, seat=seat, acting_user=liaison)
                if not members:
                    continue
                actions.do_save_rule(
                    studio=studio,
                    acting_user=liaison,
                    kind=Rule.Kind.RECEPTION,
                    week=Rule.Week.EVERY,
                    weekday=rng.choice((1, 2, 3)),
                    starts=dt.time(9),
                    ends=dt.time(11, 30),
                    valid_from=began,
                    roster=members,
                    per_session=1 if len(members) < 4 else 2,
                )
                for seat in members:
                    actions.do_save_rule(
                        studio=studio,
                        acting_user=liaison,
                        kind=Rule.Kind.VISITING,
                        week=rng.randint(1, 4),
                        weekday=rng.randint(0, 5),
                        starts=dt.time(14, 30),
                        ends=dt.time(17),
                        valid_from=began,
                        place=f"{community.name}居民走访",
                        seat=seat,
                    )
            for sector, words in SECTORS:
                studio = actions.do_save_studio(
                    acting_user=liaison,
                    name=f"{words}党代表工作室",
                    kind=Studio.Kind.INDUSTRY,
                    sector=sector,
                    unit=district,
                    address=f"{district.name}{words}",
                    phone="0755-2533" + f"{len(studios) + 1:04d}",
                    hours="每月第二个星期四 9:00–12:00",
                )
                studios.append(studio)
                for person, post in zip(
                    _people_of(district, taken, 2, rng), (Staff.Post.DIRECTOR, Staff.Post.SECRETARY), strict=False
                ):
                    actions.do_set_staff(studio=studio, person=person, post=post, acting_user=liaison)
                members = sorted(rng.sample(seats, min(4, len(seats))), key=lambda s: s.person.id_number)
                for seat in members:
                    actions.do_attach_representative(studio=studio, seat=seat, acting_user=liaison)
                actions.do_save_rule(
                    studio=studio,
                    acting_user=liaison,
                    kind=Rule.Kind.RECEPTION,
                    week=Rule.Week.SECOND,
                    weekday=Rule.Weekday.THURSDAY,
                    starts=dt.time(9),
                    ends=dt.time(12),
                    valid_from=began,
                    roster=members,
                    per_session=2,
                )
            online = actions.do_save_studio(
                acting_user=liaison,
                name=f"{district.name}网上党代表工作室",
                kind=Studio.Kind.ONLINE,
                unit=district,
                about="选一位代表，在网上提出诉求，由这位代表跟进办理、回复。",
            )
            studios.append(online)
            for seat in seats:
                actions.do_attach_representative(studio=online, seat=seat, acting_user=liaison)
        for studio in studios:
            actions.do_generate_sessions(studio=studio, acting_user=None, start=began, end=today + actions.HORIZON)
        written = _the_year(rng, studios, now=now, persona=persona, persona_seat=persona_seat, began=began)
        record(
            actor="seed_demo",
            action=Action.STUDIOS_GENERATED,
            obj=district,
            changes={"seed": seed, "studios": len(studios), **written},
            reason="演示数据：党代表工作室一年的接待（确定性生成）",
        )
    return {"studios": len(studios), **written}


def _the_year(
    rng: random.Random,
    studios: list[Studio],
    *,
    now: dt.datetime,
    persona: Any,
    persona_seat: BodySeat | None,
    began: dt.date,
) -> dict[str, int]:
    """Check-ins and cancellations of the past sessions; the persona's requests linked to the
    sessions they were taken at; the persona's duty this week."""
    staff_user = {
        s.studio_id: s.person.user
        for s in Staff.objects.filter(studio__in=studios, post=Staff.Post.DIRECTOR, person__user__isnull=False)
        .select_related("person__user")
        .order_by("pk")
    }
    past = list(Session.objects.filter(studio__in=studios, ends_at__lt=now).order_by("starts_at", "pk"))
    cancelled = []
    for session in past:
        if rng.random() < CANCELLED:
            session.cancelled_at = session.starts_at - dt.timedelta(days=rng.randint(1, 3))
            session.cancel_reason = rng.choice(CANCEL_REASONS)
            cancelled.append(session)
    Session.objects.bulk_update(cancelled, ["cancelled_at", "cancel_reason"])
    gone = {s.pk for s in cancelled}
    on_duty = Duty.objects.filter(session__studio__in=studios).values("seat__person_id")
    users = dict(get_user_model().objects.filter(person_id__in=on_duty).values_list("person_id", "pk"))
    duties = list(
        Duty.objects.filter(session__in=[s for s in past if s.pk not in gone])
        .select_related("session", "seat")
        .order_by("session__starts_at", "pk")
    )
    checked = []
    for duty in duties:
        if rng.random() >= CHECKED_IN:
            continue
        by_staff = rng.random() < BY_STAFF and duty.session.studio_id in staff_user
        duty.checked_in_at = duty.session.starts_at + dt.timedelta(minutes=rng.randint(-25, 20))
        duty.checked_in_by_id = staff_user[duty.session.studio_id].pk if by_staff else users.get(duty.seat.person_id)
        duty.check_in_by = Duty.By.STAFF if by_staff else Duty.By.SELF
        if duty.checked_in_by_id is None:
            continue
        checked.append(duty)
    Duty.objects.bulk_update(checked, ["checked_in_at", "checked_in_by", "check_in_by"])
    linked = _persona_requests(rng, studios, now=now, persona=persona, seat=persona_seat, began=began)
    this_week = _persona_week(studios, now=now, seat=persona_seat)
    return {
        "sessions": Session.objects.filter(studio__in=studios).count(),
        "check_ins": len(checked),
        "cancelled": len(cancelled),
        "linked": linked,
        "this_week": this_week,
    }


def _home_studio(studios: list[Studio], seat: BodySeat | None) -> Studio | None:
    if seat is None:
        return None
    return next(
        (s for s in studios if s.kind == Studio.Kind.COMMUNITY and s.members.filter(seat=seat).exists()),
        None,
    )


def _persona_requests(
    rng: random.Random, studios: list[Studio], *, now: dt.datetime, persona: Any, seat: BodySeat | None, began: dt.date
) -> int:
    """The persona's requests of the year taken in person (channel 代表代录), each linked to the
    session it was taken at: a session of the persona's studio running then, else a household
    visit that day (a visiting session added for it, the persona on duty and checked in)."""
    studio = _home_studio(studios, seat)
    if studio is None or persona is None or seat is None:
        return 0
    cases = list(
        Case.objects.filter(
            representative=persona,
            channel=Case.Channel.REPRESENTATIVE,
            received_at__gte=timezone.make_aware(dt.datetime.combine(began, dt.time())),
            received_at__lt=now,
        ).order_by("received_at", "pk")
    )
    links = []
    for case in cases:
        at = case.received_at
        if not 7 <= timezone.localtime(at).hour < 22:  # taken at night (the demo's newest, told "now"): no session
            continue
        session = (
            Session.objects.filter(studio=studio, starts_at__lte=at, ends_at__gte=at, cancelled_at__isnull=True)
            .order_by("pk")
            .first()
        )
        if session is None:  # a household visit around the moment it was taken (requests come 07:00–21:59)
            start = at - dt.timedelta(minutes=rng.randint(20, 50))
            end = at + dt.timedelta(minutes=rng.randint(20, 40))
            session = Session.objects.create(
                studio=studio,
                kind=Rule.Kind.VISITING,
                day=timezone.localdate(at),
                starts_at=start,
                ends_at=end,
                place=f"{case.unit.name}入户走访",
                created_at=start - dt.timedelta(days=3),
            )
        duty, _made = Duty.objects.get_or_create(session=session, seat=seat)
        if duty.checked_in_at is None:
            duty.checked_in_at = session.starts_at + dt.timedelta(minutes=rng.randint(0, 10))
            duty.checked_in_by = persona
            duty.check_in_by = Duty.By.SELF
            duty.save(update_fields=["checked_in_at", "checked_in_by", "check_in_by"])
        links.append(SessionCase(session=session, case=case, seat=seat, taken_by=persona, taken_at=at))
    SessionCase.objects.bulk_create(links)
    return len(links)


def _persona_week(studios: list[Studio], *, now: dt.datetime, seat: BodySeat | None) -> int:
    """The persona on duty this week: a reception this afternoon and a household visit in two
    days (sessions added as the director would, not from a rule)."""
    studio = _home_studio(studios, seat)
    if studio is None or seat is None:
        return 0
    today = timezone.localdate(now)
    made = 0
    for day, kind, starts, ends, place in (
        (today, Rule.Kind.RECEPTION, dt.time(14), dt.time(17, 30), studio.address),
        (today + dt.timedelta(days=2), Rule.Kind.VISITING, dt.time(9), dt.time(11, 30), f"{studio.unit.name}入户走访"),
    ):
        session = Session.objects.create(
            studio=studio,
            kind=kind,
            day=day,
            starts_at=timezone.make_aware(dt.datetime.combine(day, starts)),
            ends_at=timezone.make_aware(dt.datetime.combine(day, ends)),
            place=place,
            created_at=now - dt.timedelta(days=7),
        )
        Duty.objects.create(session=session, seat=seat)
        made += 1
    return made
