"""The unit's public board shows each election's public notice and formal candidate list."""

from __future__ import annotations

from typing import Any

from django import template

from web.elections import queries, stages
from web.elections.models import Nomination

register = template.Library()


@register.simple_tag
def public_elections(unit: Any) -> list[dict[str, Any]]:
    items = []
    for election in queries.public_elections(unit):
        notice = election.stages.filter(kind="notice", started_at__isnull=False).first()
        items.append(
            {
                "election": election,
                "notice": notice,
                "notice_ends": stages.notice_ends(notice) if notice else None,
                "listed": election.nominations.filter(status=Nomination.Status.ELIGIBLE).select_related("person"),
                "formal": election.nominations.filter(formal=True).select_related("person").order_by("-primary_votes"),
            }
        )
    return items
