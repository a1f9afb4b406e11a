"""Reads of proposals for the pages, apart from the views: access (404 for what the person may not
read), the lists, the near-duplicate suggestions and the choices of the forms."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from web.cases.models import Office
from web.common.listing import Filter, Listing, by_state, listing
from web.common.numbers import is_ascii_digits
from web.meetings.models import Meeting
from web.org.models import Body, BodySeat
from web.proposals import access, similar
from web.proposals.models import Proposal, Season, Signature
from web.reps.queries import representatives_everywhere

S = Proposal.State


def access_season(user: Any, season_id: int) -> Season:
    season = get_object_or_404(Season.objects.select_related("body__unit"), pk=season_id)
    if not access.may_read_season(user, season):
        raise Http404
    return season


def access_proposal(user: Any, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "season__body__unit", "theme", "proposer__person", "delegation", "office", "merged_into", "poll", "meeting"
        ),
        pk=proposal_id,
    )
    if not access.may_read(user, proposal):
        raise Http404
    return proposal


def congresses_managed(user: Any) -> QuerySet[Body]:
    paths = access.liaison_paths(user)
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(unit__path__startswith=p)
    return Body.objects.filter(kind=Body.Kind.CONGRESS).filter(q).select_related("unit").order_by("unit__path", "id")


def seasons_for(user: Any) -> list[Season]:
    """The seasons of the congresses the person sits on or does liaison work for, newest first
    (a congress holds one a year: few rows)."""
    rows = Season.objects.select_related("body").order_by("-year", "-id")[:40]
    return [s for s in rows if access.may_read_season(user, s)]


def _search(rows: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    if is_ascii_digits(q) and len(q) <= 6:
        return rows.filter(number=int(q))
    return rows.filter(Q(title__contains=q) | Q(proposer__person__name=q))


def proposal_list(request: Any, rows: QuerySet[Proposal], *, themes: list[tuple[str, str]], states: Any) -> Listing:
    """A page of proposals: searched by number, title or proposer, filtered by state and theme."""
    return listing(
        request,
        rows,
        search=_search,
        filters=[
            Filter("state", _("状态"), by_state, choices=states),
            *([Filter("theme", _("主题"), lambda r, v: r.filter(theme__name=v), choices=themes)] if themes else []),
        ],
        placeholder=_("编号、案由或提案人"),
    )


def rows_of(season: Season | None, user: Any) -> QuerySet[Proposal]:
    rows = access.readable(user)
    if season is not None:
        rows = rows.filter(season=season)
    return rows.select_related("season", "theme", "proposer__person", "office").order_by("-season__year", "number")


def similar_to(season: Season, text: str, *, exclude: int | None = None) -> list[similar.Alike]:
    """The proposals of the season most alike to ``text`` (not merged, not the one being edited)."""
    rows = Proposal.objects.filter(season=season).exclude(state=S.MERGED).select_related("proposer__person")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    candidates = [(p, f"{p.title}\n{p.situation}\n{p.request}") for p in rows.order_by("number")]
    return similar.most_alike(text, candidates)


def representatives_of(body_id: int, *, but: int | None = None) -> QuerySet[BodySeat]:
    rows = representatives_everywhere().filter(body_id=body_id)
    if but is not None:
        rows = rows.exclude(pk=but)
    return rows.order_by("person__name", "id")


def signatures(proposal: Proposal) -> list[Signature]:
    return list(proposal.signatures.select_related("seat__person").order_by("id"))


def offices_for(season: Season) -> QuerySet[Office]:
    """The units a proposal may be assigned to: the district's departments and the streets."""
    return Office.objects.filter(unit_path__startswith=season.unit_path, level__gte=Office.Level.STREET).order_by(
        "-level", "unit__path", "duty"
    )


def open_meetings(season: Season) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body_id=season.body_id).exclude(state=Meeting.State.CLOSED).order_by("-starts_at")


def to_vote(season: Season) -> QuerySet[Proposal]:
    """The accepted proposals of the season that a delegation discussed: ready for the congress."""
    return (
        Proposal.objects.filter(season=season, state=S.ACCEPTED, discussions__isnull=False)
        .distinct()
        .order_by("number")
    )
