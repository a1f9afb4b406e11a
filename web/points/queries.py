"""Reads of the points ledger: a representative's quarter (points by type, the three ones still
to do), their ledger, the evidence they may still record, what waits for liaison staff in their
area, and the published tables. Each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from web.cases.models import Case
from web.common import clock
from web.meetings.models import Attendee
from web.org.models import BodySeat
from web.org.queries import under_paths
from web.points import access, periods
from web.points.models import Claim, Decision, Entry, Objection, Project, Publication, SelfProject
from web.studios.models import Duty


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int
    by_type: dict[str, int]
    total: int
    year_total: int
    #: the required items (``Project.Item``) not done this year, with their names
    outstanding: list[tuple[str, str]]


def today() -> dt.date:
    return timezone.localdate(clock.now())


def quarter_of(seat: BodySeat, day: dt.date | None = None) -> Quarter:
    """Two queries: the year's net points by quarter and type, and by required item."""
    day = day or today()
    year, quarter = day.year, periods.quarter_of(day)
    rows = (
        Entry.objects.filter(seat=seat, year=year)
        .values("quarter", "project__type")
        .annotate(n=Sum("points"))
        .order_by()
    )
    by_type = dict.fromkeys(Project.Type.values, 0)
    year_total = 0
    for r in rows:
        year_total += r["n"]
        if r["quarter"] == quarter:
            by_type[r["project__type"]] += r["n"]
    done = {
        r["project__item"]
        for r in Entry.objects.filter(seat=seat, year=year)
        .exclude(project__item="")
        .values("project__item")
        .annotate(n=Sum("points"))
        .order_by()
        if r["n"] > 0
    }
    outstanding = [(item.value, str(item.label)) for item in Project.Item if item.value not in done]
    return Quarter(year, quarter, by_type, sum(by_type.values()), year_total, outstanding)


def ledger(seat: BodySeat) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(seat=seat)
        .select_related(
            "project",
            "standard",
            "reverses",
            "self_project",
            "reversed_by",
            "duty__session__studio",
            "attendee__meeting",
        )
        .order_by("-year", "-quarter", "-happened_on", "-id")
    )


def open_cases(seat: BodySeat) -> QuerySet[Case]:
    """Solved, closed requests linked to the representative and not counted yet."""
    counted = Entry.objects.filter(seat=seat, case__isnull=False, reversed_by__isnull=True).values("case_id")
    # the person's accounts read first, so the cases are read by their representative index
    users = list(get_user_model().objects.filter(person_id=seat.person_id).values_list("pk", flat=True))
    return (
        Case.objects.filter(
            representative_id__in=users, state=Case.State.CLOSED, solved=True, finished_at__isnull=False
        )
        .exclude(pk__in=counted)
        .select_related("entry")
        .order_by("-finished_at")
    )


def open_attendances(seat: BodySeat) -> QuerySet[Attendee]:
    counted = Entry.objects.filter(seat=seat, attendee__isnull=False, reversed_by__isnull=True).values("attendee_id")
    return (
        Attendee.objects.filter(person_id=seat.person_id, checked_in_at__isnull=False)
        .exclude(pk__in=counted)
        .select_related("meeting")
        .order_by("-checked_in_at")
    )


def open_receptions(seat: BodySeat) -> QuerySet[Duty]:
    """The representative's studio reception check-ins not counted yet."""
    counted = Entry.objects.filter(seat=seat, duty__isnull=False, reversed_by__isnull=True).values("duty_id")
    return (
        Duty.objects.filter(seat=seat, checked_in_at__isnull=False, session__cancelled_at__isnull=True)
        .exclude(pk__in=counted)
        .select_related("session__studio")
        .order_by("-checked_in_at")
    )


def seat_for(user: Any, seat_id: int) -> BodySeat:
    """A representative's seat as ``user`` may read it: their own, or one in their area (404
    otherwise: its existence is not revealed)."""
    seat = access.representative_seats(pk=seat_id).first()
    if seat is None or not (access.is_own(user, seat) or access.manages_seat(user, seat)):
        raise Http404
    return seat


def _in_area(user: Any, field: str) -> Q:
    return under_paths(field, access.liaison_paths(user))


def pending_claims(user: Any) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(_in_area(user, "seat__person__unit_path"), state=Decision.PENDING)
        .select_related("seat__person", "project")
        .order_by("claimed_at", "id")
    )


def pending_self_projects(user: Any) -> QuerySet[SelfProject]:
    return (
        SelfProject.objects.filter(_in_area(user, "seat__person__unit_path"), state=Decision.PENDING)
        .select_related("seat__person")
        .order_by("proposed_at", "id")
    )


def pending_objections(user: Any) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(_in_area(user, "entry__seat__person__unit_path"), state=Objection.State.PENDING)
        .select_related("entry__seat__person", "entry__project", "publication")
        .order_by("filed_at", "id")
    )


def publications(congress_id: int | None = None) -> QuerySet[Publication]:
    """The latest revision of each published period, newest first (without the records)."""
    rows = Publication.objects.defer("record", "result").select_related("congress", "standard")
    if congress_id is not None:
        rows = rows.filter(congress_id=congress_id)
    latest: dict[tuple[int, int, int], Publication] = {}
    for p in rows.order_by("congress_id", "-year", "-quarter", "-revision"):
        latest.setdefault((p.congress_id, p.year, p.quarter), p)
    return rows.filter(pk__in=[p.pk for p in latest.values()]).order_by("-year", "-quarter", "congress_id")


def table_rows(publication: Publication) -> list[dict[str, Any]]:
    """The published table: one row per representative, from the engine's result."""
    rows = []
    for rep in publication.result["representatives"]:
        figures = rep.get("quarter") or rep["year"]
        rows.append({**rep, "figures": figures, "year_total": rep["year"]["total"]})
    return rows


def objections_of(publication: Publication) -> QuerySet[Objection]:
    """The objections to entries of the published period, answered or not."""
    rows = Objection.objects.filter(
        entry__seat__body_id=publication.congress_id, entry__year=publication.year
    ).select_related("entry__seat__person", "entry__project")
    if publication.quarter:
        rows = rows.filter(entry__quarter=publication.quarter)
    return rows.order_by("filed_at", "id")
