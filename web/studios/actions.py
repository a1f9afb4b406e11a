"""Writes of the studios: each one action in one transaction, checking the actor on the objects as
they are now (locked first) and writing one audit entry; a refusal is a ``StudioError`` with a
sentence in Chinese (English in the catalogue) and nothing written.

Sessions are generated from the rules for the coming weeks (``HORIZON``), one per rule and day
(a unique constraint, and the studio locked while they are made), so generating twice, or by the
job and a person at once, makes nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.models import Case
from web.common import clock
from web.common.numbers import is_ascii_digits
from web.org.models import BodySeat, Person, Unit
from web.org.queries import can_manage_path
from web.studios import access, calendar
from web.studios.errors import refuse
from web.studios.models import Duty, Member, RosterEntry, Rule, Session, SessionCase, Staff, Studio

#: how far ahead sessions are generated
HORIZON = dt.timedelta(weeks=8)
#: a check-in or a request is accepted from this long before a session starts
EARLY = dt.timedelta(minutes=60)
#: a representative checks in until this long after the session ends
SELF_GRACE = dt.timedelta(minutes=60)
#: the staff record a check-in or a request taken (from the paper sign-in sheet or register)
#: until this long after the session ends
STAFF_GRACE = dt.timedelta(days=7)

#: the kinds of unit each kind of studio sits on
UNIT_KINDS = {
    Studio.Kind.COMMUNITY: frozenset({Unit.Kind.COMMUNITY, Unit.Kind.VILLAGE}),
    Studio.Kind.INDUSTRY: frozenset(Unit.Kind.values),
    Studio.Kind.ONLINE: frozenset({Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.TOWNSHIP}),
}


def today() -> dt.date:
    return timezone.localdate(clock.now())


def _audit(actor: Any, action: Action, obj: Any, **changes: Any) -> None:
    record(actor=actor or "system", action=action, obj=obj, changes={k: [None, v] for k, v in changes.items()})


def _locked_studio(studio: Studio) -> Studio:
    found = Studio.objects.select_for_update().select_related("unit").filter(pk=studio.pk).first()
    if found is None:
        raise refuse(_("这个工作室已不存在。"), "no_studio", 404)
    return found


def _check_manages(user: Any, studio: Studio) -> None:
    if not access.manages(user, studio):
        raise refuse(_("只有工作室的主任、秘书或党代表联络工作人员可以这样做。"), "not_studio_manager", 403)


def _check_works(user: Any, studio: Studio) -> None:
    if not access.works(user, studio):
        raise refuse(_("您不是这个工作室的工作人员。"), "not_studio_staff", 403)


def _check_open(studio: Studio) -> None:
    if studio.closed_at is not None:
        raise refuse(_("这个工作室已撤销。"), "studio_closed", 409)


def _check_member(studio: Studio, seat: BodySeat) -> None:
    if not Member.objects.filter(studio=studio, seat=seat).exists():
        raise refuse(
            _("%(name)s 不是本工作室的进驻代表，请先让其进驻。") % {"name": seat.person.name}, "not_a_member", 422
        )


def _clean_phone(phone: str) -> str:
    """The studio's phone as written (a dash after the area code kept), spaces dropped."""
    cleaned = "".join(c for c in (phone or "") if c != " ").strip("-")
    digits = cleaned.replace("-", "")
    if cleaned and (not is_ascii_digits(digits) or not 7 <= len(digits) <= 20 or "--" in cleaned):
        raise refuse(_("工作室电话只能是 7 到 20 位数字（可带区号）。"), "bad_phone", 400)
    return cleaned


# ---- the studio --------------------------------------------------------------------------------


@transaction.atomic
def do_save_studio(
    *,
    acting_user: Actor,
    studio: Studio | None = None,
    name: str,
    kind: str = "",
    sector: str = "",
    unit: Unit | None = None,
    address: str = "",
    phone: str = "",
    hours: str = "",
    about: str = "",
) -> Studio:
    """Set a studio up (the liaison office over ``unit``), or change its name and public details
    (whoever runs it). Its kind, sector and unit are set once, when it is set up."""
    name = (name or "").strip()[:100]
    if not name:
        raise refuse(_("请填写工作室名称。"), "name_required", 400)
    details = {
        "address": (address or "").strip()[:200],
        "phone": _clean_phone(phone),
        "hours": (hours or "").strip()[:200],
        "about": (about or "").strip()[:2000],
    }
    if studio is not None:
        studio = _locked_studio(studio)
        _check_manages(acting_user, studio)
        _check_open(studio)
        changed = {k: v for k, v in {"name": name, **details}.items() if getattr(studio, k) != v}
        for key, value in changed.items():
            setattr(studio, key, value)
        studio.save()
        _audit(acting_user, Action.STUDIO_UPDATE, studio, **changed)
        return studio
    if kind not in Studio.Kind.values:
        raise refuse(_("请选择工作室类型。"), "bad_kind", 400)
    if unit is None:
        raise refuse(_("请选择工作室所在的单位。"), "unit_required", 400)
    if not can_manage_path(acting_user, unit.path):
        raise refuse(_("只有党代表联络工作人员可以在这里设立工作室。"), "not_liaison", 403)
    if unit.kind not in UNIT_KINDS[Studio.Kind(kind)]:
        raise refuse(
            _("社区工作室设在社区或村；网上工作室设在区或街道。")
            if kind != Studio.Kind.INDUSTRY
            else _("请选择工作室所在的单位。"),
            "bad_unit",
            422,
        )
    if kind == Studio.Kind.INDUSTRY and sector not in Studio.Sector.values:
        raise refuse(_("行业工作室要选择所属行业。"), "sector_required", 400)
    studio = Studio.objects.create(
        name=name,
        kind=kind,
        sector=sector if kind == Studio.Kind.INDUSTRY else "",
        unit=unit,
        created_at=clock.now(),
        **details,
    )
    _audit(acting_user, Action.STUDIO_CREATE, studio, kind=kind, sector=studio.sector, unit=unit.name)
    return studio


@transaction.atomic
def do_close_studio(*, studio: Studio, reason: str, acting_user: Actor) -> Studio:
    """撤销: the liaison office closes a studio, with the reason said on its page. Its reception
    days end today, and the sessions not yet begun are cancelled with the same reason; what it did
    (sessions held, check-ins, requests taken, points they earned) is kept as it was."""
    studio = _locked_studio(studio)
    if not access.is_liaison(acting_user, studio):
        raise refuse(_("只有党代表联络工作人员可以撤销工作室。"), "not_liaison", 403)
    _check_open(studio)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise refuse(_("撤销工作室要写明原因，工作室页面上会显示。"), "reason_required", 400)
    now = clock.now()
    today = timezone.localdate(now)
    ended = 0
    for rule in Rule.objects.select_for_update().filter(studio=studio):
        if rule.valid_until is None or rule.valid_until > today:
            rule.valid_until = max(today, rule.valid_from)
            rule.save(update_fields=["valid_until"])
            ended += 1
    later = Session.objects.filter(studio=studio, starts_at__gt=now, cancelled_at__isnull=True)
    cancelled = later.update(cancelled_at=now, cancel_reason=reason)
    studio.closed_at = now
    studio.close_reason = reason
    studio.save(update_fields=["closed_at", "close_reason"])
    _audit(acting_user, Action.STUDIO_CLOSE, studio, reason=reason, rules_ended=ended, sessions_cancelled=cancelled)
    return studio


# ---- staff and representatives --------------------------------------------------------------


def district_path(unit: Unit) -> str:
    """The path of the district above ``unit`` (or of its top unit)."""
    top = Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=Unit.Kind.DISTRICT).values_list("path", flat=True)
    return next(iter(top), "/" + unit.path.strip("/").split("/")[0] + "/")


@transaction.atomic
def do_set_staff(
    *, studio: Studio, person: Person, post: str, acting_user: Actor, since: dt.date | None = None
) -> Staff:
    """Give ``person`` a post in the studio (or change their post). The director is appointed by
    the liaison office; the secretary and volunteers by whoever runs the studio."""
    studio = _locked_studio(studio)
    _check_manages(acting_user, studio)
    _check_open(studio)
    if post not in Staff.Post.values:
        raise refuse(_("请选择职务。"), "bad_post", 400)
    if post == Staff.Post.DIRECTOR and not access.is_liaison(acting_user, studio):
        raise refuse(_("专职主任由党代表联络工作人员任命。"), "director_by_liaison", 403)
    if not person.unit_path.startswith(district_path(studio.unit)):
        raise refuse(_("工作室人员要从本区的人员名册中选择。"), "person_elsewhere", 422)
    current = Staff.objects.filter(studio=studio, person=person).first()
    if current is not None and current.post == Staff.Post.DIRECTOR and post != Staff.Post.DIRECTOR:
        if not access.is_liaison(acting_user, studio):
            raise refuse(_("专职主任由党代表联络工作人员任命。"), "director_by_liaison", 403)
    if post == Staff.Post.DIRECTOR:
        other = Staff.objects.filter(studio=studio, post=Staff.Post.DIRECTOR).exclude(person=person).first()
        if other is not None:
            raise refuse(
                _("工作室已有专职主任 %(name)s，请先改任或移出。") % {"name": other.person.name},
                "has_director",
                409,
            )
    before = current.post if current is not None else None
    if current is None:
        current = Staff.objects.create(studio=studio, person=person, post=post, since=since or today())
    else:
        current.post = post
        current.save(update_fields=["post"])
    record(
        actor=acting_user,
        action=Action.STUDIO_STAFF,
        obj=current,
        changes={"post": [before, post], "person": [None, person.name]},
    )
    return current


@transaction.atomic
def do_remove_staff(*, staff: Staff, acting_user: Actor) -> None:
    """Take a person's post away (the director only by the liaison office)."""
    studio = _locked_studio(staff.studio)
    current = Staff.objects.select_related("person").filter(pk=staff.pk, studio=studio).first()
    if current is None:
        raise refuse(_("此人已不在工作室。"), "no_staff", 404)
    _check_manages(acting_user, studio)
    if current.post == Staff.Post.DIRECTOR and not access.is_liaison(acting_user, studio):
        raise refuse(_("专职主任由党代表联络工作人员任命。"), "director_by_liaison", 403)
    record(
        actor=acting_user,
        action=Action.STUDIO_STAFF_REMOVE,
        obj=current,
        changes={"post": [current.post, None], "person": [current.person.name, None]},
    )
    current.delete()


@transaction.atomic
def do_attach_representative(
    *, studio: Studio, seat: BodySeat, acting_user: Actor, since: dt.date | None = None
) -> Member:
    """Attach a congress representative (their seat) to the studio."""
    studio = _locked_studio(studio)
    _check_manages(acting_user, studio)
    _check_open(studio)
    if seat.post != BodySeat.Post.REPRESENTATIVE or seat.body.kind != seat.body.Kind.CONGRESS:
        raise refuse(_("只有党代会代表可以进驻工作室。"), "not_representative", 422)
    if Member.objects.filter(studio=studio, seat=seat).exists():
        raise refuse(_("%(name)s 已进驻本工作室。") % {"name": seat.person.name}, "already_member", 409)
    member = Member.objects.create(studio=studio, seat=seat, since=since or today())
    _audit(acting_user, Action.STUDIO_ATTACH, member, representative=seat.person.name)
    return member


@transaction.atomic
def do_detach_representative(*, member: Member, acting_user: Actor) -> None:
    """A representative leaves the studio: taken off its rosters and its coming sessions they have
    not checked in at; refused while a rule of their own is in force."""
    studio = _locked_studio(member.studio)
    current = Member.objects.select_related("seat__person").filter(pk=member.pk, studio=studio).first()
    if current is None:
        raise refuse(_("这位代表已不在本工作室。"), "no_member", 404)
    _check_manages(acting_user, studio)
    day = today()
    own = Rule.objects.filter(studio=studio, seat=current.seat).exclude(valid_until__lt=day)
    if own.exists():
        raise refuse(
            _("%(name)s 还有本人的走访日或接访日安排，请先结束那项安排。") % {"name": current.seat.person.name},
            "has_own_rule",
            409,
        )
    RosterEntry.objects.filter(rule__studio=studio, seat=current.seat).delete()
    coming = Duty.objects.filter(
        session__studio=studio, seat=current.seat, session__starts_at__gt=clock.now(), checked_in_at__isnull=True
    )
    dropped = coming.count()
    coming.delete()
    record(
        actor=acting_user,
        action=Action.STUDIO_DETACH,
        obj=current,
        changes={"representative": [current.seat.person.name, None], "duties_dropped": [None, dropped]},
    )
    current.delete()


# ---- the calendar --------------------------------------------------------------------------


def _session_times(rule: Rule, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return calendar.at(day, rule.starts), calendar.at(day, rule.ends)


def _make_sessions(studio: Studio, start: dt.date, end: dt.date) -> int:
    """The missing sessions of the studio's rules from ``start`` to ``end``, with who is on duty;
    the studio is locked by the caller. Returns how many were made."""
    now = clock.now()
    made = 0
    rules = list(Rule.objects.filter(studio=studio).prefetch_related("roster"))
    existing = set(Session.objects.filter(rule__in=rules, day__gte=start, day__lte=end).values_list("rule_id", "day"))
    duties: list[Duty] = []
    for rule in rules:
        roster = [entry.seat_id for entry in rule.roster.all()]
        days = list(
            calendar.days_between(
                rule.week, rule.weekday, start, end, valid_from=rule.valid_from, valid_until=rule.valid_until
            )
        )
        if not days:
            continue
        n = calendar.occurrence(rule.week, rule.weekday, days[0], valid_from=rule.valid_from)
        for index, day in enumerate(days):
            if (rule.pk, day) in existing:
                continue
            starts_at, ends_at = _session_times(rule, day)
            session = Session.objects.create(
                studio=studio,
                rule=rule,
                kind=rule.kind,
                day=day,
                starts_at=starts_at,
                ends_at=ends_at,
                place=rule.place or studio.address,
                created_at=now,
            )
            seats = [rule.seat_id] if rule.seat_id else calendar.turn(roster, n + index, rule.per_session)
            duties += [Duty(session=session, seat_id=seat_id) for seat_id in seats]
            made += 1
    Duty.objects.bulk_create(duties)
    return made


def _drop_coming(rule: Rule) -> int:
    """The rule's sessions not yet begun with nobody checked in and no request taken: removed, so
    a changed rule is generated afresh."""
    coming = Session.objects.filter(rule=rule, starts_at__gt=clock.now(), cases__isnull=True).exclude(
        duties__checked_in_at__isnull=False
    )
    ids = list(coming.values_list("pk", flat=True))
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def do_save_rule(
    *,
    studio: Studio,
    acting_user: Actor,
    rule: Rule | None = None,
    kind: str,
    week: int,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    place: str = "",
    seat: BodySeat | None = None,
    roster: Sequence[BodySeat] = (),
    per_session: int = 0,
) -> Rule:
    """Add or change a recurring visiting or reception day: a representative's own (``seat``) or
    the studio's with its duty roster (``roster``, ``per_session`` of them in turn, 0 all). The
    coming sessions of a changed rule that nobody has checked in at are made afresh."""
    studio = _locked_studio(studio)
    _check_manages(acting_user, studio)
    _check_open(studio)
    if rule is not None and not Rule.objects.filter(pk=rule.pk, studio=studio).exists():
        raise refuse(_("这项安排不属于本工作室。"), "not_this_studio", 404)
    if kind not in Rule.Kind.values:
        raise refuse(_("请选择走访日或接访日。"), "bad_kind", 400)
    if week not in Rule.Week.values or weekday not in Rule.Weekday.values:
        raise refuse(_("请选择每周或每月的第几个星期几。"), "bad_day", 400)
    if not starts < ends:
        raise refuse(_("结束时间要晚于开始时间。"), "bad_times", 400)
    if valid_until is not None and valid_until < valid_from:
        raise refuse(_("截止日期不能早于起始日期。"), "bad_dates", 400)
    if seat is not None and roster:
        raise refuse(_("代表本人的安排不需要值班名单。"), "seat_and_roster", 400)
    if seat is None and not roster:
        raise refuse(_("请选择代表本人，或者为工作室的安排排出值班名单。"), "nobody", 400)
    if per_session < 0 or per_session > 20:
        raise refuse(_("每次值班人数在 0 到 20 之间（0 表示名单上的人都值班）。"), "bad_per_session", 400)
    for someone in [seat] if seat is not None else list(roster):
        _check_member(studio, someone)
    fields = {
        "kind": kind,
        "week": week,
        "weekday": weekday,
        "starts": starts,
        "ends": ends,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "place": (place or "").strip()[:200],
        "seat": seat,
        "per_session": per_session if seat is None else 0,
    }
    dropped = 0
    if rule is None:
        rule = Rule.objects.create(studio=studio, created_at=clock.now(), **fields)
    else:
        rule = Rule.objects.select_for_update().get(pk=rule.pk)
        for key, value in fields.items():
            setattr(rule, key, value)
        rule.save()
        rule.roster.all().delete()
        dropped = _drop_coming(rule)
    RosterEntry.objects.bulk_create(
        [RosterEntry(rule=rule, seat=someone, order=i) for i, someone in enumerate(roster if seat is None else [])]
    )
    day = today()
    made = _make_sessions(studio, day, day + HORIZON)
    record(
        actor=acting_user,
        action=Action.STUDIO_RULE,
        obj=rule,
        changes={
            "rule": [None, calendar.in_words(week, weekday, starts, ends)],
            "kind": [None, kind],
            "representative": [None, seat.person.name if seat is not None else None],
            "roster": [None, [s.person.name for s in roster]],
            "sessions_dropped": [None, dropped],
            "sessions_made": [None, made],
        },
    )
    return rule


@transaction.atomic
def do_generate_sessions(
    *, studio: Studio, acting_user: Actor | None, start: dt.date | None = None, end: dt.date | None = None
) -> int:
    """Make the missing sessions of the studio's rules from ``start`` (today) to ``end`` (the
    horizon): idempotent. By whoever runs the studio, or by the scheduler (``acting_user`` None).
    Writes its audit entry only when it made sessions; returns how many."""
    studio = _locked_studio(studio)
    if acting_user is not None:
        _check_manages(acting_user, studio)
    if studio.closed_at is not None:
        return 0
    day = today()
    start = start or day
    end = end or day + HORIZON
    if end < start:
        raise refuse(_("截止日期不能早于起始日期。"), "bad_dates", 400)
    if end - start > dt.timedelta(days=450):
        raise refuse(_("一次最多生成一年多的接待活动。"), "too_long", 400)
    made = _make_sessions(studio, start, end)
    if made:
        _audit(acting_user, Action.STUDIO_SESSIONS, studio, sessions=made, start=start, end=end)
    return made


@transaction.atomic
def do_add_session(
    *,
    studio: Studio,
    acting_user: Actor,
    kind: str,
    day: dt.date,
    starts: dt.time,
    ends: dt.time,
    place: str = "",
    seats: Sequence[BodySeat] = (),
) -> Session:
    """A session outside the rules (a visit to households, an extra reception day)."""
    studio = _locked_studio(studio)
    _check_manages(acting_user, studio)
    _check_open(studio)
    if kind not in Rule.Kind.values:
        raise refuse(_("请选择走访日或接访日。"), "bad_kind", 400)
    if not starts < ends:
        raise refuse(_("结束时间要晚于开始时间。"), "bad_times", 400)
    if not seats:
        raise refuse(_("请至少选择一位值班代表。"), "nobody", 400)
    for seat in seats:
        _check_member(studio, seat)
    starts_at, ends_at = calendar.at(day, starts), calendar.at(day, ends)
    if ends_at + STAFF_GRACE < clock.now():
        raise refuse(_("只能补记一周之内的接待活动。"), "too_late", 422)
    session = Session.objects.create(
        studio=studio,
        kind=kind,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip()[:200] or studio.address,
        created_at=clock.now(),
    )
    Duty.objects.bulk_create([Duty(session=session, seat=seat) for seat in dict.fromkeys(seats)])
    _audit(acting_user, Action.STUDIO_SESSION_ADD, session, day=day, representatives=[s.person.name for s in seats])
    return session


def _locked_session(session: Session) -> Session:
    found = Session.objects.select_for_update().select_related("studio__unit").filter(pk=session.pk).first()
    if found is None:
        raise refuse(_("这次接待活动已不存在。"), "no_session", 404)
    return found


@transaction.atomic
def do_cancel_session(*, session: Session, reason: str, acting_user: Actor) -> Session:
    """Cancel a session not yet over, nobody checked in and no request taken, with the reason
    (shown on the studio's page)."""
    session = _locked_session(session)
    _check_manages(acting_user, session.studio)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise refuse(_("取消接待活动要写明原因，公开栏上会显示。"), "reason_required", 400)
    if session.cancelled_at is not None:
        raise refuse(_("这次接待活动已经取消了。"), "already_cancelled", 409)
    if session.ends_at < clock.now():
        raise refuse(_("接待活动已经结束，不能取消。"), "over", 409)
    if session.duties.filter(checked_in_at__isnull=False).exists() or session.cases.exists():
        raise refuse(_("已有代表签到或受理了诉求，不能取消。"), "in_use", 409)
    session.cancelled_at = clock.now()
    session.cancel_reason = reason
    session.save(update_fields=["cancelled_at", "cancel_reason"])
    record(actor=acting_user, action=Action.STUDIO_SESSION_CANCEL, obj=session, reason=reason)
    return session


@transaction.atomic
def do_set_duty(*, session: Session, seat: BodySeat, on: bool, acting_user: Actor) -> Session:
    """Put a representative on a session's duty, or take them off it (not after they checked in
    or took a request there)."""
    session = _locked_session(session)
    _check_manages(acting_user, session.studio)
    if session.cancelled_at is not None:
        raise refuse(_("这次接待活动已经取消了。"), "cancelled", 409)
    if session.ends_at < clock.now():
        raise refuse(_("接待活动已经结束，不能再调整值班。"), "over", 409)
    duty = Duty.objects.filter(session=session, seat=seat).first()
    if on:
        _check_member(session.studio, seat)
        if duty is not None:
            raise refuse(_("%(name)s 已在值班名单上。") % {"name": seat.person.name}, "already_on_duty", 409)
        Duty.objects.create(session=session, seat=seat)
    else:
        if duty is None:
            raise refuse(_("%(name)s 不在值班名单上。") % {"name": seat.person.name}, "not_on_duty", 409)
        if duty.checked_in_at is not None or SessionCase.objects.filter(session=session, seat=seat).exists():
            raise refuse(_("%(name)s 已签到或受理了诉求，不能移出。") % {"name": seat.person.name}, "in_use", 409)
        duty.delete()
    record(
        actor=acting_user,
        action=Action.STUDIO_DUTY,
        obj=session,
        changes={"representative": [None, seat.person.name] if on else [seat.person.name, None]},
    )
    return session


# ---- at a session: check-in and requests -----------------------------------------------------


def _check_window(session: Session, *, own: bool, what: str) -> None:
    now = clock.now()
    if session.cancelled_at is not None:
        raise refuse(_("这次接待活动已经取消了。"), "cancelled", 409)
    if now < session.starts_at - EARLY:
        raise refuse(_("接待活动还没开始：%(what)s从开始前一小时起可以办理。") % {"what": what}, "too_early", 409)
    if now > session.ends_at + (SELF_GRACE if own else STAFF_GRACE):
        raise refuse(
            _("接待活动结束一小时后，代表本人不能再%(what)s，请工作室工作人员补记。") % {"what": what}
            if own
            else _("接待活动结束已超过一周，不能再补记。"),
            "too_late",
            409,
        )


@transaction.atomic
def do_check_in(*, duty: Duty, acting_user: Actor) -> Duty:
    """Check a representative in at a session: the representative themself (from an hour before
    it starts to an hour after it ends) or the studio's staff (until a week after, from the paper
    sign-in sheet). A representative checks in only themself."""
    current = Duty.objects.select_for_update().select_related("seat__person").filter(pk=duty.pk).first()
    if current is None:
        raise refuse(_("这位代表已不在值班名单上。"), "no_duty", 404)
    session = _locked_session(current.session)
    own = access.person_id(acting_user) == current.seat.person_id
    if not own and not access.works(acting_user, session.studio):
        raise refuse(_("代表只能本人签到；为别人签到要由工作室工作人员办理。"), "not_yours", 403)
    _check_window(session, own=own, what=_("签到"))
    if current.checked_in_at is not None:
        raise refuse(_("%(name)s 已经签到了。") % {"name": current.seat.person.name}, "already_checked_in", 409)
    current.checked_in_at = clock.now()
    current.checked_in_by = acting_user
    current.check_in_by = Duty.By.SELF if own else Duty.By.STAFF
    current.save(update_fields=["checked_in_at", "checked_in_by", "check_in_by"])
    record(
        actor=acting_user,
        action=Action.STUDIO_CHECK_IN,
        obj=current,
        changes={"representative": [None, current.seat.person.name], "by": [None, current.check_in_by]},
    )
    return current


def check_may_take(user: Any, session: Session, seat: BodySeat | None) -> None:
    """Whether ``user`` may enter a request at ``session`` received by ``seat``: the session is
    open for it, the seat is on duty, and the user is that representative or the studio's staff."""
    if seat is None:
        raise refuse(_("请选择接待的值班代表。"), "seat_required", 400)
    own = access.person_id(user) == seat.person_id
    if not own and not access.works(user, session.studio):
        raise refuse(_("代表只能登记本人接待的诉求；工作室工作人员可以代为登记。"), "not_yours", 403)
    _check_window(session, own=False, what=_("登记诉求"))
    if not Duty.objects.filter(session=session, seat=seat).exists():
        raise refuse(_("%(name)s 不在这次接待的值班名单上。") % {"name": seat.person.name}, "not_on_duty", 422)


def do_take_at_session(
    *, session: Session, seat: BodySeat | None, acting_user: Actor, **taking: Any
) -> tuple[Case, str]:
    """Take a request at a session (``web.cases.intake.actions.do_take_request`` with ``taking``,
    channel ``representative``, linked to the representative on duty) and link it to the session,
    in one transaction: a refusal of either leaves no case, no link and no photo. Returns the case
    and its tracking code (shown once)."""
    from web.cases.intake.actions import do_take_request

    photos: list[Any] = []
    try:
        with transaction.atomic():
            session = _locked_session(session)
            check_may_take(acting_user, session, seat)
            assert seat is not None
            user = getattr(seat.person, "user", None) if seat.person_id else None
            case, code = do_take_request(
                channel=Case.Channel.REPRESENTATIVE, acting_user=acting_user, representative=user, **taking
            )
            photos = list(case.photos.all())
            link = SessionCase.objects.create(
                session=session, case=case, seat=seat, taken_by=acting_user, taken_at=clock.now()
            )
            record(
                actor=acting_user,
                action=Action.STUDIO_TAKE,
                obj=link,
                changes={"case": [None, case.pk], "representative": [None, seat.person.name]},
            )
    except BaseException:
        for photo in photos:  # the files kept with a case that was rolled back
            photo.file.delete(save=False)
        raise
    return case, code
