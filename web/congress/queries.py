"""Reads of the congress's work reports and inquiries: a meeting's agenda, a representative's
inquiries, the written answers the liaison office owes, and what the board publishes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from web.common.numbers import ascii_int
from web.congress.models import Inquiry, WorkReport
from web.meetings.models import Meeting
from web.org.models import Body
from web.org.queries import managed_paths, under_paths


def agenda(meeting: Meeting) -> list[WorkReport]:
    return list(meeting.work_reports.select_related("poll").order_by("position", "id"))


def inquiries_of(meeting: Meeting) -> QuerySet[Inquiry]:
    return meeting.inquiries.select_related("seat__person").order_by("-filed_at", "-id")


def own_inquiries(user: Any) -> QuerySet[Inquiry]:
    """The inquiries filed on the user's own seats (any term), newest first."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Inquiry.objects.none()
    return (
        Inquiry.objects.filter(seat__person_id=person_id)
        .select_related("meeting", "seat__person")
        .order_by("-filed_at", "-id")
    )


def owed_by(user: Any) -> QuerySet[Inquiry]:
    """The inquiries waiting for a written answer in the congresses whose unit the user manages
    (the liaison office), the earliest deadline first."""
    paths = managed_paths(user)
    if not paths:
        return Inquiry.objects.none()
    return (
        Inquiry.objects.filter(under_paths("meeting__body__unit__path", paths), state__in=sorted(Inquiry.WAITING))
        .select_related("meeting", "seat__person")
        .order_by("answer_by", "id")
    )


def search(rows: QuerySet[Inquiry], q: str) -> QuerySet[Inquiry]:
    condition = Q(text__contains=q) | Q(to_name__contains=q) | Q(seat__person__name__contains=q)
    number = ascii_int(q)
    if number is not None:
        condition |= Q(pk=number)
    return rows.filter(condition)


def congress_meetings() -> QuerySet[Meeting]:
    """Every congress meeting that has an agenda or inquiries, newest first: what the board lists."""
    return (
        Meeting.objects.filter(body__kind=Body.Kind.CONGRESS)
        .filter(Q(work_reports__isnull=False) | Q(inquiries__isnull=False))
        .distinct()
        .select_related("body__unit")
        .order_by("-starts_at", "-id")
    )
