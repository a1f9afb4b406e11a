"""Reads and access checks for commitments: the unit of the year decides who sees them.

An owner may also open their own commitment and post its progress, even without a staff
role in the unit (DOMAIN.md §4.5: owners post progress every quarter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jiceng.appraisal import SCALES
from web.commitments import periods
from web.commitments.models import Commitment, CommitmentYear, Reminder, Survey
from web.common import clock
from web.meetings.models import Meeting
from web.org.models import Person, Unit
from web.org.queries import check_path

#: the units that make commitments: villages and communities
COMMITTING_KINDS = (Unit.Kind.VILLAGE, Unit.Kind.COMMUNITY)


def today() -> dt.date:
    return timezone.localdate(clock.now())


def access_year(user: Any, year_id: int, *, manage: bool = False) -> CommitmentYear:
    year = CommitmentYear.objects.filter(pk=year_id).select_related("unit__parent").first()
    if year is None:
        raise Http404
    check_path(user, year.unit.path, manage=manage)
    return year


def is_owner(user: Any, commitment: Commitment) -> bool:
    person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    return person_id is not None and person_id == commitment.owner_id


def access_commitment(user: Any, commitment_id: int, *, manage: bool = False) -> Commitment:
    """The commitment if ``user`` sees it; with ``manage``, if they may post to it (staff who
    manage the unit, or the owner)."""
    commitment = Commitment.objects.filter(pk=commitment_id).select_related("year__unit__parent", "owner").first()
    if commitment is None:
        raise Http404
    if not is_owner(user, commitment):
        check_path(user, commitment.year.unit.path, manage=manage)
    return commitment


def people_of(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit_path__startswith=unit.path).order_by("name", "id")


def grids_of(unit: Unit) -> QuerySet[Unit]:
    return unit.children.filter(kind=Unit.Kind.GRID).order_by("code")


def meetings_of(unit: Unit) -> QuerySet[Meeting]:
    """Meetings of the unit's bodies: where the year's commitments may be adopted and reviewed."""
    return Meeting.objects.filter(body__unit=unit).select_related("body").order_by("-starts_at", "-id")


def reminders_for(user: Any) -> QuerySet[Reminder]:
    """The reminders of the items ``user``'s person owns, open and resolved, newest first."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Reminder.objects.none()
    return (
        Reminder.objects.filter(commitment__owner_id=person_id)
        .select_related("commitment__year__unit")
        .order_by("-created_at", "-id")
    )


def open_reminders_for(user: Any) -> QuerySet[Reminder]:
    """The reminders still asking ``user`` for something (their cause is not done)."""
    return reminders_for(user).filter(resolved_at__isnull=True)


def public_years(unit: Unit) -> QuerySet[CommitmentYear]:
    """Years whose commitments were adopted: what the public board shows, newest first."""
    return (
        CommitmentYear.objects.filter(unit=unit)
        .exclude(state=CommitmentYear.State.COLLECTING)
        .select_related("adopted_meeting", "review_meeting")
        .order_by("-year")
    )


def commitment_rows(year: CommitmentYear, today: dt.date) -> list[dict[str, Any]]:
    """Each commitment with its state today, its progress by quarter and the latest percent."""
    return rows_of(year.commitments.select_related("owner").prefetch_related("progress"), today)


def rows_of(commitments: Iterable[Commitment], today: dt.date) -> list[dict[str, Any]]:
    """The rows of ``commitment_rows`` for commitments read already (owner and progress with them).

    A quarter may hold two reports (its quarterly report, then the completion); the latest
    report gives the percent."""
    rows = []
    for c in commitments:
        reports = sorted(c.progress.all(), key=lambda p: (p.at, p.pk))
        latest = reports[-1] if reports else None
        rows.append(
            {
                "c": c,
                "state": c.state_on(today),
                "state_label": c.state_label(today),
                "quarters": [(q, [p for p in reports if p.quarter == q]) for q in (1, 2, 3, 4)],
                "history": sorted(reports, key=lambda p: (p.quarter, p.at, p.pk)),
                "percent": latest.percent if latest else 0,
            }
        )
    return rows


def default_quarter(year: CommitmentYear, today: dt.date) -> int:
    """The quarter a progress report is most likely for: today's, in the year's own year; the
    last one once that year is over (an overdue item finished in January belongs to its year)."""
    if today.year > year.year:
        return 4
    if today.year < year.year:
        return 1
    return periods.quarter_of(today)


def reported_quarters(commitment: Commitment) -> set[int]:
    """The quarters whose quarterly report (under 100%) is in."""
    return set(commitment.progress.filter(percent__lt=100).values_list("quarter", flat=True))


def survey_rows(survey: Survey) -> list[dict[str, Any]]:
    """Per subject of the engine's result: counts, the satisfaction rate, 满意 alone, the flag."""
    rows = []
    for s in survey.result.get("subjects", []):
        summary = {item["label_en"]: item for item in s.get("summary", [])}
        rows.append(
            {
                "id": s["id"],
                "name": s["name"],
                "base": s["base"],
                "grade_counts": [s["counts"][g] for g in SCALES["satisfaction"]],
                "rate": (summary.get("satisfaction rate") or {}).get("rate"),
                "satisfied": (summary.get("satisfied alone") or {}).get("rate"),
                "flagged": bool(s.get("flags")),
            }
        )
    return rows


def barred_people(survey: Survey) -> list[Person]:
    """The secretary and the director when the committees' rate is under 60% (seed 001): shown as a
    flag for the organisation; nothing is applied automatically."""
    ids = barred_ids(survey)
    return list(Person.objects.filter(pk__in=ids).order_by("name")) if ids else []


def barred_ids(survey: Survey) -> list[int]:
    """The ids of the people ``barred_people`` names (none unless the committees' flag is raised)."""
    if not survey.committees_below_60:
        return []
    return [s["person_id"] for s in survey.subjects if s.get("post") in ("secretary", "director")]


def public_survey(code: str, year: int) -> Survey | None:
    return (
        Survey.objects.filter(year__unit__code=code, year__unit__kind__in=COMMITTING_KINDS, year__year=year)
        .select_related("year__unit")
        .first()
    )
