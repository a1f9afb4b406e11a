"""Who the party congress's representatives are (docs/reps.md).

A representative is a seat: a ``BodySeat`` with the post REPRESENTATIVE on a ``Body`` of kind
CONGRESS (the district's party congress, on the district unit). Every app that speaks of a
representative refers to that seat; a representative who signs in is a user whose person holds
it. These three reads are the way the other apps find them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from web.cases.models import Case, CaseEvent
from web.org.models import Body, BodySeat, Unit
from web.reps.models import Answer, Field, Link, SeatField

#: the kinds of unit a representative is linked to (seed 004: 村（居）委会)
LINKED_KINDS = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY)


def congress_of(unit: Unit) -> Body | None:
    """The party congress whose area holds ``unit``: the congress on the unit itself or on the
    nearest unit above it (a community's is its district's); None when there is none."""
    ids = unit.ancestor_ids() or [unit.pk]
    bodies = list(Body.objects.filter(kind=Body.Kind.CONGRESS, unit_id__in=ids).select_related("unit"))
    return max(bodies, key=lambda b: (b.unit.depth, b.pk), default=None)


def seats_of_user(user: Any) -> QuerySet[BodySeat]:
    """The congress seats held by the person linked to ``user`` (none without a linked person)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return BodySeat.objects.none()
    return representatives_everywhere().filter(person_id=person_id)


def seats_held(user: Any) -> list[BodySeat]:
    """``seats_of_user`` read once per request: every home source and page asking "is this person
    a representative?" shares the one read (kept on the user object, which lives one request)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "person_id", None):
        return []
    cached = getattr(user, "_jiceng_congress_seats", None)
    if cached is None:
        cached = list(seats_of_user(user))
        user._jiceng_congress_seats = cached
    return list(cached)


def representatives(body: Body) -> QuerySet[BodySeat]:
    """The representatives seated on the congress ``body``, with their people and units."""
    return representatives_everywhere().filter(body=body)


def representatives_everywhere() -> QuerySet[BodySeat]:
    """Every representative's seat on any congress, with the person, their unit and the body."""
    return (
        BodySeat.objects.filter(body__kind=Body.Kind.CONGRESS, post=BodySeat.Post.REPRESENTATIVE)
        .select_related("person__unit", "body__unit")
        .order_by("body_id", "id")
    )


# ---- training ------------------------------------------------------------------------------------

#: seed 003: every representative trained at least once in two years
TRAINING_YEARS = 2


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


@dataclass(frozen=True)
class Trained:
    """A representative's training as of a day: the last session attended (None: never), when the
    next is due (two years after it, or after the seat began), and whether it is flagged (never
    trained, or the last one more than two years ago)."""

    last: dt.date | None
    due: dt.date | None
    flagged: bool

    @property
    def never(self) -> bool:
        return self.last is None


def trained(last: dt.date | None, since: dt.date | None, today: dt.date) -> Trained:
    base = last or since
    due = years_after(base, TRAINING_YEARS) if base is not None else None
    late = last is not None and last < years_before(today, TRAINING_YEARS)
    return Trained(last=last, due=due, flagged=last is None or late)


def with_last_training(seats: QuerySet[BodySeat]) -> QuerySet[BodySeat]:
    """``seats`` with ``last_trained``: the day of the last training each attended (None: never)."""
    return seats.annotate(last_trained=Max("rep_trainings__training__held_on"))


def training_flagged(seats: QuerySet[BodySeat], today: dt.date) -> QuerySet[BodySeat]:
    """Of ``seats``, those flagged for training as of ``today`` (``with_last_training`` first)."""
    return seats.filter(Q(last_trained__isnull=True) | Q(last_trained__lt=years_before(today, TRAINING_YEARS)))


# ---- links and coverage ---------------------------------------------------------------------------


def open_links() -> QuerySet[Link]:
    return Link.objects.filter(until__isnull=True)


def linked_seats() -> QuerySet[Link, Any]:
    return open_links().values("seat_id")


def unlinked(seats: QuerySet[BodySeat]) -> QuerySet[BodySeat]:
    """Of ``seats``, those linked to no village or community now."""
    return seats.exclude(pk__in=linked_seats())


def living_under(seats: QuerySet[BodySeat], path: str) -> QuerySet[BodySeat]:
    return seats.filter(person__unit_path__startswith=path)


def linked_units(path: str) -> QuerySet[Unit]:
    """The villages and communities under ``path``."""
    return Unit.objects.filter(path__startswith=path, kind__in=LINKED_KINDS)


def uncovered(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Of ``units``, those no representative is linked to now."""
    return units.exclude(pk__in=open_links().values("unit_id"))


@dataclass
class Cover:
    """A village's or community's representatives now: how many are linked, and how many of them
    are flagged for training."""

    linked: int = 0
    untrained: int = 0


def cover_of(path: str, today: dt.date) -> dict[int, Cover]:
    """Per village or community under ``path`` (by unit id), its linked representatives and how
    many of them are flagged for training: two queries whatever the number."""
    links = list(open_links().filter(unit_path__startswith=path).values_list("unit_id", "seat_id"))
    seats = {s for _u, s in links}
    flagged = set(
        training_flagged(with_last_training(BodySeat.objects.filter(pk__in=seats)), today).values_list("pk", flat=True)
    )
    found: dict[int, Cover] = {}
    for unit_id, seat_id in links:
        cover = found.setdefault(unit_id, Cover())
        cover.linked += 1
        cover.untrained += seat_id in flagged
    return found


# ---- the pages' reads -----------------------------------------------------------------------------


def directory(body: Body) -> QuerySet[BodySeat]:
    """The congress's representatives for a list: each with their fields, their links now (with the
    units) and the day of their last training, by name; a page costs four queries."""
    return (
        with_last_training(representatives(body))
        .prefetch_related(
            Prefetch("rep_fields", queryset=SeatField.objects.order_by("field"), to_attr="fields_now"),
            Prefetch("rep_links", queryset=open_links().select_related("unit").order_by("since"), to_attr="links_now"),
        )
        .order_by("person__name", "id")
    )


def field_names(seat: BodySeat) -> list[str]:
    return [str(Field(f.field).label) for f in getattr(seat, "fields_now", [])]


def referrals_to(user: Any) -> QuerySet[Case]:
    """The requests referred to ``user`` and still theirs: their last ``referred`` event was made by
    someone else (``last_referral`` names it, ``answered`` says whether they answered it)."""
    last = CaseEvent.objects.filter(case=OuterRef("pk"), kind=CaseEvent.Kind.REFERRED).order_by("-id")
    return (
        Case.objects.filter(representative=user)
        .annotate(last_referral=Subquery(last.values("pk")[:1]), referred_by=Subquery(last.values("by_id")[:1]))
        .filter(last_referral__isnull=False)
        .exclude(referred_by=user.pk)
        .annotate(answered=Exists(Answer.objects.filter(event_id=OuterRef("last_referral"))))
    )


def suggestions(case: Case, fields: list[str], *, exclude_user: Any) -> QuerySet[BodySeat]:
    """The representatives of the congress over the request's place whose fields match, who have an
    account to be referred to (not ``exclude_user``): those linked to the request's village or
    community first."""
    congress = congress_of(case.unit)
    if congress is None or not fields:
        return BodySeat.objects.none()
    community = Unit.objects.filter(pk__in=case.unit.ancestor_ids(), kind__in=LINKED_KINDS).first()
    here = Link.objects.filter(seat=OuterRef("pk"), until__isnull=True, unit=community)
    return (
        directory(congress)
        .filter(rep_fields__field__in=fields, person__user__is_active=True)
        .exclude(person__user=exclude_user)
        .annotate(linked_here=Exists(here))
        .distinct()
        .order_by("-linked_here", "person__name", "id")
    )


def referral_counts(user: Any) -> tuple[int, int]:
    """How many requests were referred to ``user`` and are still theirs, and how many of those they
    answered (whether a representative answers is the measure of answering)."""
    rows = referrals_to(user)
    return rows.count(), rows.filter(Q(answered=True)).count()


def waiting_referrals(user: Any) -> QuerySet[Case]:
    """The requests referred to ``user`` that they have not answered yet, the newest first."""
    return referrals_to(user).filter(Q(answered=False)).order_by("-received_at", "-id")


def add_homes(seats: list[BodySeat], congress: Body) -> None:
    """Set ``home`` on each seat: the village or community its person lives in (their unit when it
    lies in none), read in one query for the congress's area."""
    areas = list(linked_units(congress.unit.path).only("pk", "name", "path", "kind"))
    for seat in seats:
        path = seat.person.unit_path
        seat.home = next((a for a in areas if path.startswith(a.path)), seat.person.unit)  # type: ignore[attr-defined]
