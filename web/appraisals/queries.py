"""Reads of appraisal sessions and who may see them.

A session lives in its organising unit: whoever may read that unit's roster (``Role.VIEWING``
there or above) reads the session, its result and its open record, whether the session is
public or internal; whoever manages the unit acts on it. The board shows only public sessions
once published (``web.appraisals.public``). Raters never need the session page: they answer on
``/vote/`` with their code like any ballot."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.appraisals.models import Review, Session
from web.common.numbers import is_ascii_digits
from web.meetings.models import Meeting
from web.org.models import Body, Unit
from web.org.queries import can_manage_path, check_path, managed_paths, under_paths, viewable_paths


def sessions_for(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(under_paths("unit_path", viewable_paths(user))).select_related("unit", "poll")


def access_session(user: Any, session_id: int, *, manage: bool = False) -> Session:
    session = Session.objects.select_related("unit", "poll", "meeting__body").filter(pk=session_id).first()
    if session is None:
        raise Http404
    check_path(user, session.unit_path, manage=manage)
    return session


def access_review(user: Any, review_id: int) -> Review:
    review = Review.objects.select_related("session", "subject").filter(pk=review_id).first()
    if review is None:
        raise Http404
    check_path(user, review.unit_path, manage=True)
    return review


def manages(user: Any, session: Session) -> bool:
    return can_manage_path(user, session.unit_path)


def search(rows: QuerySet[Session], q: str) -> QuerySet[Session]:
    if is_ascii_digits(q) and len(q) == 4:
        return rows.filter(year=int(q))
    return rows.filter(Q(title__contains=q) | Q(unit__name__contains=q) | Q(subjects__name=q)).distinct()


def units_to_organise(user: Any) -> QuerySet[Unit]:
    """Where the user may set up a session: the units they manage, down to villages and communities."""
    return (
        Unit.objects.filter(under_paths("path", managed_paths(user)))
        .exclude(kind__in=(Unit.Kind.GRID, Unit.Kind.BUILDING))
        .order_by("path")
    )


def meetings_to_hold(unit: Unit) -> QuerySet[Meeting]:
    """The meetings of the unit's (and its subunits') bodies not yet ended: where a session may be held."""
    return (
        Meeting.objects.filter(body__unit__path__startswith=unit.path)
        .exclude(state=Meeting.State.CLOSED)
        .select_related("body")
        .order_by("-starts_at")
    )


def bodies_of(unit: Unit) -> QuerySet[Body]:
    return Body.objects.filter(unit__path__startswith=unit.path).select_related("unit").order_by("unit__path", "id")


def reviews_of(session: Session) -> list[Review]:
    return list(session.reviews.select_related("subject").order_by("subject__key", "id"))


def result_sentences(session: Session) -> dict[tuple[str, str], str]:
    """The engine's sentence for each flag raised, in the page's language: (subject, flag) → words."""
    from django.utils.translation import get_language

    english = (get_language() or "").startswith("en")
    result = session.poll.result or {}
    said = {(c["subject"], c["flag"]): c["en" if english else "zh"] for c in result.get("checks") or [] if c["passed"]}
    bottom = result.get("bottom") or {}
    if bottom:  # a ranking's bottom and its tie: the engine's one sentence for them all
        sentence = bottom["en" if english else "zh"]
        said |= {(sid, "bottom"): sentence for sid in bottom["subjects"]}
        said |= {(sid, "bottom_tie"): sentence for sid in (bottom.get("tie") or {}).get("subjects", [])}
    return said


def other_year(session: Session) -> QuerySet[Session]:
    """Sessions of the same unit in the year before and after: the two-year rule reads across them."""
    return Session.objects.filter(unit_id=session.unit_id, year__in=(session.year - 1, session.year + 1)).exclude(
        pk=session.pk
    )
