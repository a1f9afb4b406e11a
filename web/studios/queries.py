"""Reads of the studios for the pages, the director's desk and the homes, each in a fixed number of
queries whatever the number of sessions (the session lists read by ``session_studio_time``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from web.cases.models import Case
from web.org.models import BodySeat
from web.studios import calendar
from web.studios.models import Duty, Member, Rule, Session, SessionCase, Staff, Studio


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of ``day``'s week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def seat_choices(studio: Studio) -> list[tuple[str, str]]:
    """The studio's representatives as choices (by seat), by name."""
    rows = Member.objects.filter(studio=studio).select_related("seat__person").order_by("seat__person__name", "pk")
    return [(str(m.seat_id), m.seat.person.name) for m in rows]


def rule_rows(studio: Studio) -> list[dict[str, Any]]:
    rows = []
    for rule in (
        Rule.objects.filter(studio=studio).select_related("seat__person").prefetch_related("roster__seat__person")
    ):
        rows.append(
            {
                "rule": rule,
                "words": calendar.in_words(rule.week, rule.weekday, rule.starts, rule.ends),
                "who": gettext("、").join(
                    [rule.seat.person.name] if rule.seat else [e.seat.person.name for e in rule.roster.all()]
                ),
            }
        )
    return rows


@dataclass
class SessionRow:
    session: Session
    duties: list[Duty] = field(default_factory=list)
    taken: int = 0

    @property
    def checked_in(self) -> int:
        return sum(1 for d in self.duties if d.checked_in_at)

    @property
    def names(self) -> str:
        return gettext("、").join(d.seat.person.name for d in self.duties)

    @property
    def missing(self) -> list[Duty]:
        return [d for d in self.duties if not d.checked_in_at]


def session_rows(sessions: Any) -> list[SessionRow]:
    """The sessions (a page, a slice) with who is on duty and how many requests were taken: three
    queries in all."""
    page = list(sessions)
    duties: dict[int, list[Duty]] = {}
    for duty in Duty.objects.filter(session__in=page).select_related("seat__person").order_by("session_id", "pk"):
        duties.setdefault(duty.session_id, []).append(duty)
    taken = dict(
        SessionCase.objects.filter(session__in=page)
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    return [SessionRow(s, duties.get(s.pk, []), taken.get(s.pk, 0)) for s in page]


def sessions_between(studios: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[Session]:
    return (
        Session.objects.filter(studio__in=studios, starts_at__gte=start, starts_at__lt=end)
        .select_related("studio")
        .order_by("starts_at", "pk")
    )


def taken_at(session: Session) -> list[SessionCase]:
    return list(
        SessionCase.objects.filter(session=session)
        .select_related("case__entry", "seat__person")
        .order_by("taken_at", "pk")
    )


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


# ---- the public page -------------------------------------------------------------------------


def recent_work(studio: Studio, now: dt.datetime, *, days: int = 365) -> dict[str, Any]:
    """What the studio did in the last ``days``: receptions held (sessions over, not cancelled),
    with how many representatives checked in, and the requests taken at them by state. Counts
    only: the requests are shown by category and state, never a name or what was said."""
    since = now - dt.timedelta(days=days)
    held = Session.objects.filter(studio=studio, cancelled_at__isnull=True, starts_at__gte=since, starts_at__lt=now)
    by_kind = dict(held.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    checked_in = Duty.objects.filter(session__in=held, checked_in_at__isnull=False).count()
    cases = SessionCase.objects.filter(session__studio=studio, taken_at__gte=since)
    states = dict(cases.values("case__state").annotate(n=Count("pk")).values_list("case__state", "n"))
    closed = states.get(Case.State.CLOSED, 0)
    total = sum(states.values())
    return {
        "days": days,
        "receptions": by_kind.get(Rule.Kind.RECEPTION, 0),
        "visits": by_kind.get(Rule.Kind.VISITING, 0),
        "checked_in": checked_in,
        "taken": total,
        "closed": closed,
        "open": total - closed - states.get(Case.State.MERGED, 0),
    }


def public_cases(studio: Studio, *, limit: int = 10) -> list[SessionCase]:
    """The latest requests taken at the studio's sessions, for the board: category, state, dates."""
    return list(
        SessionCase.objects.filter(session__studio=studio)
        .select_related("case__entry", "session")
        .only(
            "pk", "taken_at", "session__day", "session__kind", "case__id", "case__state", "case__received_at",
            "case__finished_at", "case__entry__name",
        )
        .order_by("-taken_at", "-pk")[:limit]
    )  # fmt: skip


def members_rows(studio: Studio) -> QuerySet[Member]:
    return (
        Member.objects.filter(studio=studio)
        .select_related("seat__person__user", "seat__body")
        .order_by("seat__person__name", "pk")
    )


def members(studio: Studio) -> list[Member]:
    return list(members_rows(studio))


def public_phones(rows: list[Member]) -> dict[int, str]:
    """The phone each representative chose to publish on their profile (``web.reps``), by seat;
    none is shown otherwise."""
    from web.reps.models import Profile

    found = Profile.objects.filter(seat_id__in=[m.seat_id for m in rows]).exclude(public_phone="")
    return dict(found.values_list("seat_id", "public_phone"))


def staff(studio: Studio) -> list[Staff]:
    order = {post: i for i, post in enumerate(Staff.Post.values)}
    rows = list(Staff.objects.filter(studio=studio).select_related("person"))
    return sorted(rows, key=lambda s: (order[s.post], s.person.name))


# ---- the director's desk and the representative's duty ------------------------------------------


def studios_run_by(user: Any) -> list[Studio]:
    """The studios where the user is director or secretary."""
    pid = getattr(user, "person_id", None)
    if pid is None:
        return []
    return list(
        Studio.objects.filter(staff__person_id=pid, staff__post__in=sorted(Staff.MANAGING), closed_at__isnull=True)
        .distinct()
        .order_by("name", "pk")
    )


def missing_check_ins(studios: Any, now: dt.datetime, *, days: int = 30) -> QuerySet[Duty]:
    """Representatives on duty at a session that ended within ``days`` (not cancelled) who have
    not checked in: the staff may still record them for a week."""
    return (
        Duty.objects.filter(
            session__studio__in=studios,
            session__cancelled_at__isnull=True,
            session__ends_at__lt=now,
            session__ends_at__gte=now - dt.timedelta(days=days),
            checked_in_at__isnull=True,
        )
        .select_related("session__studio", "seat__person")
        .order_by("-session__starts_at", "pk")
    )


def cases_taken(studios: Any, *, open_only: bool = False) -> QuerySet[SessionCase]:
    rows = SessionCase.objects.filter(session__studio__in=studios)
    if open_only:
        rows = rows.filter(case__state__in=sorted(Case.OPEN))
    return rows.select_related("case__entry", "session__studio", "seat__person").order_by("-taken_at", "-pk")


def idle_members(studios: Any, today: dt.date) -> list[Member]:
    """The studios' representatives with no session (on duty, not cancelled) in this month."""
    first, last = month_of(today)
    busy = Duty.objects.filter(
        session__studio__in=studios, session__day__gte=first, session__day__lte=last, session__cancelled_at__isnull=True
    ).values("seat_id")
    return list(
        Member.objects.filter(studio__in=studios)
        .exclude(seat_id__in=busy)
        .select_related("seat__person", "studio")
        .order_by("studio__name", "seat__person__name")
    )


def duties_of(seats: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[Duty]:
    """The duties of ``seats`` at sessions starting from ``start`` to before ``end``."""
    return (
        Duty.objects.filter(seat__in=seats, session__starts_at__gte=start, session__starts_at__lt=end)
        .select_related("session__studio", "seat__person")
        .order_by("session__starts_at", "pk")
    )


def seat_ids_of(user: Any) -> list[int]:
    from web.studios.access import representative_seats

    return list(representative_seats(user).values_list("pk", flat=True))


def seats_named(q: str, *, exclude: Any = (), limit: int = 20) -> list[BodySeat]:
    """Congress representatives whose name holds ``q``, for choosing one to attach."""
    from web.studios.access import congress_seats

    if not q.strip():
        return []
    return list(
        congress_seats()
        .filter(person__name__contains=q.strip())
        .exclude(pk__in=exclude)
        .order_by("person__name")[:limit]
    )
