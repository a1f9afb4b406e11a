"""The elections part of a unit's public board: each election's public notice and formal
candidate list, read in a fixed number of queries whatever the number of elections."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from web.elections import queries
from web.elections.kinds import notice as notice_kind
from web.elections.models import Nomination, Stage
from web.elections.report import NominationReport, report_of
from web.org.models import Unit


def elections(unit: Unit) -> list[dict[str, Any]]:
    """Per public election, newest first: the started notice stage (if any) with its end, the
    eligible nominations (listed while the notice runs) and the formal list by primary votes."""
    rows = queries.public_elections(unit).prefetch_related(
        Prefetch(
            "stages",
            queryset=Stage.objects.filter(kind="notice", started_at__isnull=False).order_by("position"),
            to_attr="board_notices",
        ),
        Prefetch(
            "nominations",
            queryset=Nomination.objects.filter(status=Nomination.Status.ELIGIBLE)
            .select_related("person")
            .order_by("id"),
            to_attr="board_listed",
        ),
        Prefetch(
            "stages",
            queryset=Stage.objects.filter(kind="election").only("election_id", "settings"),
            to_attr="board_election_stages",
        ),
        Prefetch(
            "nominations",
            queryset=Nomination.objects.filter(formal=True).select_related("person").order_by("-primary_votes", "id"),
            to_attr="board_formal",
        ),
    )
    items = []
    for election in rows:
        notice = election.board_notices[0] if election.board_notices else None
        items.append(
            {
                "election": election,
                "notice": notice,
                "notice_ends": notice_kind.notice_ends(notice) if notice else None,
                "listed": election.board_listed,
                "report": _report(election) if notice else None,
                "formal": election.board_formal,
            }
        )
    return items


def _report(election: Any) -> NominationReport | None:
    """The pre-list's margin and channels (``web.elections.report``), from what was prefetched."""
    if not election.board_listed:
        return None
    by_channel: dict[str, int] = {}
    for n in election.board_listed:
        by_channel[n.channel] = by_channel.get(n.channel, 0) + 1
    seats = sum(
        int(p.get("seats", 0)) for stage in election.board_election_stages for p in stage.settings.get("posts", [])
    )
    return report_of(by_channel, seats, reviewed=True)
