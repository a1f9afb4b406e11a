"""The public board of proposals (/board/proposals/, readable without an account): every proposal
sent for review, with its state, the acceptance decision and its reason, the delegations'
discussions, the congress's vote, the units handling it, the answers and the proposer's ratings.
A proposal still collecting seconds is its proposer's draft and is not shown."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from web.common.listing import Filter, by_state, listing
from web.common.numbers import is_ascii_digits
from web.proposals.models import Answer, Proposal, Season, Theme

PUBLIC_STATES = sorted(Proposal.PUBLIC)


def public_rows() -> QuerySet[Proposal]:
    return Proposal.objects.filter(state__in=PUBLIC_STATES)


def _search(rows: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    if is_ascii_digits(q) and len(q) <= 6:
        return rows.filter(number=int(q))
    return rows.filter(Q(title__contains=q) | Q(proposer__person__name=q))


def _themes() -> list[tuple[str, str]]:
    names = Theme.objects.filter(season__in=Season.objects.order_by("-year")[:3]).values_list("name", flat=True)
    return [(n, n) for n in sorted(set(names))]


def _seasons() -> list[tuple[str, str]]:
    return [(str(pk), title) for pk, title in Season.objects.order_by("-year", "-id").values_list("pk", "title")[:10]]


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    rows = (
        public_rows()
        .select_related("theme", "proposer__person", "office", "season")
        .only(
            "pk", "number", "title", "state", "review_reason", "rating", "reopened", "filed_at", "season__title",
            "season__year", "theme__name", "proposer__person__name", "office__name",
        )
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.only("proposal_id", "round", "text", "rating")))
        .order_by("-season__year", "-season_id", "number")
    )  # fmt: skip
    shown = listing(
        request,
        rows,
        search=_search,
        filters=[
            Filter("season", _("调研季"), lambda r, v: r.filter(season_id=int(v)), choices=_seasons()),
            Filter("state", _("状态"), by_state, choices=[(s, Proposal.State(s).label) for s in PUBLIC_STATES]),
            Filter("theme", _("主题"), lambda r, v: r.filter(theme__name=v), choices=_themes()),
        ],
        placeholder=_("编号、案由或提案人"),
        per_page=20,
    )
    return render(request, "proposals/board/index.html", {"listing": shown})


def _public(proposal_id: int) -> Proposal:
    return get_object_or_404(
        public_rows().select_related("season", "theme", "proposer__person", "office", "merged_into", "poll"),
        pk=proposal_id,
    )


def vote_counts(p: Proposal) -> dict[str, Any] | None:
    """The congress's vote in words' numbers (the engine's counts and status), once counted."""
    poll = p.poll
    if poll is None or not poll.result:
        return None
    counts = poll.result.get("counts") or {}
    return {"yes": counts.get("yes", 0), "no": counts.get("no", 0), "abstain": counts.get("abstain", 0)}


@require_GET
def proposal(request: HttpRequest, proposal_id: int) -> HttpResponse:
    p = _public(proposal_id)
    return render(
        request,
        "proposals/board/proposal.html",
        {
            "p": p,
            "signers": [
                s.seat.person.name for s in p.signatures.filter(state="confirmed").select_related("seat__person")
            ],
            "discussions": list(p.discussions.select_related("delegation")),
            "assists": list(p.assists.select_related("office")),
            "answers": list(p.answers.all()),
            "merged": list(p.merged.only("id", "number", "title")),
            "vote": vote_counts(p),
        },
    )


@require_GET
def document(request: HttpRequest, proposal_id: int, round: int) -> FileResponse:
    p = _public(proposal_id)
    answer = get_object_or_404(Answer, proposal=p, round=round)
    if not answer.document:
        raise Http404
    return FileResponse(answer.document.open("rb"), as_attachment=True, filename=answer.document_name or "answer")
