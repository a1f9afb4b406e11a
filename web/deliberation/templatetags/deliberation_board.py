"""The unit's public board: matters being deliberated and where they stand, decisions with
their posting window, implementation results and finances, with each vote's open record."""

from __future__ import annotations

from typing import Any

from django import template

from web.common import clock
from web.deliberation import queries
from web.deliberation import steps as st
from web.deliberation.models import Disclosure, Matter

register = template.Library()


def _published_polls(matter: Matter) -> list[Any]:
    """The matter's passed or failed votes that are on the board, in chain order."""
    polls = []
    for step in matter.steps.all():
        for event in step.events.all():
            if event.poll_id and event.kind in ("passed", "failed") and event.poll.published_at:
                polls.append({"name": st.step_name(step), "poll": event.poll})
    return polls


@register.simple_tag
def deliberation_board(unit: Any) -> dict[str, Any]:
    today = clock.now().date()
    open_matters = []
    for m in queries.public_matters(unit):
        step = m.current_step
        open_matters.append(
            {
                "matter": m,
                "step_name": st.step_name(step) if step else "",
                "polls": _published_polls(m),
                "steps": [(st.step_name(s), s.state_label) for s in m.steps.all()],
            }
        )
    decisions = [
        {
            "d": d,
            "current": d.until is None or d.until >= today,
            "polls": _published_polls(d.matter) if d.matter else [],
        }
        for d in queries.public_disclosures(unit, Disclosure.Kind.DECISION)
    ]
    return {
        "open": open_matters,
        "decisions": decisions,
        "results": list(queries.public_disclosures(unit, Disclosure.Kind.IMPLEMENTATION)),
        "finances": list(queries.public_disclosures(unit, Disclosure.Kind.FINANCE)[:12]),
    }
