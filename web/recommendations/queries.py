"""Reads of democratic recommendations and who may see or manage one (``web.org.queries`` is the
one policy place: an outsider gets 404, a reader who may not manage 403)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from web.common.numbers import is_ascii_digits
from web.meetings.models import Meeting
from web.org import queries as org_queries
from web.recommendations.models import Recommendation


def access_recommendation(user: Any, recommendation_id: int, *, manage: bool = False) -> Recommendation:
    rec = Recommendation.objects.filter(pk=recommendation_id).select_related("unit", "meeting", "follows").first()
    if rec is None:
        raise Http404
    org_queries.check_path(user, rec.unit_path, manage=manage)
    return rec


def visible(user: Any) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(org_queries.under_paths("unit_path", org_queries.viewable_paths(user)))


def search(rows: QuerySet[Recommendation], q: str) -> QuerySet[Recommendation]:
    if is_ascii_digits(q) and len(q) <= 9:
        return rows.filter(pk=int(q))
    return rows.filter(Q(title__contains=q) | Q(post__contains=q) | Q(unit__name__contains=q))


def meetings_for(user: Any) -> QuerySet[Meeting]:
    """Meetings the user may hold a recommendation in: in preparation or open, of a body of a
    unit they manage."""
    return (
        Meeting.objects.filter(org_queries.under_paths("body__unit__path", org_queries.managed_paths(user)))
        .exclude(state=Meeting.State.CLOSED)
        .select_related("body")
        .order_by("-starts_at", "-id")
    )


def published_for_unit(unit_path: str) -> QuerySet[Recommendation]:
    """Published recommendations of a unit or the units above it, for a gate or a candidate
    list to point at (a street's recommendation feeds a community's appointment)."""
    ancestors = [unit_path[:i] for i in range(1, len(unit_path) + 1) if unit_path[:i].endswith("/")] or [unit_path]
    return Recommendation.objects.filter(
        state=Recommendation.State.PUBLISHED, unit_path__in=[*ancestors, unit_path]
    ).order_by("-published_at", "-id")


def get_published(recommendation_id: Any) -> Recommendation:
    raw = str(recommendation_id)
    if not (is_ascii_digits(raw) and len(raw) < 12):
        raise Http404
    rec = (
        Recommendation.objects.filter(pk=int(raw), state=Recommendation.State.PUBLISHED).select_related("unit").first()
    )
    if rec is None:
        raise Http404
    return rec
