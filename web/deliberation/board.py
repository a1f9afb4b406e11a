"""The deliberation part of a unit's public board: matters being deliberated and where they
stand, decisions with their posting window, implementation results and finances, each vote
with its open record. Read in a fixed number of queries whatever the number of matters."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from web.common import clock
from web.deliberation import steps as st
from web.deliberation.models import Disclosure, Matter, MatterStep, StepEvent
from web.org.models import Unit


def _steps_with_votes(prefix: str = "") -> Prefetch:
    """A matter's steps in chain order, each with its passed or failed events whose poll is
    published (the poll joined), as ``board_votes``."""
    votes = (
        StepEvent.objects.filter(
            kind__in=(StepEvent.Kind.PASSED, StepEvent.Kind.FAILED),
            poll__isnull=False,
            poll__published_at__isnull=False,
        )
        .select_related("poll")
        .order_by("id")
    )
    return Prefetch(
        f"{prefix}steps",
        queryset=MatterStep.objects.order_by("position").prefetch_related(
            Prefetch("events", queryset=votes, to_attr="board_votes")
        ),
        to_attr="board_steps",
    )


def _published_polls(matter: Matter) -> list[dict[str, Any]]:
    """The matter's passed or failed votes that are on the board, in chain order."""
    return [{"name": st.step_name(step), "poll": e.poll} for step in _board_steps(matter) for e in _board_votes(step)]


def _board_steps(matter: Matter) -> list[MatterStep]:
    """The steps :func:`_steps_with_votes` put on the matter (django-stubs cannot follow a
    ``Prefetch`` with ``to_attr``: the one reason for the ignores here and below)."""
    return matter.board_steps  # type: ignore[attr-defined]  # Prefetch(to_attr="board_steps")


def _board_votes(step: MatterStep) -> list[StepEvent]:
    """A board step's published votes, as :func:`_steps_with_votes` put them on it."""
    return step.board_votes  # type: ignore[attr-defined]  # Prefetch(to_attr="board_votes")


def _open_matters(unit: Unit) -> list[dict[str, Any]]:
    matters = unit.matters.filter(state=Matter.State.IN_PROGRESS).prefetch_related(_steps_with_votes())
    items = []
    for m in matters:
        current = next((s for s in _board_steps(m) if s.state == MatterStep.State.ACTIVE), None)
        items.append(
            {
                "matter": m,
                "step_name": st.step_name(current) if current else "",
                "polls": _published_polls(m),
                "steps": [(st.step_name(s), s.state_label) for s in _board_steps(m)],
            }
        )
    return items


def _disclosures(unit: Unit, kind: str) -> QuerySet[Disclosure]:
    return unit.disclosures.filter(kind=kind).select_related("matter")


def deliberation(unit: Unit) -> dict[str, Any]:
    """What the board shows of the unit's deliberation (see ``templates/portal/_deliberation.html``)."""
    today = clock.now().date()
    decisions = _disclosures(unit, Disclosure.Kind.DECISION).prefetch_related(_steps_with_votes("matter__"))
    return {
        "open": _open_matters(unit),
        "decisions": [
            {
                "d": d,
                "current": d.until is None or d.until >= today,
                "polls": _published_polls(d.matter) if d.matter else [],
            }
            for d in decisions
        ],
        "results": list(_disclosures(unit, Disclosure.Kind.IMPLEMENTATION)),
        "finances": list(_disclosures(unit, Disclosure.Kind.FINANCE)),
    }
